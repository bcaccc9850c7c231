import BreathWire
import Testing

/// FrameDecoder resynchronisation (PROTOCOL.md 2.3), one kind of corruption at a time.
@Suite struct DecoderResyncTests {
    static let ack = Message.ack(Ack(requestSequence: 5, requestType: 2)).frame(sequence: 20)
    static let keepAliveReply = Message.keepAliveReply(
        KeepAliveReply(requestSequence: 3, counter: 9, deviceTimeMicros: 5000)).frame(sequence: 24)
    static let status = Message.status(DeviceStatus(
        requestSequence: 41, state: .running, phase: .separation, runID: MessageCatalog.runA,
        deviceTimeMicros: 523_000_250, columnTemperatureC: 187.5, carrierPressureKPa: 70.25, activeFault: nil))
        .frame(sequence: 21)
    static let block = Message.sampleBlock(SampleBlock(
        firstSampleIndex: 96, samplePeriodMicros: 10_000, detector: [8.5, 9], columnTemperatureC: [120, 120.25],
        carrierPressureKPa: [70, 70])).frame(sequence: 22)
    /// The largest frame, with no sync pair inside it.
    static let largest = Frame(
        type: 0xBF, sequence: 7, payload: (0..<Frame.maximumPayloadSize).map { UInt8($0 % 0xB0) })

    /// Decodes `stream` in a few chunkings, expects the same outcome from each, and returns it.
    func decodeAlike(_ stream: [UInt8], _ comment: Comment? = nil) -> StreamDecoding {
        let reference = decodeStream(stream)
        for chunking in Chunking.some.dropFirst() {
            #expect(decodeStream(stream, chunking: chunking).outcome == reference.outcome, "\(chunking) \(comment?.rawValue ?? "")")
        }
        #expect(reference.bufferedAfterFinish == 0)
        return reference
    }

    // MARK: Garbage

    @Test(arguments: [1, 2, 11, 12, 100, 4096, 5000])
    func garbageBeforeAndBetweenFramesIsDroppedWithoutEvents(length: Int) {
        var random = XorShift64(seed: UInt64(length))
        // Garbage that holds B7 and EA bytes, but never as a pair.
        let garbage = random.bytes(length).enumerated().map { index, byte -> UInt8 in
            switch index % 3 {
            case 0: 0xB7
            case 1: byte == 0xEA || byte == 0xB7 ? 0x11 : byte
            default: byte == 0xB7 ? 0xEA : byte
            }
        }
        #expect(!garbage.containsSyncPair)
        let stream = garbage + Self.ack.encoded() + garbage + Self.status.encoded() + garbage
        let decoding = decodeAlike(stream)
        #expect(decoding.frames == [Self.ack, Self.status])
        #expect(decoding.statistics.droppedBytes == 3 * length)
        #expect(EventCounts(decoding.statistics) == EventCounts())
    }

    // MARK: Header check

    @Test func everyHeaderBitFlipFailsTheHeaderCheck() throws {
        let bad = Self.keepAliveReply.encoded()
        let next = Self.ack.encoded()
        for bit in (2 * 8)..<(12 * 8) {  // versions .. header_check (sync damage is mere garbage)
            var corrupted = bad
            corrupted[bit / 8] ^= 1 << (bit % 8)
            try #require(!corrupted.dropFirst().containsSyncPair, "bit \(bit) made a sync pair")
            let decoding = decodeAlike(corrupted + next, "bit \(bit)")
            #expect(decoding.frames == [Self.ack], "bit \(bit)")
            #expect(EventCounts(decoding.statistics) == EventCounts(headerCheck: 1), "bit \(bit)")
            #expect(decoding.statistics.droppedBytes == corrupted.count, "bit \(bit)")
        }
    }

    @Test func realSyncInsideABadHeaderIsFound() {
        // A stray sync pair whose 12-byte candidate header overlaps the real frame.
        for strayLength in 2...13 {
            let stray = [0xB7, 0xEA] + [UInt8](repeating: 0x11, count: strayLength - 2)
            let decoding = decodeAlike(stray + Self.ack.encoded(), "stray \(strayLength)")
            #expect(decoding.frames == [Self.ack], "stray \(strayLength)")
            #expect(decoding.statistics.droppedBytes == strayLength)
            #expect(EventCounts(decoding.statistics) == EventCounts(headerCheck: 1), "stray \(strayLength)")
        }
    }

    // MARK: CRC

    @Test(arguments: [keepAliveReply, ack])
    func everyPayloadAndCRCBitFlipIsACRCMismatch(frame: Frame) throws {
        let good = frame.encoded()
        let next = Self.status.encoded()
        for bit in (Frame.headerSize * 8)..<(good.count * 8) {  // payload and CRC
            var corrupted = good
            corrupted[bit / 8] ^= 1 << (bit % 8)
            try #require(!corrupted.dropFirst().containsSyncPair, "bit \(bit) made a sync pair")
            let decoding = decodeAlike(corrupted + next, "bit \(bit)")
            #expect(decoding.frames == [Self.status], "bit \(bit)")
            #expect(EventCounts(decoding.statistics) == EventCounts(crcMismatch: 1), "bit \(bit)")
            #expect(decoding.statistics.droppedBytes == corrupted.count, "bit \(bit)")
        }
    }

    @Test func validFrameInsideACorruptedPayloadIsDecoded() {
        // An unknown-type frame carrying a whole ACK frame in its payload, with a bad CRC.
        var outer = Frame(type: 0x9F, sequence: 1, payload: [1, 2] + Self.ack.encoded() + [3]).encoded()
        outer[outer.count - 1] ^= 0x40
        let decoding = decodeAlike(outer)
        #expect(decoding.frames == [Self.ack])
        #expect(EventCounts(decoding.statistics) == EventCounts(crcMismatch: 1))
        #expect(decoding.statistics.droppedBytes == outer.count - Self.ack.encodedSize)
    }

    // MARK: Oversized length

    @Test(arguments: [4081, 4082, 4096, 8192, 65535] as [UInt16])
    func oversizedLengthDropsOneByte(length: UInt16) {
        let header = rawHeader(type: 0x86, length: length)
        let decoding = decodeAlike(header + Self.ack.encoded())
        #expect(decoding.frames == [Self.ack])
        #expect(EventCounts(decoding.statistics) == EventCounts(oversized: 1))
        #expect(decoding.statistics.droppedBytes == header.count)
    }

    @Test func largestLengthIsNotOversized() {
        let decoding = decodeAlike(Self.largest.encoded() + Self.ack.encoded())
        #expect(decoding.frames == [Self.largest, Self.ack])
        #expect(decoding.statistics.isClean)
    }

    // MARK: Foreign major version

    @Test(arguments: [0, 2, 3, 0x7F, 0xFF] as [UInt8])
    func foreignMajorVersionIsSkippedUnread(major: UInt8) {
        // A whole frame of that version, header check and CRC valid: still not decoded.
        let foreign = rawFrame(major: major, minor: 0, type: 0x80, payload: [5, 0, 2, 9, 9, 9])
        let decoding = decodeAlike(foreign + Self.ack.encoded())
        #expect(decoding.frames == [Self.ack])
        #expect(EventCounts(decoding.statistics) == EventCounts(unsupportedVersion: 1))
        #expect(decoding.statistics.droppedBytes == foreign.count)

        // Its length is not trusted either: version is checked before length.
        let foreignHeader = rawHeader(major: major, length: 65535)
        let second = decodeAlike(foreignHeader + Self.ack.encoded())
        #expect(second.frames == [Self.ack])
        #expect(EventCounts(second.statistics) == EventCounts(unsupportedVersion: 1))
    }

    @Test func foreignPayloadHoldingAV1FrameYieldsIt() {
        let foreign = rawFrame(major: 2, payload: Self.keepAliveReply.encoded())
        let decoding = decodeAlike(foreign)
        #expect(decoding.frames == [Self.keepAliveReply])
        #expect(EventCounts(decoding.statistics) == EventCounts(unsupportedVersion: 1))
        #expect(decoding.statistics.droppedBytes == foreign.count - Self.keepAliveReply.encodedSize)
    }

    @Test func everyMinorVersionIsAccepted() {
        for minor in [0, 1, 9, 255] as [UInt8] {
            let frame = Frame(type: 0x80, sequence: 1, payload: [1, 0, 3, 0xFF], versionMajor: 1, versionMinor: minor)
            #expect(decodeAlike(frame.encoded()).frames == [frame], "minor \(minor)")
        }
    }

    // MARK: Truncation at end of stream

    @Test(arguments: [ack, status, block, largest])
    func truncationAtEveryOffsetIsOneEventOrGarbage(frame: Frame) throws {
        let whole = frame.encoded()
        try #require(!whole.dropFirst().containsSyncPair)
        let leading = Self.keepAliveReply
        let chunkings: [Chunking] = frame == Self.largest ? [.whole, .fixed(1000)] : Chunking.some
        for cut in 1..<whole.count {
            let stream = leading.encoded() + whole[..<cut]
            for chunking in chunkings {
                let decoding = decodeStream(stream, chunking: chunking)
                #expect(decoding.frames == [leading], "cut \(cut), \(chunking)")
                // A lone B7 is garbage; a sync pair that cannot complete is one truncated event.
                #expect(EventCounts(decoding.statistics) == EventCounts(truncated: cut >= 2 ? 1 : 0), "cut \(cut)")
                #expect(decoding.statistics.droppedBytes == cut, "cut \(cut), \(chunking)")
                #expect(decoding.bufferedAfterFinish == 0, "cut \(cut), \(chunking)")
            }
        }
    }

    @Test(arguments: [12, 16, 200, 4080] as [UInt16])
    func completeFrameBehindACutOffCandidateIsYielded(length: UInt16) {
        // A header announcing more bytes than the stream still has, then a complete frame.
        let header = rawHeader(type: 0x86, length: length)
        let stream = header + Self.ack.encoded()
        let fits = Int(length) + 16 <= stream.count
        let decoding = decodeAlike(stream)
        #expect(decoding.frames == [Self.ack])
        // A short announced length is reached within the ACK's bytes and fails its CRC instead.
        #expect(EventCounts(decoding.statistics) == (fits ? EventCounts(crcMismatch: 1) : EventCounts(truncated: 1)))
        #expect(decoding.statistics.droppedBytes == header.count)
    }

    @Test(arguments: [ack, status, block])
    func frameAfterACutOffFrameIsNeverLost(frame: Frame) throws {
        // Whatever prefix of a frame precedes a complete one, the complete one is decoded and
        // exactly one failed check (of whatever kind) accounts for the prefix.
        let whole = frame.encoded()
        let next = Self.block.encoded()
        for cut in 1..<whole.count {
            let decoding = decodeAlike(Array(whole[..<cut]) + next, "cut \(cut)")
            #expect(decoding.frames == [Self.block], "cut \(cut)")
            #expect(decoding.statistics.droppedBytes == cut, "cut \(cut)")
            #expect(EventCounts(decoding.statistics).total == (cut >= 2 ? 1 : 0), "cut \(cut)")
        }
    }

    @Test func severalCutOffCandidatesAreSeveralEvents() {
        let stream = Self.ack.encoded() + [0xB7, 0xEA, 0xB7, 0xEA, 0x00]
        let decoding = decodeAlike(stream)
        #expect(decoding.frames == [Self.ack])
        #expect(EventCounts(decoding.statistics) == EventCounts(truncated: 2))
        #expect(decoding.statistics.droppedBytes == 5)
    }

    @Test func trailingLoneSyncByteWaitsForMoreInput() {
        var decoder = FrameDecoder()
        #expect(decoder.feed(Self.ack.encoded() + [0xB7]) == [Self.ack])
        #expect(decoder.bufferedByteCount == 1)
        #expect(decoder.statistics.droppedBytes == 0)
        // The next chunk completes the sync pair of a frame.
        #expect(decoder.feed(Self.status.encoded().dropFirst()) == [Self.status])
        #expect(decoder.finish().isEmpty)
        #expect(decoder.statistics.isClean)
        #expect(decoder.statistics.frames == 2)
    }
}
