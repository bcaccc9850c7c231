import Foundation

/// Appends little-endian protocol fields to a byte array (PROTOCOL.md conventions).
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer, with room reserved for `capacity` bytes.
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func u16(_ value: UInt16) { integer(value) }
    public mutating func u32(_ value: UInt32) { integer(value) }
    public mutating func u64(_ value: UInt64) { integer(value) }
    public mutating func f32(_ value: Float) { integer(value.bitPattern) }

    /// A `str`: one length byte, then UTF-8. Longer text is cut at a code-point boundary
    /// within 255 bytes, so that an over-long device message never makes a frame invalid.
    public mutating func string(_ value: String) {
        var utf8 = Array(value.utf8)
        if utf8.count > 255 {
            var cut = 255
            while cut > 0, utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
            utf8.removeSubrange(cut...)
        }
        u8(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A `uuid`: 16 bytes in network order.
    public mutating func uuid(_ value: UUID) {
        withUnsafeBytes(of: value.uuid) { bytes.append(contentsOf: $0) }
    }

    /// Raw bytes, unchanged.
    public mutating func raw<Bytes: Sequence>(_ value: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: value)
    }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
