import BreathWire
import Testing

/// Checks one case of `messages.json` or `corruption.json` against the Swift codec: the decoder
/// in every chunking, then each frame's message, its re-encoding and its frame's re-encoding.
func checkStreamVector(_ vector: StreamVector) throws {
    let stream = try #require(bytes(hex: vector.hex), "hex is not valid")
    let expectedFrames = try vector.expect.frames.map { expected in
        Frame(
            type: expected.type, flags: FrameFlags(rawValue: expected.flags), sequence: expected.sequence,
            payload: try #require(bytes(hex: expected.payloadHex), "payload_hex is not valid"),
            versionMajor: expected.versionMajor, versionMinor: expected.versionMinor)
    }

    // Framing, in every chunking.
    for chunking in Chunking.all {
        let decoding = decodeStream(stream, chunking: chunking)
        #expect(decoding.frames == expectedFrames, "\(chunking)")
        #expect(decoding.statistics.frames == expectedFrames.count, "\(chunking)")
        #expect(decoding.statistics.droppedBytes == vector.expect.droppedBytes, "\(chunking)")
        #expect(EventCounts(decoding.statistics) == vector.expect.events.counts, "\(chunking)")
        #expect(decoding.bufferedAfterFinish == 0, "\(chunking)")
        #expect(decoding.largestBuffer < Frame.maximumSize, "\(chunking)")
    }

    let hasTrailingBytes = vector.name.hasSuffix("_trailing_bytes")
    for (index, (expected, frame)) in zip(vector.expect.frames, expectedFrames).enumerated() {
        let label = Comment(rawValue: "frame \(index) (\(expected.typeName))")
        #expect((MessageType(rawValue: expected.type)?.specName ?? "UNKNOWN") == expected.typeName, label)

        // The frame's own encoding is what the stream carries.
        #expect(stream.firstRange(of: frame.encoded()) != nil, label)

        // The message.
        if expected.message == ["malformed": .bool(true)] {
            #expect(throws: MessageDecodingError.self, label) { _ = try Message(frame: frame) }
            continue
        }
        let message: Message
        do {
            message = try Message(frame: frame)
        } catch {
            Issue.record("\(label): \(error)")
            continue
        }
        if expected.message == ["unknown": .bool(true)] {
            #expect(message == .unknown(type: expected.type, payload: frame.payload), label)
        } else {
            #expect(MessageType(rawValue: message.typeCode) != nil, label)
        }
        let differences = fieldDifferences(expected: expected.message, actual: message.vectorFields)
        #expect(differences.isEmpty, "\(label): \(differences.joined(separator: "; "))")

        // Re-encoding the message.
        let payload = message.encodedPayload()
        if hasTrailingBytes {
            #expect(payload.count < frame.payload.count, label)
            #expect(frame.payload.starts(with: payload), label)
            #expect((try? Message(frame: Frame(type: frame.type, sequence: 0, payload: payload))) == message, label)
        } else {
            #expect(payload == frame.payload, label)
            // Re-framing with the vector's flags (and its minor version) gives the frame's bytes.
            var reframed = message.frame(sequence: expected.sequence, flags: FrameFlags(rawValue: expected.flags))
            reframed.versionMinor = expected.versionMinor
            #expect(reframed == frame, label)
            let encoded = reframed.encoded()
            if vector.expect.frames.count == 1, vector.expect.droppedBytes == 0 {
                #expect(encoded == stream, label)
            } else {
                #expect(stream.firstRange(of: encoded) != nil, label)
            }
        }
    }
}
