import BreathWire
import Testing

/// Every message encodes to a frame that decodes back to the same message.
@Suite struct RoundTripTests {
    @Test(arguments: MessageCatalog.entries)
    func messageSurvivesFrameAndDecoder(_ entry: CatalogEntry) throws {
        let message = entry.message
        let payload = message.encodedPayload()
        #expect(payload.count <= Frame.maximumPayloadSize)

        let frame = message.frame(sequence: entry.sequence, flags: entry.flags)
        #expect(frame.type == message.typeCode)
        #expect(frame.sequence == entry.sequence)
        #expect(frame.payload == payload)
        #expect(frame.versionMajor == 1 && frame.versionMinor == 0)
        #expect(frame.flags.isSuperset(of: entry.flags))
        #expect(frame.flags.contains(.response) == (message.isResponse || entry.flags.contains(.response)))
        #expect(frame.flags.subtracting(entry.flags).isSubset(of: .response))

        // Payload → message → payload.
        let decoded = try Message(frame: frame)
        #expect(decoded == message)
        #expect(decoded.encodedPayload() == payload)

        // Frame bytes → decoder → the same frame, however the bytes arrive.
        let bytes = frame.encoded()
        #expect(bytes.count == frame.encodedSize)
        #expect(bytes.count == Frame.headerSize + payload.count + Frame.trailerSize)
        for chunking in [Chunking.whole, .fixed(1), .fixed(5)] {
            let decoding = decodeStream(bytes, chunking: chunking)
            #expect(decoding.frames == [frame], "\(chunking)")
            #expect(decoding.statistics.isClean, "\(chunking)")
            #expect(EventCounts(decoding.statistics).total == 0, "\(chunking)")
        }
    }

    @Test func everyMessageTypeHasARoundTripCase() {
        let covered = Set(MessageCatalog.entries.compactMap(\.knownType))
        for type in MessageType.allCases {
            #expect(covered.contains(type), "no round-trip case for \(type.specName)")
        }
        #expect(MessageCatalog.entries.contains { $0.knownType == nil }, "no round-trip case for an unknown type")
        // An `.unknown` case must really use a type this version does not know.
        for entry in MessageCatalog.entries where entry.knownType == nil {
            #expect(MessageType(rawValue: entry.message.typeCode) == nil, "\(entry.name)")
        }
    }

    @Test(arguments: [1, 2, 3])
    func maximumSampleBlockFillsAFrame(channels: Int) throws {
        let count = SampleBlock.maximumCount(channelCount: channels)
        let size = SampleBlock.headerSize + count * channels * 4
        #expect(size <= Frame.maximumPayloadSize)
        #expect(size + channels * 4 > Frame.maximumPayloadSize)

        let block = MessageCatalog.maximumBlock(channels: channels, temperature: channels >= 2, pressure: channels == 3)
        #expect(block.count == count)
        let frame = Message.sampleBlock(block).frame(sequence: 65535)
        #expect(frame.payload.count == size)
        let bytes = frame.encoded()
        #expect(bytes.count <= Frame.maximumSize)
        let decoding = decodeStream(bytes, chunking: .fixed(512))
        #expect(decoding.frames.count == 1)
        #expect(decoding.frames.first?.sequence == 65535)
        #expect(try decoding.frames.first.map { try Message(frame: $0) } == .sampleBlock(block))
    }

    @Test func sampleValuesKeepTheirBitsEvenWhenNotFinite() throws {
        // "A host keeps any value it receives as it is" (4.8): NaN payloads and signed zeros too.
        let values: [Float] = [
            .nan, -.nan, Float(bitPattern: 0x7FA0_0001), .infinity, -.infinity, -0.0, 0,
            .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        let block = SampleBlock(
            firstSampleIndex: 5, samplePeriodMicros: 1000, detector: values, columnTemperatureC: values.reversed(),
            carrierPressureKPa: values)
        let payload = Message.sampleBlock(block).encodedPayload()
        let decoded = try Message(frame: Frame(type: MessageType.sampleBlock.rawValue, sequence: 0, payload: payload))
        guard case .sampleBlock(let result) = decoded else {
            Issue.record("decoded \(decoded)")
            return
        }
        #expect(result.detector.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(result.columnTemperatureC?.map(\.bitPattern) == values.reversed().map(\.bitPattern))
        #expect(result.carrierPressureKPa?.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(decoded.encodedPayload() == payload)
    }

    @Test func zeroRunIDAndZeroCodesMeanNone() throws {
        let status = DeviceStatus(
            requestSequence: 1, state: .ready, phase: .none, runID: nil, deviceTimeMicros: 1,
            columnTemperatureC: 30, carrierPressureKPa: 0, activeFault: nil)
        let statusPayload = Message.status(status).encodedPayload()
        #expect(Array(statusPayload[4..<20]) == [UInt8](repeating: 0, count: 16))
        #expect(Array(statusPayload.suffix(2)) == [0, 0])
        guard case .status(let decodedStatus) = try Message(frame: Message.status(status).frame(sequence: 0)) else {
            Issue.record("not a STATUS")
            return
        }
        #expect(decodedStatus.runID == nil)
        #expect(decodedStatus.activeFault == nil)

        let fault = Fault(code: .highHumidity, severity: .warning, runID: nil, runTimeMillis: 0, message: "humid")
        let faultPayload = Message.fault(fault).encodedPayload()
        #expect(Array(faultPayload[3..<19]) == [UInt8](repeating: 0, count: 16))
        guard case .fault(let decodedFault) = try Message(frame: Message.fault(fault).frame(sequence: 0)) else {
            Issue.record("not a FAULT")
            return
        }
        #expect(decodedFault.runID == nil)

        let complete = RunComplete(
            runID: MessageCatalog.runA, outcome: .aborted, totalSamples: 1, totalBlocks: 1, runDurationMillis: 1,
            detectorCRC32C: 1, fault: nil)
        #expect(Array(Message.runComplete(complete).encodedPayload().suffix(2)) == [0, 0])
        guard case .runComplete(let decodedComplete) = try Message(frame: Message.runComplete(complete).frame(sequence: 0))
        else {
            Issue.record("not a RUN_COMPLETE")
            return
        }
        #expect(decodedComplete.fault == nil)
    }

    @Test func everyUndefinedTypeByteDecodesAsUnknown() throws {
        let payload: [UInt8] = [0xB7, 0xEA, 0, 1, 2]
        for type in UInt8.min...UInt8.max where MessageType(rawValue: type) == nil {
            let message = try Message(frame: Frame(type: type, sequence: 0, payload: payload))
            #expect(message == .unknown(type: type, payload: payload), "type 0x\(String(type, radix: 16))")
            #expect(message.typeCode == type)
            #expect(message.encodedPayload() == payload)
        }
    }

    @Test func knownTypesIgnoreTrailingBytes() throws {
        // Fields appended by a newer minor version are ignored (2.2).
        for entry in MessageCatalog.entries where entry.knownType != nil {
            var frame = entry.message.frame(sequence: 0)
            guard frame.payload.count + 6 <= Frame.maximumPayloadSize else { continue }
            frame.payload += [0x01, 0x02, 0xA5, 0xA5, 0xFF, 0xFE]
            frame.versionMinor = 1
            #expect(try Message(frame: frame) == entry.message, "\(entry.name)")
        }
    }
}
