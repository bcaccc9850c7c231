import BreathWire

/// A tiny seeded xorshift64 generator, so that "random" tests are reproducible.
struct XorShift64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    /// `count` pseudo-random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count + 8)
        while result.count < count {
            var word = next()
            for _ in 0..<8 {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        result.removeLast(result.count - count)
        return result
    }
}

/// How a byte stream is cut into the chunks fed to a decoder.
enum Chunking: Sendable, Hashable, CustomStringConvertible {
    case whole
    case fixed(Int)
    case random(seed: UInt64)

    /// Every chunking the vector tests use.
    static let all: [Chunking] = [
        .whole, .fixed(1), .fixed(2), .fixed(3), .fixed(7), .fixed(64), .fixed(4095), .fixed(4096), .fixed(4097),
        .random(seed: 0x5EED), .random(seed: 2024),
    ]

    /// A few cheap ones for property tests that run many streams.
    static let some: [Chunking] = [.whole, .fixed(1), .fixed(7), .random(seed: 99)]

    var description: String {
        switch self {
        case .whole: "whole"
        case .fixed(let size): "\(size)-byte chunks"
        case .random(let seed): "random chunks (seed \(seed))"
        }
    }

    /// The chunks, in order; they concatenate to `bytes`.
    func chunks(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var index = 0
        var random = XorShift64(seed: { if case .random(let seed) = self { seed } else { 1 } }())
        while index < bytes.count {
            let size: Int
            switch self {
            case .whole: size = bytes.count
            case .fixed(let fixed): size = fixed
            case .random:
                // Mostly small irregular pieces, sometimes pieces larger than a frame.
                size = random.next() % 8 == 0 ? Int.random(in: 1...9000, using: &random)
                    : Int.random(in: 1...40, using: &random)
            }
            let end = min(bytes.count, index + size)
            chunks.append(bytes[index..<end])
            index = end
        }
        return chunks
    }
}

/// What a ``FrameDecoder`` made of a whole stream.
struct StreamDecoding: Equatable {
    var frames: [Frame]
    var statistics: DecoderStatistics
    /// The most bytes buffered after any `feed`.
    var largestBuffer: Int
    /// Bytes still buffered after `finish()`.
    var bufferedAfterFinish: Int

    /// What must not depend on how the stream was chunked.
    struct Outcome: Equatable {
        var frames: [Frame]
        var statistics: DecoderStatistics
        var bufferedAfterFinish: Int
    }

    var outcome: Outcome { Outcome(frames: frames, statistics: statistics, bufferedAfterFinish: bufferedAfterFinish) }
}

/// Feeds `bytes` to a new decoder in `chunking`'s chunks, then finishes the stream.
func decodeStream(_ bytes: [UInt8], chunking: Chunking = .whole) -> StreamDecoding {
    var decoder = FrameDecoder()
    var frames: [Frame] = []
    var largest = 0
    for (number, chunk) in chunking.chunks(of: bytes).enumerated() {
        // Use both feeding APIs.
        if number.isMultiple(of: 2) {
            frames += decoder.feed(chunk)
        } else {
            decoder.feed(chunk) { frames.append($0) }
        }
        largest = max(largest, decoder.bufferedByteCount)
    }
    frames += decoder.finish()
    return StreamDecoding(
        frames: frames, statistics: decoder.statistics, largestBuffer: largest,
        bufferedAfterFinish: decoder.bufferedByteCount)
}

/// The event counters of a decoder, in the vectors' order.
struct EventCounts: Equatable, CustomStringConvertible {
    var headerCheck = 0, crcMismatch = 0, oversized = 0, unsupportedVersion = 0, truncated = 0

    init(headerCheck: Int = 0, crcMismatch: Int = 0, oversized: Int = 0, unsupportedVersion: Int = 0, truncated: Int = 0) {
        self.headerCheck = headerCheck
        self.crcMismatch = crcMismatch
        self.oversized = oversized
        self.unsupportedVersion = unsupportedVersion
        self.truncated = truncated
    }

    init(_ statistics: DecoderStatistics) {
        self.init(
            headerCheck: statistics.headerCheckFailures, crcMismatch: statistics.crcMismatches,
            oversized: statistics.oversizedLengths, unsupportedVersion: statistics.unsupportedVersions,
            truncated: statistics.truncatedFrames)
    }

    var total: Int { headerCheck + crcMismatch + oversized + unsupportedVersion + truncated }

    var description: String {
        "header_check \(headerCheck), crc_mismatch \(crcMismatch), oversized \(oversized), "
            + "unsupported_version \(unsupportedVersion), truncated \(truncated)"
    }
}

/// Bytes from lowercase or uppercase hex text; nil when the text is not hex.
func bytes(hex: String) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count.isMultiple(of: 2) else { return nil }
    var result: [UInt8] = []
    result.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        guard let high = hexDigit(digits[index]), let low = hexDigit(digits[index + 1]) else { return nil }
        result.append(high << 4 | low)
        index += 2
    }
    return result
}

private func hexDigit(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}

extension Collection where Element == UInt8 {
    /// Whether the sync pair `B7 EA` occurs anywhere.
    var containsSyncPair: Bool {
        zip(self, self.dropFirst()).contains { $0 == 0xB7 && $1 == 0xEA }
    }

    var hexString: String { map { String($0, radix: 16).leftPaddedHex }.joined() }
}

private extension String {
    var leftPaddedHex: String { count == 1 ? "0" + self : self }
}

/// A frame header with a correct header_check but any version and length, as a device of
/// another version or a corrupted length would send it.
func rawHeader(
    major: UInt8 = 1, minor: UInt8 = 0, type: UInt8 = 0x80, flags: UInt8 = 0, sequence: UInt16 = 0, length: UInt16
) -> [UInt8] {
    var header: [UInt8] = [
        0xB7, 0xEA, major, minor, type, flags,
        UInt8(truncatingIfNeeded: sequence), UInt8(truncatingIfNeeded: sequence >> 8),
        UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8),
    ]
    let check = CRC32C.checksum(header)
    header += [UInt8(truncatingIfNeeded: check), UInt8(truncatingIfNeeded: check >> 8)]
    return header
}

/// A whole frame of any version with a correct header_check and CRC.
func rawFrame(major: UInt8 = 1, minor: UInt8 = 0, type: UInt8 = 0x80, sequence: UInt16 = 0, payload: [UInt8]) -> [UInt8] {
    var bytes = rawHeader(major: major, minor: minor, type: type, sequence: sequence, length: UInt16(payload.count))
    bytes += payload
    let crc = CRC32C.checksum(bytes)
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
    return bytes
}
