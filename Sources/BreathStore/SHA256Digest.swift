import CLibCrypto
import Foundation
import GRDB

/// A SHA-256 digest: of a capture file, a model file, an audit entry or a result's contents.
///
/// Computed with the system's OpenSSL libcrypto (Debian `libssl-dev`), so security fixes arrive
/// with the operating system's updates. Written and read as 64 lowercase hexadecimal digits.
public struct SHA256Digest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The digest of no input at all, used as the "previous hash" of the first audit entry.
    public static let zero = SHA256Digest(uncheckedBytes: [UInt8](repeating: 0, count: 32))

    fileprivate init(uncheckedBytes: [UInt8]) { bytes = uncheckedBytes }

    /// Parses 64 hexadecimal digits (either case); nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// The digest of `data`.
    public static func of(_ data: some ContiguousBytes) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finish()
    }

    /// The digest of the file at `path`, read in chunks; throws the read error.
    public static func ofFile(atPath path: String) throws -> SHA256Digest {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hasher.finish()
    }

    /// 64 lowercase hexadecimal digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = SHA256Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a SHA-256 digest: \(text)")
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Stored as its 64 lowercase hexadecimal digits.
extension SHA256Digest: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { hex.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SHA256Digest? {
        String.fromDatabaseValue(dbValue).flatMap(SHA256Digest.init(hex:))
    }
}

/// An incremental SHA-256 computation over libcrypto's EVP interface.
struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    init() {
        // Allocation or initialisation fails only when the process is out of memory or
        // libcrypto is broken; neither leaves anything sensible to do but stop.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto cannot initialise SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    mutating func update(_ data: some ContiguousBytes) {
        data.withUnsafeBytes { raw in
            guard raw.count > 0 else { return }
            guard EVP_DigestUpdate(context, raw.baseAddress, raw.count) == 1 else { fatalError("libcrypto SHA-256 update failed") }
        }
    }

    consuming func finish() -> SHA256Digest {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
            fatalError("libcrypto SHA-256 finalisation failed")
        }
        return SHA256Digest(uncheckedBytes: Array(digest.prefix(32)))
    }
}
