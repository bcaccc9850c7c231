import Foundation

extension AIAMetadata {
    /// ``injectionTimestamp`` as a date, or nil when absent or not of the form
    /// `YYYYMMDDhhmmss±hhmm` (the zone may be missing: UTC is assumed then).
    ///
    /// Taken at face value: real files carry implausible stamps (year 3991 in one vendor
    /// example), and judging plausibility is the caller's business.
    public var injectionDate: Date? { injectionTimestamp.flatMap(AIATimestamp.date(from:)) }
}

/// The ASTM E1947 date-time stamp format.
enum AIATimestamp {
    static func date(from stamp: String) -> Date? {
        let characters = Array(stamp)
        guard characters.count == 14 || characters.count == 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(characters[range])) }
        guard characters[0..<14].allSatisfy(\.isASCIIDigit),
              let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(8..<10), let minute = number(10..<12), let second = number(12..<14),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if characters.count == 19 {
            guard characters[14] == "+" || characters[14] == "-", characters[15...].allSatisfy(\.isASCIIDigit),
                  let hours = number(15..<17), let minutes = number(17..<19), hours < 24, minutes < 60
            else { return nil }
            offset = (characters[14] == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        // Rejects days the month lacks (e.g. 31 April) instead of letting them roll over.
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
