import BreathSignal

/// An ANDI/AIA chromatography file (ASTM E1947) as read: the trace, its descriptive metadata,
/// and the data system's peak table.
public struct AIAFile: Sendable, Hashable {
    /// The detector trace, times in seconds, starting at `actual_delay_time`.
    public var chromatogram: Chromatogram
    /// What the file says about the run.
    public var metadata: AIAMetadata
    /// The data system's integration results, in file order; empty when the file has none.
    public var peaks: [AIAPeak]

    /// A file from its parts.
    public init(chromatogram: Chromatogram, metadata: AIAMetadata, peaks: [AIAPeak]) {
        self.chromatogram = chromatogram
        self.metadata = metadata
        self.peaks = peaks
    }
}
