import Foundation

/// `START_RUN`: begin a run tagged with the host's run id.
public struct StartRun: PayloadCodable {
    public var runID: RunID
    /// Unix epoch microseconds when the host sent the command.
    public var hostTimeMicros: UInt64

    public init(runID: RunID, hostTimeMicros: UInt64) {
        self.runID = runID
        self.hostTimeMicros = hostTimeMicros
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        runID = RunID(try reader.uuid("run_id"))
        hostTimeMicros = try reader.u64("host_time_us")
    }

    public func write(to writer: inout ByteWriter) {
        writer.uuid(runID.uuid)
        writer.u64(hostTimeMicros)
    }
}

/// `PHASE_CHANGED`: a run entered a phase (PROTOCOL.md 4.11).
public struct PhaseChange: PayloadCodable {
    public var runID: RunID
    public var phase: RunPhase
    /// Milliseconds since `START_RUN`.
    public var runTimeMillis: UInt32

    public init(runID: RunID, phase: RunPhase, runTimeMillis: UInt32) {
        self.runID = runID
        self.phase = phase
        self.runTimeMillis = runTimeMillis
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        runID = RunID(try reader.uuid("run_id"))
        phase = RunPhase(rawValue: try reader.u8("phase"))
        runTimeMillis = try reader.u32("run_time_ms")
    }

    public func write(to writer: inout ByteWriter) {
        writer.uuid(runID.uuid)
        writer.u8(phase.rawValue)
        writer.u32(runTimeMillis)
    }
}

/// `BREATH_METRICS`: how good the breath sample was (PROTOCOL.md 4.7).
public struct BreathMetrics: PayloadCodable, Codable {
    public var runID: RunID
    public var exhaledVolumeML: Float
    public var endTidalCO2Percent: Float
    public var relativeHumidityPercent: Float
    public var durationS: Float
    public var meanFlowMLPerMin: Float
    public var flags: BreathMetricsFlags

    public init(
        runID: RunID, exhaledVolumeML: Float, endTidalCO2Percent: Float, relativeHumidityPercent: Float,
        durationS: Float, meanFlowMLPerMin: Float, flags: BreathMetricsFlags
    ) {
        self.runID = runID
        self.exhaledVolumeML = exhaledVolumeML
        self.endTidalCO2Percent = endTidalCO2Percent
        self.relativeHumidityPercent = relativeHumidityPercent
        self.durationS = durationS
        self.meanFlowMLPerMin = meanFlowMLPerMin
        self.flags = flags
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        runID = RunID(try reader.uuid("run_id"))
        exhaledVolumeML = try reader.f32("exhaled_volume_ml")
        endTidalCO2Percent = try reader.f32("end_tidal_co2_percent")
        relativeHumidityPercent = try reader.f32("relative_humidity_percent")
        durationS = try reader.f32("duration_s")
        meanFlowMLPerMin = try reader.f32("mean_flow_ml_min")
        flags = BreathMetricsFlags(rawValue: try reader.u8("flags"))
    }

    public func write(to writer: inout ByteWriter) {
        writer.uuid(runID.uuid)
        writer.f32(exhaledVolumeML)
        writer.f32(endTidalCO2Percent)
        writer.f32(relativeHumidityPercent)
        writer.f32(durationS)
        writer.f32(meanFlowMLPerMin)
        writer.u8(flags.rawValue)
    }
}

/// Quality flags of `BREATH_METRICS`.
public struct BreathMetricsFlags: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let volumeBelowTarget = BreathMetricsFlags(rawValue: 1 << 0)
    public static let carbonDioxideLow = BreathMetricsFlags(rawValue: 1 << 1)
    public static let durationLimitReached = BreathMetricsFlags(rawValue: 1 << 2)
}

/// `RUN_COMPLETE`: a run ended, with the device's totals to cross-check (PROTOCOL.md 4.9).
public struct RunComplete: PayloadCodable {
    public var runID: RunID
    public var outcome: RunOutcome
    public var totalSamples: UInt32
    public var totalBlocks: UInt32
    public var runDurationMillis: UInt32
    /// CRC-32C over every streamed detector value (f32 little-endian, index order).
    public var detectorCRC32C: UInt32
    /// The fault that ended the run, or nil.
    public var fault: FaultCode?

    public init(
        runID: RunID, outcome: RunOutcome, totalSamples: UInt32, totalBlocks: UInt32, runDurationMillis: UInt32,
        detectorCRC32C: UInt32, fault: FaultCode?
    ) {
        self.runID = runID
        self.outcome = outcome
        self.totalSamples = totalSamples
        self.totalBlocks = totalBlocks
        self.runDurationMillis = runDurationMillis
        self.detectorCRC32C = detectorCRC32C
        self.fault = fault
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        runID = RunID(try reader.uuid("run_id"))
        outcome = RunOutcome(rawValue: try reader.u8("status"))
        totalSamples = try reader.u32("total_samples")
        totalBlocks = try reader.u32("total_blocks")
        runDurationMillis = try reader.u32("run_duration_ms")
        detectorCRC32C = try reader.u32("detector_crc32c")
        let code = try reader.u16("fault_code")
        fault = code == 0 ? nil : FaultCode(rawValue: code)
    }

    public func write(to writer: inout ByteWriter) {
        writer.uuid(runID.uuid)
        writer.u8(outcome.rawValue)
        writer.u32(totalSamples)
        writer.u32(totalBlocks)
        writer.u32(runDurationMillis)
        writer.u32(detectorCRC32C)
        writer.u16(fault?.rawValue ?? 0)
    }
}

/// `FAULT`: a device fault or warning (PROTOCOL.md 4.10).
public struct Fault: PayloadCodable {
    public var code: FaultCode
    public var severity: FaultSeverity
    /// The affected run, or nil.
    public var runID: RunID?
    public var runTimeMillis: UInt32
    public var message: String

    public init(code: FaultCode, severity: FaultSeverity, runID: RunID?, runTimeMillis: UInt32, message: String) {
        self.code = code
        self.severity = severity
        self.runID = runID
        self.runTimeMillis = runTimeMillis
        self.message = message
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        code = FaultCode(rawValue: try reader.u16("code"))
        severity = FaultSeverity(rawValue: try reader.u8("severity"))
        runID = RunID(wire: try reader.uuid("run_id"))
        runTimeMillis = try reader.u32("run_time_ms")
        message = try reader.string("message")
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(code.rawValue)
        writer.u8(severity.rawValue)
        writer.uuid(runID.wire)
        writer.u32(runTimeMillis)
        writer.string(message)
    }
}
