import BreathTestSupport
import BreathStore
import Foundation
import Testing

/// SHA-256 through libcrypto, against the FIPS 180-2 examples.
@Suite struct SHA256DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(_ message: String, _ digest: String) {
        #expect(SHA256Digest.of(Array(message.utf8)).hex == digest)
    }

    @Test func aFileIsHashedInChunksLikeTheWhole() throws {
        try withTemporaryDirectory { directory in
            // A million 'a', and 2.5 MiB that straddle the 1 MiB read chunks.
            let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
            let file = directory.appendingPathComponent("a.bin")
            try million.write(to: file)
            #expect(try SHA256Digest.ofFile(atPath: file.path).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
            let mixed = Data((0..<2_621_440).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try mixed.write(to: file)
            #expect(try SHA256Digest.ofFile(atPath: file.path) == SHA256Digest.of(mixed))
            #expect(throws: (any Error).self) { try SHA256Digest.ofFile(atPath: directory.appendingPathComponent("none").path) }
        }
    }

    @Test func hexParsesBothCasesAndNothingElse() throws {
        let digest = SHA256Digest.of(Array("abc".utf8))
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == digest)
        #expect(SHA256Digest.zero.hex == String(repeating: "0", count: 64))
        for bad in ["", String(digest.hex.dropLast()), digest.hex + "0", "g" + digest.hex.dropFirst(), " " + digest.hex.dropFirst()] {
            #expect(SHA256Digest(hex: bad) == nil, "\(bad)")
        }
        let json = try JSONEncoder().encode([digest])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(digest.hex)\"]")
        #expect(try JSONDecoder().decode([SHA256Digest].self, from: json) == [digest])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([SHA256Digest].self, from: Data("[\"abc\"]".utf8)) }
    }
}
