import CLibCrypto
import Foundation

/// SHA-256 of a model file's bytes, through the system libcrypto the result store also uses.
enum SHA256 {
    /// 64 lowercase hexadecimal digits of the digest of `data`.
    static func hex(of data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &digest, &length, EVP_sha256(), nil)
        }
        // Fails only when libcrypto is broken or memory is exhausted.
        guard status == 1, length == 32 else { fatalError("libcrypto SHA-256 failed") }
        return digest.prefix(32).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// Whether `text` is 64 hexadecimal digits.
    static func isHexDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.allSatisfy(\.isHexDigit)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
