/// The only name a patient has in the results: 128 random bits, written as 26 base32 letters.
///
/// Random rather than derived from the patient's identifier (no hash, no key), so that once the
/// mapping row is erased nothing links the results back to the person; guessing is hopeless at
/// 2^128. Written in the RFC 4648 base32 alphabet (A–Z, 2–7), upper case, without padding.
public struct Pseudonym: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 26 letters.
    public let text: String

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Parses a pseudonym as printed (either case); nil when it is not 26 base32 letters.
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard upper.utf8.count == 26, upper.utf8.allSatisfy(Self.alphabet.contains) else { return nil }
        self.text = upper
    }

    /// A fresh pseudonym from `generator` (the system's cryptographic generator by default).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Pseudonym {
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        var letters = [UInt8]()
        letters.reserveCapacity(26)
        // 128 bits in 26 groups of five, most significant first; the last group is padded with zeros.
        for group in 0..<26 {
            let shift = 123 - group * 5  // bit offset of the group's low bit, counted from bit 0 of `low`
            let value: UInt64 = if shift >= 64 {
                high >> UInt64(shift - 64)
            } else if shift > 59 {
                (high << UInt64(64 - shift)) | (low >> UInt64(shift))
            } else if shift >= 0 {
                low >> UInt64(shift)
            } else {
                low << UInt64(-shift)
            }
            letters.append(alphabet[Int(value & 0x1F)])
        }
        return Pseudonym(uncheckedText: String(decoding: letters, as: UTF8.self))
    }

    /// A fresh pseudonym from the system's cryptographically secure generator.
    public static func random() -> Pseudonym {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    init(uncheckedText: String) { text = uncheckedText }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let pseudonym = Pseudonym(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a pseudonym: \(text)")
        }
        self = pseudonym
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
