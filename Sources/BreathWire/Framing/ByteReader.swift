import Foundation

/// Reads little-endian protocol fields from a payload, failing with
/// ``MessageDecodingError`` instead of trapping when the payload is short.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// Offset of the next unread byte.
    public private(set) var offset: Int

    /// A reader positioned at the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    /// Bytes not read yet; a newer minor version may put fields there (PROTOCOL.md 2.2).
    public var remaining: Int { bytes.count - offset }

    public mutating func u8(_ field: StaticString) throws(MessageDecodingError) -> UInt8 {
        try require(1, field)
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func u16(_ field: StaticString) throws(MessageDecodingError) -> UInt16 {
        try integer(field)
    }

    public mutating func u32(_ field: StaticString) throws(MessageDecodingError) -> UInt32 {
        try integer(field)
    }

    public mutating func u64(_ field: StaticString) throws(MessageDecodingError) -> UInt64 {
        try integer(field)
    }

    public mutating func f32(_ field: StaticString) throws(MessageDecodingError) -> Float {
        Float(bitPattern: try integer(field))
    }

    /// A `str`; bytes that are not valid UTF-8 make the frame malformed (PROTOCOL.md 2.3).
    public mutating func string(_ field: StaticString) throws(MessageDecodingError) -> String {
        let count = Int(try u8(field))
        try require(count, field)
        guard let text = String(validating: bytes[offset..<offset + count], as: UTF8.self) else {
            throw MessageDecodingError(field: "\(field)", offset: offset, reason: "is not valid UTF-8")
        }
        offset += count
        return text
    }

    public mutating func uuid(_ field: StaticString) throws(MessageDecodingError) -> UUID {
        try require(16, field)
        defer { offset += 16 }
        let b = bytes[offset..<offset + 16].map { $0 }
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                           b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    private mutating func integer<T: FixedWidthInteger>(_ field: StaticString) throws(MessageDecodingError) -> T {
        let size = MemoryLayout<T>.size
        try require(size, field)
        var value: T = 0
        for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }

    private func require(_ count: Int, _ field: StaticString) throws(MessageDecodingError) {
        guard remaining >= count else {
            throw MessageDecodingError(
                field: "\(field)", offset: offset, reason: "needs \(count) bytes, \(remaining) left")
        }
    }
}

/// A payload its message type cannot hold (too short, or a field breaking its rule):
/// the frame is malformed (PROTOCOL.md section 4).
public struct MessageDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field that could not be read.
    public var field: String
    /// Where in the payload it starts.
    public var offset: Int
    /// What is wrong with it.
    public var reason: String

    public init(field: String, offset: Int, reason: String) {
        self.field = field
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "malformed payload: field '\(field)' at offset \(offset) \(reason)" }
}
