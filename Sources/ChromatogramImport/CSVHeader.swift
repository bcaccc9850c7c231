/// What a CSV header line says about its two columns.
struct CSVHeader {
    /// The column names as written (quotes and surrounding spaces removed).
    var names: [String]
    /// 0 when time comes first (the usual order), 1 when the header names intensity first.
    var timeColumn: Int
    /// The unit the time column's name states, seconds when it states none.
    var timeUnit: TimeUnit
    /// The intensity unit given in brackets in its name ("Signal (pA)" → "pA"), if any.
    var intensityUnit: String?

    /// Interprets a two-field header line.
    ///
    /// Without a header, or with names that identify neither column, the order is time then
    /// intensity; the order is swapped only when the first name is clearly an intensity and the
    /// second clearly a time, so an unusual name never reorders data silently.
    init(names: [String]) {
        self.names = names
        let swapped = names.count == 2 && !Self.isTimeName(names[0]) && Self.isIntensityName(names[0])
            && Self.isTimeName(names[1])
        timeColumn = swapped ? 1 : 0
        timeUnit = names.indices.contains(timeColumn) ? TimeUnit(label: names[timeColumn]) ?? .seconds : .seconds
        let intensityColumn = 1 - timeColumn
        intensityUnit = names.indices.contains(intensityColumn) ? Self.bracketedUnit(in: names[intensityColumn]) : nil
    }

    /// The layout when the file has no header: time, intensity, in seconds.
    static let absent = CSVHeader(timeColumn: 0, timeUnit: .seconds)

    private init(timeColumn: Int, timeUnit: TimeUnit) {
        names = []
        self.timeColumn = timeColumn
        self.timeUnit = timeUnit
        intensityUnit = nil
    }

    private static let timeWords: Set<String> = [
        "time", "rt", "retention", "min", "mins", "minute", "minutes", "sec", "secs", "second", "seconds",
    ]
    private static let intensityWords: Set<String> = [
        "intensity", "signal", "abundance", "counts", "count", "response", "value", "tic",
    ]

    // Substring checks catch run-together names ("RetentionTime", "TotalIntensity").
    static func isTimeName(_ name: String) -> Bool {
        TimeUnit.words(of: name).contains(where: timeWords.contains) || name.lowercased().contains("time")
    }

    static func isIntensityName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return TimeUnit.words(of: name).contains(where: intensityWords.contains)
            || ["intensity", "signal", "abundance"].contains(where: lowered.contains)
    }

    /// The text inside the last (…) or […] of `name`, if not empty.
    static func bracketedUnit(in name: String) -> String? {
        guard let close = name.lastIndex(where: { $0 == ")" || $0 == "]" }) else { return nil }
        let open: Character = name[close] == ")" ? "(" : "["
        guard let start = name[..<close].lastIndex(of: open) else { return nil }
        let unit = name[name.index(after: start)..<close].trimmingWhitespace()
        return unit.isEmpty ? nil : String(unit)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (and other Unicode whitespace).
    func trimmingWhitespace() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
