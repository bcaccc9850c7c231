import BreathWire

/// Decoding state of one inbound endpoint: its frame decoder and its sequence check.
struct InboundStream: Sendable {
    private(set) var decoder = FrameDecoder()
    private var lastSequence: UInt16?
    /// Frames missing according to sequence numbers (PROTOCOL.md 2.4).
    private(set) var missingFrames = 0

    /// Decodes `bytes`, returning each complete frame with the number of frames missed before it.
    mutating func accept(_ bytes: [UInt8]) -> [(frame: Frame, missedBefore: Int)] {
        var result: [(Frame, Int)] = []
        decoder.feed(bytes) { frame in
            var missed = 0
            if let last = lastSequence {
                missed = Int(frame.sequence &- last &- 1)
            }
            lastSequence = frame.sequence
            missingFrames += missed
            result.append((frame, missed))
        }
        return result
    }

    /// Forgets the sequence position: the device restarts its counters on a `GET_INFO` with sequence 0.
    mutating func resetSequence() { lastSequence = nil }
}

extension InboundStream {
    /// The link ended: whatever is buffered is dropped and counted.
    mutating func finishStream() { decoder.finish() }
}
