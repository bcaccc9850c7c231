import Foundation

/// The checks every text and number handed to the store passes, each failing with one clear line.
enum InputRules {
    /// A name a person types or a program logs (actor, username, model id, version): printable,
    /// 1 to `maxLength` characters, no control characters or surrounding whitespace.
    static func name(_ value: String, _ what: String, maxLength: Int = 64) throws(StoreError) {
        guard !value.isEmpty, value.count <= maxLength, !value.unicodeScalars.contains(where: isControl),
              value.trimmingCharacters(in: .whitespaces) == value
        else {
            throw StoreError.invalidInput("\(what) must be 1 to \(maxLength) characters without control characters or surrounding spaces")
        }
    }

    /// Free text (a reason, a detail): up to `maxLength` characters without control characters
    /// other than line breaks; empty only when `allowEmpty`.
    static func text(_ value: String, _ what: String, maxLength: Int = 2000, allowEmpty: Bool = false) throws(StoreError) {
        let allowed: Set<Unicode.Scalar> = ["\n"]
        guard allowEmpty || !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalidInput("\(what) must not be empty")
        }
        guard value.count <= maxLength, !value.unicodeScalars.contains(where: { isControl($0) && !allowed.contains($0) }) else {
            throw StoreError.invalidInput("\(what) must be at most \(maxLength) characters without control characters")
        }
    }

    /// A finite number, in `range` when given. SQLite would store NaN as NULL.
    static func number(_ value: Double, _ what: String, in range: ClosedRange<Double>? = nil) throws(StoreError) {
        guard value.isFinite else { throw StoreError.invalidInput("\(what) must be a finite number") }
        if let range, !range.contains(value) {
            throw StoreError.invalidInput("\(what) must be between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
