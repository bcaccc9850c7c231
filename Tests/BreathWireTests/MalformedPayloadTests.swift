import BreathWire
import Testing

/// Payloads a known type cannot hold throw ``MessageDecodingError`` and never trap (PROTOCOL.md 4).
@Suite struct MalformedPayloadTests {
    static let knownEntries = MessageCatalog.entries.filter { $0.knownType != nil }

    static func decode(type: UInt8, _ payload: some Collection<UInt8>) throws(MessageDecodingError) -> Message {
        try Message(frame: Frame(type: type, sequence: 0, payload: Array(payload)))
    }

    @Test(arguments: knownEntries)
    func everyShorterPayloadIsMalformed(_ entry: CatalogEntry) {
        let payload = entry.message.encodedPayload()
        // Every byte of the encoding belongs to a field, so any shorter payload lacks one.
        let decodedLengths = (0..<payload.count).filter { length in
            (try? Self.decode(type: entry.message.typeCode, payload.prefix(length))) != nil
        }
        #expect(decodedLengths.isEmpty, "decoded although cut to \(decodedLengths.prefix(10)) bytes")
    }

    @Test(arguments: [MessageType.getInfo, .getStatus])
    func typesWithoutFieldsAcceptAnyPayload(type: MessageType) throws {
        let expected: Message = type == .getInfo ? .getInfo : .getStatus
        #expect(try Self.decode(type: type.rawValue, []) == expected)
        #expect(try Self.decode(type: type.rawValue, [1, 2, 3]) == expected)
        #expect(expected.encodedPayload().isEmpty)
    }

    // MARK: Invalid UTF-8

    /// A `str` field, and how to build a message whose field holds some text.
    struct TextField: Sendable, CustomTestStringConvertible {
        var type: MessageType
        var field: String
        var make: @Sendable (String) -> Message

        var testDescription: String { "\(type.specName).\(field)" }
    }

    static let textFields: [TextField] = {
        func info(_ edit: @escaping @Sendable (inout DeviceInfo, String) -> Void) -> @Sendable (String) -> Message {
            { text in
                var info = DeviceInfo(
                    requestSequence: 1, serial: "S", hardwareVersion: "H", firmwareVersion: "F", protocolMajor: 1,
                    protocolMinor: 0, capabilities: [], calibrationID: "C", minSamplePeriodMicros: 1,
                    maxSamplePeriodMicros: 2)
                edit(&info, text)
                return .deviceInfo(info)
            }
        }
        return [
            TextField(type: .uploadMethod, field: "method_id") { text in
                var method = RunMethod.breathScreenV1
                method.methodID = text
                return .uploadMethod(method)
            },
            TextField(type: .nack, field: "detail") { text in
                .nack(Nack(requestSequence: 1, requestType: 3, code: .invalidMethod, detail: text))
            },
            TextField(type: .deviceInfo, field: "serial", make: info { $0.serial = $1 }),
            TextField(type: .deviceInfo, field: "hardware_version", make: info { $0.hardwareVersion = $1 }),
            TextField(type: .deviceInfo, field: "firmware_version", make: info { $0.firmwareVersion = $1 }),
            TextField(type: .deviceInfo, field: "calibration_id", make: info { $0.calibrationID = $1 }),
            TextField(type: .fault, field: "message") { text in
                .fault(Fault(code: .heaterFailure, severity: .error, runID: nil, runTimeMillis: 5, message: text))
            },
        ]
    }()

    static let invalidUTF8: [[UInt8]] = [
        [0xC3, 0x28],  // bad continuation byte
        [0x80],  // lone continuation byte
        [0xFF],  // never valid
        [0xC0, 0x80],  // overlong NUL
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0x61, 0xE2, 0x82],  // cut-off 3-byte character
        [0x61, 0x62, 0xF0, 0x9F, 0x98],  // cut-off 4-byte character
    ]

    @Test func everyTextFieldIsCovered() {
        // Every `str` field of PROTOCOL.md section 4.
        #expect(Set(Self.textFields.map(\.testDescription)) == [
            "UPLOAD_METHOD.method_id", "NACK.detail", "DEVICE_INFO.serial", "DEVICE_INFO.hardware_version",
            "DEVICE_INFO.firmware_version", "DEVICE_INFO.calibration_id", "FAULT.message",
        ])
    }

    @Test(arguments: textFields, invalidUTF8)
    func invalidUTF8InAStrIsMalformed(field: TextField, invalid: [UInt8]) throws {
        // Encode with a marker of the same length in the field, then swap the marker's bytes.
        let marker = String(repeating: "~", count: invalid.count)
        let valid = field.make(marker).encodedPayload()
        let pattern = [UInt8(invalid.count)] + Array(marker.utf8)
        let range = try #require(valid.firstRange(of: pattern))
        #expect(valid[range.upperBound...].firstRange(of: pattern) == nil, "marker is not unique")
        var payload = valid
        payload.replaceSubrange(range.lowerBound + 1..<range.upperBound, with: invalid)

        #expect(try Self.decode(type: field.type.rawValue, valid) == field.make(marker))
        do {
            let message = try Self.decode(type: field.type.rawValue, payload)
            Issue.record("decoded \(message)")
        } catch {
            #expect(error.field == field.field)
        }
    }

    // MARK: SAMPLE_BLOCK rules (4.8)

    static func blockPayload(mask: UInt8, count: UInt16, sampleBytes: Int) -> [UInt8] {
        var writer = ByteWriter()
        writer.u32(10)
        writer.u32(10_000)
        writer.u8(mask)
        writer.u16(count)
        writer.raw((0..<sampleBytes).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) })
        return writer.bytes
    }

    @Test(arguments: [1, 3, 5, 7] as [UInt8])
    func sampleBlockWithCountZeroIsMalformed(mask: UInt8) {
        for extra in [0, 4, 12] {
            #expect(throws: MessageDecodingError.self, "\(extra) extra bytes") {
                _ = try Self.decode(type: 0x86, Self.blockPayload(mask: mask, count: 0, sampleBytes: extra))
            }
        }
    }

    @Test(arguments: [0x00, 0x02, 0x04, 0x06] as [UInt8])
    func sampleBlockWithoutDetectorBitIsMalformed(mask: UInt8) {
        // Enough bytes for 2 samples of any channel count.
        #expect(throws: MessageDecodingError.self) {
            _ = try Self.decode(type: 0x86, Self.blockPayload(mask: mask, count: 2, sampleBytes: 2 * 8 * 4))
        }
    }

    @Test(arguments: 3..<8, [1, 7] as [UInt8])
    func sampleBlockWithReservedMaskBitIsMalformed(bit: Int, base: UInt8) {
        let mask = base | UInt8(1 << bit)
        #expect(throws: MessageDecodingError.self, "mask 0x\(String(mask, radix: 16))") {
            _ = try Self.decode(type: 0x86, Self.blockPayload(mask: mask, count: 2, sampleBytes: 2 * 8 * 4))
        }
    }

    @Test(arguments: [1, 3, 5, 7] as [UInt8], [1, 2, 339, 1017, 65535] as [UInt16])
    func sampleBlockShorterThanItsCountIsMalformed(mask: UInt8, count: UInt16) throws {
        let channels = mask.nonzeroBitCount
        let needed = Int(count) * channels * 4
        #expect(throws: MessageDecodingError.self) {
            _ = try Self.decode(type: 0x86, Self.blockPayload(mask: mask, count: count, sampleBytes: needed - 1))
        }
        // One more byte makes it whole.
        let whole = try Self.decode(type: 0x86, Self.blockPayload(mask: mask, count: count, sampleBytes: needed))
        guard case .sampleBlock(let block) = whole else {
            Issue.record("decoded \(whole)")
            return
        }
        #expect(block.count == Int(count))
        #expect(block.channelMask == mask)
    }
}
