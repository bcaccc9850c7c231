/// CRC-32C (Castagnoli), the checksum of every frame and capture record.
///
/// Reflected polynomial `0x82F63B78`, initial value and final XOR `0xFFFFFFFF`
/// (PROTOCOL.md section 2.1). Computed slicing-by-8, which keeps the decoder's
/// checksum cost well below the cost of copying the bytes.
public struct CRC32C: Sendable, Hashable {
    private var state: UInt32 = 0xFFFF_FFFF

    /// A checksum over no bytes yet.
    public init() {}

    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// The checksum of everything passed to ``update(_:)`` so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Adds `bytes` to the checksum.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update(buffer: $0) }
        }
    }

    /// Adds the bytes of a raw buffer to the checksum.
    public mutating func update(buffer: UnsafeRawBufferPointer) {
        var crc = state
        var index = 0
        let count = buffer.count
        let table = CRC32C.table
        while count - index >= 8 {
            let low = UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8
                | UInt32(buffer[index + 2]) << 16 | UInt32(buffer[index + 3]) << 24
            let high = UInt32(buffer[index + 4]) | UInt32(buffer[index + 5]) << 8
                | UInt32(buffer[index + 6]) << 16 | UInt32(buffer[index + 7]) << 24
            let one = low ^ crc
            crc = table[7 &* 256 &+ Int(one & 0xFF)] ^ table[6 &* 256 &+ Int((one >> 8) & 0xFF)]
                ^ table[5 &* 256 &+ Int((one >> 16) & 0xFF)] ^ table[4 &* 256 &+ Int(one >> 24)]
                ^ table[3 &* 256 &+ Int(high & 0xFF)] ^ table[2 &* 256 &+ Int((high >> 8) & 0xFF)]
                ^ table[1 &* 256 &+ Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
            index += 8
        }
        while index < count {
            crc = table[Int((crc ^ UInt32(buffer[index])) & 0xFF)] ^ (crc >> 8)
            index += 1
        }
        state = crc
    }

    /// Eight 256-entry tables: entry `k*256 + b` is the CRC of byte `b` followed by `k` zero bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()
}
