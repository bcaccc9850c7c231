import BreathSignal

/// A chromatogram read from `time,intensity` text, with what the text said about itself.
public struct CSVFile: Sendable, Hashable {
    /// The trace, times in seconds. ``Chromatogram/wasResampled`` is true when the file's times
    /// were not uniformly spaced and the trace was interpolated onto a uniform grid.
    public var chromatogram: Chromatogram
    /// The unit the file's times were in (from the header; seconds when it names none).
    public var timeUnit: TimeUnit
    /// The header's column names as written, or nil when the file has no header.
    public var columnNames: [String]?

    /// A result from its parts.
    public init(chromatogram: Chromatogram, timeUnit: TimeUnit, columnNames: [String]?) {
        self.chromatogram = chromatogram
        self.timeUnit = timeUnit
        self.columnNames = columnNames
    }
}
