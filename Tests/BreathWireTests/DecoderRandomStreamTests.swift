import BreathWire
import Testing

/// FrameDecoder on long seeded random streams: bounded memory and exact byte accounting.
@Suite struct DecoderRandomStreamTests {
    @Test func tenMegabytesOfNoiseKeepTheBufferBounded() {
        var random = XorShift64(seed: 0xDEAD_BEEF)
        let total = 10 * 1024 * 1024
        var decoder = FrameDecoder()
        var fed = 0, frameBytes = 0, largest = 0
        while fed < total {
            let size = min(total - fed, random.next() % 4 == 0 ? Int.random(in: 1...20_000, using: &random)
                : Int.random(in: 1...600, using: &random))
            decoder.feed(random.bytes(size)) { frameBytes += $0.encodedSize }
            fed += size
            largest = max(largest, decoder.bufferedByteCount)
            if decoder.bufferedByteCount >= Frame.maximumSize {
                Issue.record("\(decoder.bufferedByteCount) bytes buffered after \(fed) bytes")
                break
            }
        }
        decoder.finish { frameBytes += $0.encodedSize }
        #expect(fed == total)
        #expect(decoder.bufferedByteCount == 0)
        #expect(frameBytes + decoder.statistics.droppedBytes == total)
        // Noise does hold sync pairs (about one per 64 KiB), so the checks were exercised.
        #expect(decoder.statistics.headerCheckFailures > 0)
    }

    @Test func waitingCandidatesKeepTheBufferBounded() {
        // Valid headers announcing long payloads followed by noise: the decoder keeps waiting for
        // a candidate's bytes, but never holds more than one maximum frame.
        var random = XorShift64(seed: 77)
        var decoder = FrameDecoder()
        var total = 0, frameBytes = 0
        for round in 0..<600 {
            let length = UInt16.random(in: 0...UInt16(Frame.maximumPayloadSize), using: &random)
            var piece = rawHeader(type: 0x86, sequence: UInt16(round), length: length)
            piece += random.bytes(Int.random(in: 0...5000, using: &random))
            var index = 0
            while index < piece.count {
                let end = min(piece.count, index + Int.random(in: 1...3000, using: &random))
                decoder.feed(piece[index..<end]) { frameBytes += $0.encodedSize }
                #expect(decoder.bufferedByteCount < Frame.maximumSize)
                index = end
            }
            total += piece.count
        }
        decoder.finish { frameBytes += $0.encodedSize }
        #expect(frameBytes + decoder.statistics.droppedBytes == total)
        #expect(decoder.statistics.crcMismatches > 0)
    }

    /// A stream mixing valid frames with every kind of corruption.
    struct MixedStream {
        var bytes: [UInt8] = []
        var frames: [Frame] = []
    }

    static func mixedStream(seed: UInt64) -> MixedStream {
        var random = XorShift64(seed: seed)
        var stream = MixedStream()
        let entries = MessageCatalog.entries
        func someFrame() -> Frame {
            let entry = entries[Int.random(in: 0..<entries.count, using: &random)]
            return entry.message.frame(sequence: UInt16.random(in: 0...UInt16.max, using: &random), flags: entry.flags)
        }
        for _ in 0..<60 {
            switch random.next() % 8 {
            case 0, 1:
                let frame = someFrame()
                stream.bytes += frame.encoded()
                stream.frames.append(frame)
            case 2:  // noise, sync pairs included
                stream.bytes += random.bytes(Int.random(in: 1...300, using: &random))
            case 3:  // a cut-off frame
                let bytes = someFrame().encoded()
                stream.bytes += bytes[..<Int.random(in: 1..<bytes.count, using: &random)]
            case 4:  // a frame with one bit flipped past its sync bytes
                var bytes = someFrame().encoded()
                let bit = Int.random(in: 16..<(bytes.count * 8), using: &random)
                bytes[bit / 8] ^= 1 << (bit % 8)
                stream.bytes += bytes
            case 5:  // oversized length
                stream.bytes += rawHeader(length: UInt16.random(in: 4081...UInt16.max, using: &random))
            case 6:  // another major version
                stream.bytes += rawFrame(major: 2, payload: random.bytes(Int.random(in: 0...40, using: &random)))
            default:  // sync pairs and lone sync bytes
                stream.bytes += [0xB7, 0xEA, 0xB7, 0xB7, 0xEA, 0xEA, 0xB7]
            }
        }
        return stream
    }

    @Test(arguments: 1...24 as ClosedRange<UInt64>)
    func mixedStreamsYieldEveryValidFrameAndAccountForEveryByte(seed: UInt64) {
        let stream = Self.mixedStream(seed: seed)
        let reference = decodeStream(stream.bytes)
        #expect(reference.frames == stream.frames)
        #expect(reference.statistics.frames == stream.frames.count)
        let frameBytes = reference.frames.reduce(0) { $0 + $1.encodedSize }
        #expect(frameBytes + reference.statistics.droppedBytes == stream.bytes.count)
        #expect(reference.bufferedAfterFinish == 0)
        #expect(reference.largestBuffer < Frame.maximumSize)
        for chunking in [Chunking.fixed(1), .fixed(4097), .random(seed: seed)] {
            #expect(decodeStream(stream.bytes, chunking: chunking).outcome == reference.outcome, "\(chunking)")
        }
    }
}
