import Foundation
import GRDB

/// How an acquisition ended, as stored.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The device completed the run and every sample arrived.
    case complete
    /// The run was cut short (abort, disconnect, host shutdown); what arrived is kept.
    case interrupted
    /// The device faulted, or the data cannot be trusted (totals disagree).
    case failed
}

/// One acquired run: where it came from, how it went, and what the breath sampler measured.
public struct RunRecord: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"

    public var id: Int64?
    public var runUUID: String
    public var deviceSerial: String
    public var methodID: String
    /// "emulator", "usb", or "replay:<capture>".
    public var source: String
    public var status: RunStatus
    public var statusReason: String?
    public var startedAt: Date
    public var endedAt: Date
    public var samplePeriodMicros: Int
    public var sampleCount: Int
    public var missingSamples: Int
    public var sequenceGaps: Int
    public var droppedBytes: Int
    public var malformedFrames: Int
    public var deviceOutcome: String?
    public var deviceFaultCode: Int?
    /// Whether the device's RUN_COMPLETE totals (count, blocks, CRC) matched what arrived.
    public var totalsVerified: Bool
    public var breathVolumeML: Double?
    public var breathCO2Percent: Double?
    public var breathHumidityPercent: Double?
    public var breathDurationS: Double?
    public var breathFlowMLPerMin: Double?
    public var capturePath: String
    /// The SHA-256 of the capture file when the run was stored; nil for runs stored before v2.
    public var captureSHA256: SHA256Digest?

    public init(
        runUUID: String, deviceSerial: String, methodID: String, source: String, status: RunStatus,
        statusReason: String?, startedAt: Date, endedAt: Date, samplePeriodMicros: Int, sampleCount: Int,
        missingSamples: Int, sequenceGaps: Int, droppedBytes: Int, malformedFrames: Int, deviceOutcome: String?,
        deviceFaultCode: Int?, totalsVerified: Bool, breathVolumeML: Double?, breathCO2Percent: Double?,
        breathHumidityPercent: Double?, breathDurationS: Double?, breathFlowMLPerMin: Double?, capturePath: String,
        captureSHA256: SHA256Digest? = nil
    ) {
        self.runUUID = runUUID
        self.deviceSerial = deviceSerial
        self.methodID = methodID
        self.source = source
        self.status = status
        self.statusReason = statusReason
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.samplePeriodMicros = samplePeriodMicros
        self.sampleCount = sampleCount
        self.missingSamples = missingSamples
        self.sequenceGaps = sequenceGaps
        self.droppedBytes = droppedBytes
        self.malformedFrames = malformedFrames
        self.deviceOutcome = deviceOutcome
        self.deviceFaultCode = deviceFaultCode
        self.totalsVerified = totalsVerified
        self.breathVolumeML = breathVolumeML
        self.breathCO2Percent = breathCO2Percent
        self.breathHumidityPercent = breathHumidityPercent
        self.breathDurationS = breathDurationS
        self.breathFlowMLPerMin = breathFlowMLPerMin
        self.capturePath = capturePath
        self.captureSHA256 = captureSHA256
    }

    enum CodingKeys: String, CodingKey {
        case id, status, source
        case runUUID = "run_uuid", deviceSerial = "device_serial", methodID = "method_id"
        case statusReason = "status_reason", startedAt = "started_at", endedAt = "ended_at"
        case samplePeriodMicros = "sample_period_us", sampleCount = "sample_count"
        case missingSamples = "missing_samples", sequenceGaps = "sequence_gaps", droppedBytes = "dropped_bytes"
        case malformedFrames = "malformed_frames", deviceOutcome = "device_outcome"
        case deviceFaultCode = "device_fault_code", totalsVerified = "totals_verified"
        case breathVolumeML = "breath_volume_ml", breathCO2Percent = "breath_co2_percent"
        case breathHumidityPercent = "breath_humidity_percent", breathDurationS = "breath_duration_s"
        case breathFlowMLPerMin = "breath_flow_ml_min", capturePath = "capture_path"
        case captureSHA256 = "capture_sha256"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The device a run came from.
public struct DeviceRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "device"

    public var serial: String
    public var hardwareVersion: String
    public var firmwareVersion: String
    public var calibrationID: String
    public var protocolVersion: String
    public var firstSeenAt: Date
    public var lastSeenAt: Date

    public init(
        serial: String, hardwareVersion: String, firmwareVersion: String, calibrationID: String,
        protocolVersion: String, seenAt: Date
    ) {
        self.serial = serial
        self.hardwareVersion = hardwareVersion
        self.firmwareVersion = firmwareVersion
        self.calibrationID = calibrationID
        self.protocolVersion = protocolVersion
        firstSeenAt = seenAt
        lastSeenAt = seenAt
    }

    enum CodingKeys: String, CodingKey {
        case serial
        case hardwareVersion = "hardware_version", firmwareVersion = "firmware_version"
        case calibrationID = "calibration_id", protocolVersion = "protocol_version"
        case firstSeenAt = "first_seen_at", lastSeenAt = "last_seen_at"
    }
}

/// Something that happened during a run: a phase change, a fault, an anomaly on the link.
public struct RunEventRecord: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run_event"

    public var runID: Int64
    public var runTimeMillis: Int
    /// "phase", "fault", "sequence-gap", "sample-gap", "malformed-frame", "link", "analysis" (the
    /// signal core's summary, added after the run is stored; `code` is the peak count).
    public var kind: String
    public var code: Int?
    public var detail: String

    public init(runID: Int64, runTimeMillis: Int, kind: String, code: Int?, detail: String) {
        self.runID = runID
        self.runTimeMillis = runTimeMillis
        self.kind = kind
        self.code = code
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case kind, code, detail
        case runID = "run_id", runTimeMillis = "run_time_ms"
    }
}

/// The sampled channels of a run, index-aligned; a sample that never arrived is NaN.
public struct RunTrace: Sendable, Hashable {
    public var detector: [Float]
    public var columnTemperature: [Float]?
    public var carrierPressure: [Float]?

    public init(detector: [Float], columnTemperature: [Float]?, carrierPressure: [Float]?) {
        self.detector = detector
        self.columnTemperature = columnTemperature
        self.carrierPressure = carrierPressure
    }
}
