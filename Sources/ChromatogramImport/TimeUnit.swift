/// The unit a source file states its times in; ``Chromatogram`` always holds seconds.
public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
    /// Seconds (the ASTM E1947 default, and this package's).
    case seconds
    /// Minutes, which many data systems export.
    case minutes
    /// Milliseconds.
    case milliseconds

    /// Seconds in one of this unit: multiply a source time by it.
    public var secondsPerUnit: Double {
        switch self {
        case .seconds: 1
        case .minutes: 60
        case .milliseconds: 0.001
        }
    }

    /// The unit a free-text label names, or nil when it names none of them.
    ///
    /// Vendors spell units in many ways ("time in seconds", "Time-Sec", "Minutes", "min", "ms"),
    /// so the label is split into words and each word is looked up, rather than matched whole.
    /// Minutes win over seconds because "min" never abbreviates a second, whereas "s" can be
    /// a stray letter; a label such as "time" that names no unit at all gives nil.
    public init?(label: String) {
        let words = Self.words(of: label)
        if words.contains(where: Self.minuteWords.contains) {
            self = .minutes
        } else if words.contains(where: Self.millisecondWords.contains) {
            self = .milliseconds
        } else if words.contains(where: Self.secondWords.contains) {
            self = .seconds
        } else {
            return nil
        }
    }

    /// Lowercased runs of letters: "Time-Sec" → ["time", "sec"], "rt_min" → ["rt", "min"].
    static func words(of label: String) -> [String] {
        label.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    private static let minuteWords: Set<String> = ["min", "mins", "minute", "minutes"]
    // "miliseconds" is a misspelling data systems have been seen to write.
    private static let millisecondWords: Set<String> = [
        "ms", "msec", "msecs", "millisecond", "milliseconds", "milisecond", "miliseconds",
    ]
    private static let secondWords: Set<String> = ["s", "sec", "secs", "second", "seconds"]
}
