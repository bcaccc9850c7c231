import BreathWire
import Foundation
import Testing

/// ByteWriter and ByteReader: field layout of PROTOCOL.md's conventions.
@Suite struct ByteCodingTests {
    @Test func integersAndFloatsAreLittleEndian() throws {
        var writer = ByteWriter()
        writer.u8(0xAB)
        writer.u16(0x1234)
        writer.u32(0x1234_5678)
        writer.u64(0x0102_0304_0506_0708)
        writer.f32(1.0)  // 0x3F800000
        #expect(writer.bytes == [
            0xAB, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
            0x00, 0x00, 0x80, 0x3F,
        ])

        var reader = ByteReader(writer.bytes)
        #expect(try reader.u8("a") == 0xAB)
        #expect(try reader.u16("b") == 0x1234)
        #expect(try reader.u32("c") == 0x1234_5678)
        #expect(try reader.u64("d") == 0x0102_0304_0506_0708)
        #expect(try reader.f32("e") == 1.0)
        #expect(reader.remaining == 0)
    }

    @Test func uuidIsInNetworkOrder() throws {
        let uuid = try #require(UUID(uuidString: "00112233-4455-6677-8899-aabbccddeeff"))
        var writer = ByteWriter()
        writer.uuid(uuid)
        #expect(writer.bytes == [
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
        ])
        var reader = ByteReader(writer.bytes)
        #expect(try reader.uuid("run_id") == uuid)
    }

    @Test func shortReadThrowsNamingTheField() {
        var reader = ByteReader([1, 2, 3])
        #expect(throws: MessageDecodingError.self) { _ = try reader.u32("counter") }
        do {
            var reader = ByteReader([1, 2, 3])
            _ = try reader.u8("first")
            _ = try reader.u64("device_time_us")
            Issue.record("read past the end")
        } catch {
            #expect(error.field == "device_time_us")
            #expect(error.offset == 1)
        }
        #expect(reader.remaining == 3)  // a failed read consumes nothing
    }

    @Test func stringsUpTo255BytesAreKeptWhole() throws {
        for text in ["", "a", "Ω€😀", MessageCatalog.longestText, String(repeating: "x", count: 255)] {
            var writer = ByteWriter()
            writer.string(text)
            #expect(writer.bytes == [UInt8(text.utf8.count)] + Array(text.utf8))
            var reader = ByteReader(writer.bytes)
            #expect(try reader.string("detail") == text)
            #expect(reader.remaining == 0)
        }
    }

    /// Strings longer than 255 bytes: a run of `pad` ASCII bytes then multi-byte characters,
    /// so that byte 255 falls at every position inside a character.
    @Test(arguments: ["é", "€", "😀", "x"], 0..<4)
    func overlongStringIsCutAtACharacterBoundary(character: String, pad: Int) throws {
        let text = String(repeating: "p", count: pad) + String(repeating: character, count: 300)
        let original = Array(text.utf8)
        var writer = ByteWriter()
        writer.string(text)
        let length = Int(writer.bytes[0])
        let kept = Array(writer.bytes.dropFirst())
        #expect(kept.count == length)
        #expect(length <= 255)
        #expect(original.starts(with: kept))
        // The cut loses only the character that does not fit.
        let width = character.utf8.count
        #expect(length == pad + (255 - pad) / width * width)
        #expect(String(validating: kept, as: UTF8.self) != nil)

        var reader = ByteReader(writer.bytes)
        let decoded = try reader.string("detail")
        #expect(text.hasPrefix(decoded))
        #expect(decoded.utf8.count == length)
    }

    @Test(arguments: ["e\u{301}", "🇩🇪", "👨‍👩‍👧", "한국어"])
    func overlongTextOfClustersStaysValidUTF8(cluster: String) throws {
        // Multi-scalar characters: the cut may fall inside one, but the bytes stay valid UTF-8
        // and are whole Unicode scalars from the start of the text.
        for pad in 0..<8 {
            let text = String(repeating: "p", count: pad) + String(repeating: cluster, count: 120)
            var writer = ByteWriter()
            writer.string(text)
            let kept = Array(writer.bytes.dropFirst())
            #expect(Int(writer.bytes[0]) == kept.count)
            #expect(kept.count <= 255 && kept.count >= 252, "pad \(pad)")
            let decoded = try #require(String(validating: kept, as: UTF8.self), "pad \(pad)")
            #expect(text.unicodeScalars.starts(with: decoded.unicodeScalars), "pad \(pad)")
        }
    }

    @Test func framesEncodeIntoAnExistingBuffer() {
        let first = Frame(type: 0x80, flags: .response, sequence: 1, payload: [1, 0, 3])
        let second = Frame(type: 0x06, sequence: 2, payload: [4, 3, 2, 1])
        var bytes: [UInt8] = [0x00, 0xB7]
        first.encode(into: &bytes)
        second.encode(into: &bytes)
        #expect(bytes == [0x00, 0xB7] + first.encoded() + second.encoded())
        let decoding = decodeStream(bytes)
        #expect(decoding.frames == [first, second])
        #expect(decoding.statistics.droppedBytes == 2)
    }

    @Test func overlongDetailStillMakesAValidFrame() throws {
        let detail = String(repeating: "°C", count: 200)  // 600 bytes
        let nack = Nack(requestSequence: 3, requestType: 3, code: .invalidMethod, detail: detail)
        let frame = Message.nack(nack).frame(sequence: 4)
        let decoding = decodeStream(frame.encoded())
        #expect(decoding.frames == [frame])
        guard case .nack(let decoded) = try Message(frame: frame) else {
            Issue.record("not a NACK")
            return
        }
        #expect(decoded.detail.utf8.count <= 255)
        #expect(decoded.detail.utf8.count >= 252)
        #expect(detail.hasPrefix(decoded.detail))
    }

    @Test func frameHeaderLayout() {
        let frame = Frame(
            type: 0x83, flags: [.response, FrameFlags(rawValue: 0x80)], sequence: 0xBEEF, payload: [9, 8, 7],
            versionMajor: 1, versionMinor: 2)
        let bytes = frame.encoded()
        #expect(Array(bytes[0..<10]) == [0xB7, 0xEA, 1, 2, 0x83, 0x82, 0xEF, 0xBE, 3, 0])
        let check = CRC32C.checksum(bytes[0..<10])
        #expect(bytes[10] == UInt8(truncatingIfNeeded: check) && bytes[11] == UInt8(truncatingIfNeeded: check >> 8))
        #expect(Array(bytes[12..<15]) == [9, 8, 7])
        let crc = CRC32C.checksum(bytes[0..<15])
        #expect(Array(bytes[15...]) == [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: crc >> UInt32($0)) })
        #expect(FrameFlags.ackRequested.rawValue == 1)
        #expect(FrameFlags.response.rawValue == 2)
        #expect(Frame.maximumSize == 4096 && Frame.maximumPayloadSize == 4080)
    }
}
