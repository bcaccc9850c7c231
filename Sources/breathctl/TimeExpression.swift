import Foundation

/// The times `--since` and `--until` accept, read the way journalctl reads them.
///
/// - a date and time: `2026-03-01 09:00`, `2026-03-01 09:00:30`, `2026-03-01T09:00`;
/// - a day: `2026-03-01` (its midnight);
/// - `now`, `today`, `yesterday`, `tomorrow` (midnight of that day);
/// - a time relative to now: `-30s`, `-15m`, `-2h`, `-3d`, `-1w` (also `-2 hours`, `-3days`);
/// - ISO 8601 with a zone: `2026-03-01T09:00:00Z`, `2026-03-01T09:00:00+01:00`.
///
/// A date or time without a zone is in `timeZone` (the caller passes the local zone), which
/// also decides where a day starts. Pure: the clock and the zone are parameters.
enum TimeExpression {
    /// What went wrong, for the one line the user sees.
    struct Malformed: Error, Equatable {
        var text: String
    }

    /// The forms, for error messages and help.
    static let forms = "2026-03-01 09:00, 2026-03-01, today, yesterday, -2h or -3d"

    static func parse(_ text: String, now: Date, timeZone: TimeZone) throws(Malformed) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let midnight = calendar.startOfDay(for: now)
        switch trimmed {
        case "now": return now
        case "today": return midnight
        case "yesterday": return calendar.date(byAdding: .day, value: -1, to: midnight)!
        case "tomorrow": return calendar.date(byAdding: .day, value: 1, to: midnight)!
        default: break
        }
        if trimmed.hasPrefix("-") {
            guard let date = relative(String(trimmed.dropFirst()), now: now, calendar: calendar) else { throw Malformed(text: text) }
            return date
        }
        if let date = calendarDate(trimmed, calendar: calendar) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text.uppercased()) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text.uppercased()) { return date }
        throw Malformed(text: text)
    }

    /// `2h`, `3 days`, …: an amount and a unit, subtracted from now. Days and weeks follow the
    /// calendar (a day across a daylight-saving change is 23 or 25 hours, as people mean it).
    private static func relative(_ text: String, now: Date, calendar: Calendar) -> Date? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let amount = Int(digits) else { return nil }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        switch unit {
        case "s", "sec", "secs", "second", "seconds": return now.addingTimeInterval(-Double(amount))
        case "m", "min", "mins", "minute", "minutes": return now.addingTimeInterval(-Double(amount) * 60)
        case "h", "hr", "hrs", "hour", "hours": return now.addingTimeInterval(-Double(amount) * 3600)
        case "d", "day", "days": return calendar.date(byAdding: .day, value: -amount, to: now)
        case "w", "week", "weeks": return calendar.date(byAdding: .day, value: -7 * amount, to: now)
        default: return nil
        }
    }

    /// `YYYY-MM-DD`, optionally followed (after a space or `T`) by `HH:MM` or `HH:MM:SS`, in
    /// the calendar's zone; nil for anything else, including impossible dates (2026-02-30).
    private static func calendarDate(_ text: String, calendar: Calendar) -> Date? {
        let parts = text.split(omittingEmptySubsequences: true) { $0 == " " || $0 == "t" }
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard let day = numbers(parts[0], separator: "-", widths: [4, 2, 2]) else { return nil }
        var time = [0, 0, 0]
        if parts.count == 2 {
            guard let clock = numbers(parts[1], separator: ":", widths: [2, 2]) ?? numbers(parts[1], separator: ":", widths: [2, 2, 2])
            else { return nil }
            time = clock + (clock.count == 2 ? [0] : [])
        }
        let components = DateComponents(
            calendar: calendar, timeZone: calendar.timeZone, year: day[0], month: day[1], day: day[2],
            hour: time[0], minute: time[1], second: time[2])
        // Calendar normalises 2026-02-30 to March 2nd; a date a person mistyped must be refused.
        guard (1...12).contains(day[1]), time[0] < 24, time[1] < 60, time[2] < 60,
              let date = calendar.date(from: components),
              calendar.component(.day, from: date) == day[2], calendar.component(.month, from: date) == day[1]
        else { return nil }
        return date
    }

    /// Fields of exactly `widths` digits joined by `separator`.
    private static func numbers(_ text: Substring, separator: Character, widths: [Int]) -> [Int]? {
        let fields = text.split(separator: separator, omittingEmptySubsequences: false)
        guard fields.count == widths.count else { return nil }
        var values = [Int]()
        for (field, width) in zip(fields, widths) {
            guard field.count == width, field.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(field) else { return nil }
            values.append(value)
        }
        return values
    }
}
