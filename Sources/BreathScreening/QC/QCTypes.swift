/// The overall QC verdict of a run.
public enum QCStatus: String, Sendable, Hashable, Codable, Comparable {
    case pass = "PASS"
    case warn = "WARN"
    case fail = "FAIL"

    private var rank: Int {
        switch self {
        case .pass: 0
        case .warn: 1
        case .fail: 2
        }
    }

    public static func < (lhs: QCStatus, rhs: QCStatus) -> Bool { lhs.rank < rhs.rank }
}

/// Why a run is not a plain PASS: a stable code for software, a sentence for people.
public struct QCFinding: Sendable, Hashable, Codable {
    /// `.warn` or `.fail`.
    public var severity: QCStatus
    /// Stable reason code, e.g. `BREATH_VOLUME_LOW` (see ``QCCode``).
    public var code: String
    public var detail: String

    public init(severity: QCStatus, code: QCCode, detail: String) {
        self.severity = severity
        self.code = code.rawValue
        self.detail = detail
    }
}

/// Every QC reason code.
public enum QCCode: String, Sendable, Hashable, CaseIterable {
    case breathVolumeLow = "BREATH_VOLUME_LOW"
    case breathVolumeHigh = "BREATH_VOLUME_HIGH"
    case co2Low = "CO2_LOW"
    case co2High = "CO2_HIGH"
    case durationShort = "BREATH_DURATION_SHORT"
    case durationLong = "BREATH_DURATION_LONG"
    case internalStandardMissing = "INTERNAL_STANDARD_MISSING"
    case internalStandardRecoveryLow = "INTERNAL_STANDARD_RECOVERY_LOW"
    case internalStandardRecoveryHigh = "INTERNAL_STANDARD_RECOVERY_HIGH"
    case retentionDrift = "RETENTION_DRIFT"
    case baselineNoise = "BASELINE_NOISE"
    case detectorSaturated = "DETECTOR_SATURATED"
    case carryover = "CARRYOVER"
    case deviceFault = "DEVICE_FAULT"
    case repairedSamples = "REPAIRED_SAMPLES"
}

/// The breath-sample figures the device reports for a run (BREATH_METRICS).
public struct BreathSampleReport: Sendable, Hashable, Codable {
    public var exhaledVolumeML: Double
    public var endTidalCO2Percent: Double
    public var durationS: Double

    public init(exhaledVolumeML: Double, endTidalCO2Percent: Double, durationS: Double) {
        self.exhaledVolumeML = exhaledVolumeML
        self.endTidalCO2Percent = endTidalCO2Percent
        self.durationS = durationS
    }
}

/// A fault the device reported during the run (the wire protocol's FAULT), in plain values so
/// screening does not depend on the protocol module.
public struct DeviceFaultReport: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case warning, error, fatal
    }

    /// Protocol fault code.
    public var code: UInt16
    /// Its name, e.g. `LOW_BREATH_VOLUME`.
    public var name: String
    public var severity: Severity

    public init(code: UInt16, name: String, severity: Severity) {
        self.code = code
        self.name = name
        self.severity = severity
    }
}
