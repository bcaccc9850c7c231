/// A screening method: what to look for in a run and how to judge it, loaded from a versioned
/// JSON file (format described in Screening/FORMATS.md) and validated by ``ScreeningMethod/load(from:)``.
public struct ScreeningMethod: Sendable, Hashable, Codable {
    /// Always "breath-screening-method".
    public var format: String
    /// Version of the file format; this software reads ``supportedFormatVersion``.
    public var formatVersion: Int
    /// Method identifier, recorded with every result.
    public var id: String
    /// Method version, recorded with every result.
    public var version: String
    /// Retention-index calibration.
    public var retention: RetentionCalibrationSpec
    /// The internal standard the device adds in a fixed amount to every run.
    public var internalStandard: InternalStandardSpec
    /// Breath volume the concentrations are referred to, mL.
    public var nominalBreathVolumeML: Double
    /// A peak must stand this many noise σ above the baseline to count as detected.
    public var detectionSNR: Double
    /// Exponential tail of the column's peaks as a fraction of their Gaussian σ (τ/σ), from
    /// method validation; shapes the targeted fit of compounds the detector did not report.
    public var peakTailingRatio: Double
    /// Compounds to identify; those with `isFeature` feed the classifier.
    public var targets: [TargetCompound]
    /// QC thresholds.
    public var qc: QCThresholds
    /// The model this method uses.
    public var model: ModelPointer

    /// The file format version this software reads.
    public static let supportedFormatVersion = 1
    /// The value of `format`.
    public static let formatName = "breath-screening-method"

    /// The targets that are classifier features, in file order.
    public var featureTargets: [TargetCompound] { targets.filter(\.isFeature) }
}

/// Alkane-ladder calibration of the column and the reference peaks that correct each run's drift.
public struct RetentionCalibrationSpec: Sendable, Hashable, Codable {
    /// Unretained (dead) time of the calibration run, s.
    public var deadTimeS: Double
    /// n-alkane retention times measured on the calibration run.
    public var ladder: [LadderPoint]
    /// Peaks present in every run at known retention indices (the internal standard first);
    /// each run's drift is fitted through the ones found.
    public var referencePeaks: [ReferencePeak]
    /// How far (percent of retention time) a run may have drifted for the reference peaks to be
    /// searched; beyond it the run fails QC.
    public var searchDriftPercent: Double
    /// After the internal standard has fixed the drift, the other reference peaks must lie
    /// within this many seconds of their predicted time.
    public var referenceToleranceS: Double

    public struct LadderPoint: Sendable, Hashable, Codable {
        /// Carbon number n of the n-alkane (retention index 100·n).
        public var carbon: Int
        /// Retention time on the calibration run, s.
        public var timeS: Double
        public init(carbon: Int, timeS: Double) {
            self.carbon = carbon
            self.timeS = timeS
        }
    }

    public struct ReferencePeak: Sendable, Hashable, Codable {
        public var name: String
        public var retentionIndex: Double
        public init(name: String, retentionIndex: Double) {
            self.name = name
            self.retentionIndex = retentionIndex
        }
    }
}

/// The internal standard: identifies the run's drift and normalises every area.
public struct InternalStandardSpec: Sendable, Hashable, Codable {
    public var name: String
    public var retentionIndex: Double
    /// Amount added per run, ppb-equivalent of the nominal breath volume.
    public var amountPPB: Double
    /// Its PID response on the targets' scale.
    public var pidResponse: Double
    /// Area expected from the amount on a healthy detector; recovery = found / expected.
    public var expectedArea: Double
}

/// One compound to identify.
public struct TargetCompound: Sendable, Hashable, Codable {
    public var name: String
    public var cas: String?
    /// Retention index on the method's column.
    public var retentionIndex: Double
    /// Half-width of the identification window, retention-index units.
    public var windowRI: Double
    /// PID response relative to the internal standard's scale (> 0).
    public var pidResponse: Double
    /// Whether the compound is a classifier feature.
    public var isFeature: Bool
}

/// Limits for one QC quantity; any may be absent.
public struct QCLimits: Sendable, Hashable, Codable {
    public var failBelow: Double?
    public var warnBelow: Double?
    public var warnAbove: Double?
    public var failAbove: Double?
    public init(failBelow: Double? = nil, warnBelow: Double? = nil, warnAbove: Double? = nil, failAbove: Double? = nil) {
        self.failBelow = failBelow
        self.warnBelow = warnBelow
        self.warnAbove = warnAbove
        self.failAbove = failAbove
    }
}

/// Every QC threshold of a method.
public struct QCThresholds: Sendable, Hashable, Codable {
    /// Exhaled volume trapped, mL.
    public var breathVolumeML: QCLimits
    /// End-tidal CO2, percent: low values mean dead-space rather than alveolar air.
    public var endTidalCO2Percent: QCLimits
    /// Breath sampling duration, s.
    public var breathDurationS: QCLimits
    /// Internal-standard area over its expected area.
    public var internalStandardRecovery: QCLimits
    /// Retention drift of the run against the calibration, percent (absolute value).
    public var retentionDriftPercent: QCLimits
    /// Detector noise around the baseline, in the trace's unit.
    public var baselineNoise: QCLimits
    /// Samples at or above this level mean the detector saturated.
    public var saturationLevel: Double
    /// Fraction of the previous run left in the preconcentrator (method validation figure).
    public var carryoverFraction: Double
    /// Expected carryover from the previous run, as a fraction of a feature's area in this run.
    public var carryoverShare: QCLimits
}

/// Which model file the method uses.
public struct ModelPointer: Sendable, Hashable, Codable {
    public var id: String
    /// Model file name, relative to the method file.
    public var file: String
    /// SHA-256 of the model file, when the method pins it (64 hex digits).
    public var sha256: String?
}
