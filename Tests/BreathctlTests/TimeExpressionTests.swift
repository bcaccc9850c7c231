import Foundation
import Testing

@testable import breathctl

/// `--since` and `--until`: every accepted form, in an explicit zone, and the refusals.
@Suite struct TimeExpressionTests {
    /// Berlin: +01:00 in winter, +02:00 from the last Sunday of March.
    static let zone = TimeZone(identifier: "Europe/Berlin")!
    /// 2026-03-04 15:30:00 in Berlin (14:30 UTC).
    static let now = Date(timeIntervalSince1970: 1_772_634_600)

    static func parse(_ text: String, zone: TimeZone = zone) throws(TimeExpression.Malformed) -> Date {
        try TimeExpression.parse(text, now: now, timeZone: zone)
    }

    static func utc(_ text: String) -> Date { try! Date.ISO8601FormatStyle().parse(text) }

    @Test func nowIsTheClock() throws {
        #expect(try Self.parse("now") == Self.now)
    }

    @Test(arguments: [
        ("2026-03-01 09:00", "2026-03-01T08:00:00Z"),
        ("2026-03-01T09:00", "2026-03-01T08:00:00Z"),
        ("2026-03-01 09:00:30", "2026-03-01T08:00:30Z"),
        ("2026-03-01", "2026-02-28T23:00:00Z"),
        ("  2026-03-01  ", "2026-02-28T23:00:00Z"),
        // Summer time: the offset follows the date, not today's offset.
        ("2026-07-01 09:00", "2026-07-01T07:00:00Z"),
        ("today", "2026-03-03T23:00:00Z"),
        ("Today", "2026-03-03T23:00:00Z"),
        ("yesterday", "2026-03-02T23:00:00Z"),
        ("tomorrow", "2026-03-04T23:00:00Z"),
        ("-2h", "2026-03-04T12:30:00Z"),
        ("-90m", "2026-03-04T13:00:00Z"),
        ("-45s", "2026-03-04T14:29:15Z"),
        ("-3d", "2026-03-01T14:30:00Z"),
        ("-3 days", "2026-03-01T14:30:00Z"),
        ("-1w", "2026-02-25T14:30:00Z"),
        ("2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z"),
        ("2026-03-01T09:00:00+05:00", "2026-03-01T04:00:00Z"),
    ])
    func acceptedForms(_ text: String, _ expected: String) throws {
        #expect(try Self.parse(text) == Self.utc(expected), "\(text)")
    }

    @Test func theZoneDecidesWhereADayStarts() throws {
        #expect(try Self.parse("2026-03-01", zone: TimeZone(identifier: "UTC")!) == Self.utc("2026-03-01T00:00:00Z"))
        #expect(try Self.parse("today", zone: TimeZone(identifier: "America/New_York")!) == Self.utc("2026-03-04T05:00:00Z"))
    }

    @Test func aDayAcrossTheSpringChangeIsACalendarDay() throws {
        // 2026-03-29 is the change in Berlin: "-1d" from 12:00 on the 30th is 12:00 on the 29th, 24 h before only in name.
        let monday = Self.utc("2026-03-30T10:00:00Z")
        #expect(try TimeExpression.parse("-1d", now: monday, timeZone: Self.zone) == Self.utc("2026-03-29T10:00:00Z"))
        #expect(try TimeExpression.parse("-2d", now: monday, timeZone: Self.zone) == Self.utc("2026-03-28T11:00:00Z"))
    }

    @Test(arguments: [
        "", "soon", "2026-13-01", "2026-02-30", "2026-3-1", "2026-03-01 25:00", "2026-03-01 09:60", "2026-03-01 9:00",
        "-2", "-h", "-2y", "-2 fortnights", "+2h", "2h", "-9999999h", "01.03.2026", "2026-03-01 09:00 extra",
    ])
    func malformedTextsAreRefusedNamingTheText(_ text: String) {
        #expect(throws: TimeExpression.Malformed(text: text)) { try Self.parse(text) }
    }
}
