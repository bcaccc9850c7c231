/// Descriptive attributes of an ANDI/AIA file, as the data system wrote them (trimmed; nil when
/// absent or empty). Times here are converted to seconds like the trace.
public struct AIAMetadata: Sendable, Hashable {
    /// `detector_unit` (or the older `detector_units`), e.g. "uVolts", "abundance units".
    public var detectorUnit: String?
    /// `retention_unit` (or `retention_units`) as written, e.g. "time in seconds", "Minutes".
    public var retentionUnit: String?
    /// The unit ``retentionUnit`` was read as (seconds when the file gives none).
    public var timeUnit: TimeUnit
    /// `separation_experiment_type` (or `experiment_type`), e.g. "Gas Chromatography".
    public var experimentType: String?
    /// `sample_name`.
    public var sampleName: String?
    /// `sample_id`.
    public var sampleID: String?
    /// `detector_name`, e.g. "flame ionization".
    public var detectorName: String?
    /// `dataset_origin`: the data system or vendor that wrote the file.
    public var datasetOrigin: String?
    /// `injection_date_time_stamp` as written: `YYYYMMDDhhmmss±hhmm` (see ``injectionDate``).
    public var injectionTimestamp: String?
    /// `actual_run_time_length`, s.
    public var runTimeLength: Double?

    /// Metadata from its parts.
    public init(
        detectorUnit: String? = nil, retentionUnit: String? = nil, timeUnit: TimeUnit = .seconds,
        experimentType: String? = nil, sampleName: String? = nil, sampleID: String? = nil,
        detectorName: String? = nil, datasetOrigin: String? = nil, injectionTimestamp: String? = nil,
        runTimeLength: Double? = nil
    ) {
        self.detectorUnit = detectorUnit
        self.retentionUnit = retentionUnit
        self.timeUnit = timeUnit
        self.experimentType = experimentType
        self.sampleName = sampleName
        self.sampleID = sampleID
        self.detectorName = detectorName
        self.datasetOrigin = datasetOrigin
        self.injectionTimestamp = injectionTimestamp
        self.runTimeLength = runTimeLength
    }
}
