/// One row of an ANDI/AIA peak table. Times are in seconds; values the file leaves out (the
/// variable is absent, holds its fill value or NaN, or a height is -1) are nil.
public struct AIAPeak: Sendable, Hashable {
    /// `peak_name`, e.g. the identified compound.
    public var name: String?
    /// `peak_retention_time`, s.
    public var retentionTime: Double
    /// `peak_start_time`, s.
    public var startTime: Double?
    /// `peak_end_time`, s.
    public var endTime: Double?
    /// `peak_height`, in detector units; nil when the file writes -1 ("not given").
    public var height: Double?
    /// `peak_area`, in the data system's own units (detector unit × its time unit, usually).
    public var area: Double?
    /// `baseline_start_time` and `baseline_start_value`.
    public var baselineStart: AIABaselinePoint?
    /// `baseline_stop_time` and `baseline_stop_value`.
    public var baselineStop: AIABaselinePoint?

    /// A peak from its parts.
    public init(
        name: String? = nil, retentionTime: Double, startTime: Double? = nil, endTime: Double? = nil,
        height: Double? = nil, area: Double? = nil, baselineStart: AIABaselinePoint? = nil,
        baselineStop: AIABaselinePoint? = nil
    ) {
        self.name = name
        self.retentionTime = retentionTime
        self.startTime = startTime
        self.endTime = endTime
        self.height = height
        self.area = area
        self.baselineStart = baselineStart
        self.baselineStop = baselineStop
    }
}

/// An end of the baseline the data system drew under a peak.
public struct AIABaselinePoint: Sendable, Hashable {
    /// Time, s.
    public var time: Double
    /// Detector signal there, in detector units.
    public var value: Double

    /// A point from its parts.
    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }
}
