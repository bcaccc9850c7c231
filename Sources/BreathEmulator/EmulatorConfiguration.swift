import BreathWire

/// Everything that makes one emulated device behave the way a test or demo needs.
///
/// The emulator is deterministic: the same configuration, seed and host commands give the
/// same bytes, whatever the pacing.
public struct EmulatorConfiguration: Sendable, Hashable, Codable {
    public var serial = "BGC1-EMU-0001"
    public var hardwareVersion = "emulator rev 1"
    public var firmwareVersion = "1.0.0-emulator"
    public var calibrationID = "CAL-EMU-2026-01"
    /// Seeds the chromatogram, the breath metrics and the channel noise.
    public var seed: UInt64 = 1
    /// Whose breath the device samples (synthetic).
    public var subject: Subject = .control
    /// How the patient breathes into the sampler.
    public var breath = Breath()
    /// Fractional retention-time drift of the column, e.g. 0.02 for +2 %.
    public var retentionDrift = 0.0
    /// Faults to inject, by run time or frame ordinal.
    public var faults: [InjectedFault] = []
    /// Seconds between sample blocks while streaming (PROTOCOL.md 4.8 requires ≤ 0.5 s).
    public var blockInterval = 0.5
    /// Seconds an error fault stays active after its run ended.
    public var faultClearDelay = 5.0

    public init() {}

    /// Whose breath is sampled: a synthetic subject profile.
    public enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        /// Typical healthy breath levels (log-normal between-person variation).
        case control
        /// The same plus modest fold changes on a few literature lung-cancer markers.
        case caseLike = "case-like"
    }

    /// The breath sampler's view of the patient's exhalation.
    public struct Breath: Sendable, Hashable, Codable {
        /// Volume the patient manages to exhale through the trap in the allowed time, mL.
        public var availableVolumeML: Double = 1150
        /// Mean sampler flow, mL/min.
        public var flowMLPerMin: Double = 400
        public var endTidalCO2Percent: Double = 5.2
        public var relativeHumidityPercent: Double = 88

        public init() {}
    }
}

/// A fault the emulator injects into a run or into its output stream.
public enum InjectedFault: Sendable, Hashable, Codable {
    /// The device vanishes from the bus this many seconds after `START_RUN`.
    case disconnect(atRunTime: Double)
    /// The n-th frame (0-based) the device sends on bulk IN gets one payload bit flipped.
    case corruptDataFrame(ordinal: Int)
    /// The n-th frame (0-based) on bulk IN is lost; its sequence number is skipped.
    case dropDataFrame(ordinal: Int)
    /// Bulk IN goes silent at a run time for a while; what was held back follows late.
    case stall(atRunTime: Double, duration: Double)
    /// The device reports a fault at a run time; error and fatal severities end the run.
    case deviceFault(code: UInt16, severity: UInt8, atRunTime: Double)
}
