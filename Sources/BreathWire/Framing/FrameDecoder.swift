/// Incremental decoder of one byte stream of frames (PROTOCOL.md section 2.3).
///
/// Accepts input in chunks of any size, yields every valid frame, and resynchronises after
/// garbage, a corrupted header, a bad CRC or an oversized length by discarding one byte and
/// scanning again, so a valid frame after a corrupted one is never lost. It buffers at most
/// one maximum frame of undecoded input plus one chunk slice, whatever it is fed, and never
/// traps on any input.
public struct FrameDecoder: Sendable {
    /// What the decoder dropped and why since it was created.
    public private(set) var statistics = DecoderStatistics()
    /// The major version of the last candidate frame skipped as another major version. Its
    /// header check passed but its CRC was never checked, so it is a hint for a message, not a fact.
    public private(set) var lastForeignMajorVersion: UInt8?

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {
        buffer.reserveCapacity(2 * Frame.maximumSize)
    }

    /// Bytes received but not yet decoded into a frame or dropped.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Feeds `bytes` and calls `body` with each frame completed by them, in order.
    public mutating func feed<Bytes: Collection>(
        _ bytes: Bytes, _ body: (Frame) throws -> Void
    ) rethrows where Bytes.Element == UInt8 {
        var rest = bytes[...]
        while !rest.isEmpty {
            // Take at most one maximum frame at a time: memory stays bounded for huge chunks.
            let piece = rest.prefix(Frame.maximumSize)
            rest = rest.dropFirst(piece.count)
            buffer.append(contentsOf: piece)
            try drain(body)
            compact()
        }
    }

    /// Feeds `bytes` and returns the frames they complete.
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [Frame] where Bytes.Element == UInt8 {
        var frames: [Frame] = []
        feed(bytes) { frames.append($0) }
        return frames
    }

    /// Ends the stream: no more input will come. A candidate frame that cannot complete counts
    /// as truncated and loses one byte, and scanning goes on, so a complete frame buffered
    /// behind a cut-off one is still yielded (PROTOCOL.md 2.3). The decoder is empty afterwards.
    public mutating func finish(_ body: (Frame) throws -> Void) rethrows {
        try drain(body, endOfStream: true)
        compact()
    }

    /// Ends the stream and returns the frames still completed by what was buffered.
    @discardableResult
    public mutating func finish() -> [Frame] {
        var frames: [Frame] = []
        finish { frames.append($0) }
        return frames
    }

    private mutating func drain(_ body: (Frame) throws -> Void, endOfStream: Bool = false) rethrows {
        while true {
            guard findSync(keepingTrailingSyncByte: !endOfStream) else { return }
            let available = buffer.count - start
            guard available >= Frame.headerSize else {
                if endOfStream { drop(1) { $0.truncatedFrames += 1 } ; continue }
                return
            }
            let header = readHeader()
            guard header.checkMatches else {
                drop(1) { $0.headerCheckFailures += 1 }
                continue
            }
            guard header.versionMajor == Frame.protocolVersion.major else {
                lastForeignMajorVersion = header.versionMajor
                drop(1) { $0.unsupportedVersions += 1 }
                continue
            }
            let length = Int(header.length)
            guard length <= Frame.maximumPayloadSize else {
                drop(1) { $0.oversizedLengths += 1 }
                continue
            }
            let size = Frame.headerSize + length + Frame.trailerSize
            guard available >= size else {
                if endOfStream { drop(1) { $0.truncatedFrames += 1 } ; continue }
                return
            }
            let payloadStart = start + Frame.headerSize
            let crcOffset = payloadStart + length
            let stated = UInt32(buffer[crcOffset]) | UInt32(buffer[crcOffset + 1]) << 8
                | UInt32(buffer[crcOffset + 2]) << 16 | UInt32(buffer[crcOffset + 3]) << 24
            let computed = buffer.withUnsafeBytes { raw in
                var crc = CRC32C()
                crc.update(buffer: UnsafeRawBufferPointer(rebasing: raw[start..<crcOffset]))
                return crc.value
            }
            guard stated == computed else {
                drop(1) { $0.crcMismatches += 1 }
                continue
            }
            let frame = Frame(
                type: header.type, flags: FrameFlags(rawValue: header.flags), sequence: header.sequence,
                payload: Array(buffer[payloadStart..<crcOffset]),
                versionMajor: header.versionMajor, versionMinor: header.versionMinor)
            start += size
            statistics.frames += 1
            try body(frame)
        }
    }

    /// Moves `start` to the next sync pair, dropping the garbage before it. Returns false
    /// when none is buffered; a trailing first sync byte is kept for the next chunk unless
    /// the stream has ended.
    private mutating func findSync(keepingTrailingSyncByte: Bool) -> Bool {
        var index = start
        let end = buffer.count
        while index + 1 < end {
            if buffer[index] == Frame.sync.0, buffer[index + 1] == Frame.sync.1 {
                statistics.droppedBytes += index - start
                start = index
                return true
            }
            index += 1
        }
        let keep = (keepingTrailingSyncByte && index < end && buffer[index] == Frame.sync.0) ? 1 : 0
        statistics.droppedBytes += end - keep - start
        start = end - keep
        return false
    }

    private func readHeader() -> Header {
        let b = start
        let check = UInt16(truncatingIfNeeded: buffer.withUnsafeBytes {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[b..<b + 10]))
        })
        return Header(
            versionMajor: buffer[b + 2], versionMinor: buffer[b + 3], type: buffer[b + 4], flags: buffer[b + 5],
            sequence: UInt16(buffer[b + 6]) | UInt16(buffer[b + 7]) << 8,
            length: UInt16(buffer[b + 8]) | UInt16(buffer[b + 9]) << 8,
            checkMatches: check == UInt16(buffer[b + 10]) | UInt16(buffer[b + 11]) << 8)
    }

    private mutating func drop(_ count: Int, _ reason: (inout DecoderStatistics) -> Void) {
        start += count
        statistics.droppedBytes += count
        reason(&statistics)
    }

    private mutating func compact() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    private struct Header {
        var versionMajor, versionMinor, type, flags: UInt8
        var sequence, length: UInt16
        var checkMatches: Bool
    }
}

/// Counts of what a ``FrameDecoder`` decoded and dropped.
public struct DecoderStatistics: Sendable, Hashable, Codable {
    /// Valid frames yielded.
    public var frames = 0
    /// Every byte that was not part of a valid frame.
    public var droppedBytes = 0
    /// Candidate headers whose header check failed.
    public var headerCheckFailures = 0
    /// Frames whose CRC-32C did not match.
    public var crcMismatches = 0
    /// Headers stating a payload longer than the maximum.
    public var oversizedLengths = 0
    /// Candidate frames of another major protocol version, skipped unread.
    public var unsupportedVersions = 0
    /// Frames cut off by the end of the stream.
    public var truncatedFrames = 0

    public init() {}

    /// Whether anything was dropped at all.
    public var isClean: Bool { droppedBytes == 0 }
}
