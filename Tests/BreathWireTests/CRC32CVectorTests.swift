import BreathWire
import Testing

/// `crc32c.json`: the checksum directly, in one piece and fed in pieces.
@Suite struct CRC32CVectorTests {
    @Test(arguments: VectorFiles.crc32c)
    func checksumMatchesVector(_ vector: CRCVector) throws {
        let input = try #require(vector.input, "case has neither ascii nor valid hex")
        #expect(CRC32C.checksum(input) == vector.crc32c)

        // Every split into two pieces, and pieces of 1, 3, 7, 8 and 9 bytes (the slicing-by-8
        // loop and its byte tail both get exercised at every alignment).
        for split in 0...input.count {
            var crc = CRC32C()
            crc.update(input[..<split])
            crc.update(input[split...])
            #expect(crc.value == vector.crc32c, "split at \(split)")
        }
        for size in [1, 3, 7, 8, 9] {
            var crc = CRC32C()
            var index = 0
            while index < input.count {
                let end = min(input.count, index + size)
                crc.update(input[index..<end])
                index = end
            }
            #expect(crc.value == vector.crc32c, "\(size)-byte pieces")
        }

        // A sequence without contiguous storage, and a raw buffer.
        #expect(CRC32C.checksum(input.lazy.map { $0 }) == vector.crc32c)
        var raw = CRC32C()
        input.withUnsafeBytes { raw.update(buffer: $0) }
        #expect(raw.value == vector.crc32c)
    }

    @Test func emptyUpdatesChangeNothing() {
        var crc = CRC32C()
        crc.update([UInt8]())
        #expect(crc.value == 0)
        crc.update(Array("123456789".utf8))
        crc.update([UInt8]())
        #expect(crc.value == 0xE306_9283)
    }

    @Test func longInputMatchesBitwiseReference() {
        // Slicing-by-8 against a bit-at-a-time CRC-32C over an input long enough for every table.
        var random = XorShift64(seed: 7)
        let input = random.bytes(10_003)
        var reference: UInt32 = 0xFFFF_FFFF
        for byte in input {
            reference ^= UInt32(byte)
            for _ in 0..<8 { reference = reference & 1 != 0 ? (reference >> 1) ^ 0x82F6_3B78 : reference >> 1 }
        }
        #expect(CRC32C.checksum(input) == reference ^ 0xFFFF_FFFF)
    }
}
