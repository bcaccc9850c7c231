import BreathCapture
import BreathDevice
import BreathStore
import BreathWire
import Foundation
import Logging

/// Acquires runs from a device and stores them: session → capture file → result store.
///
/// Every transfer of a run is captured before it is decoded, so the capture is the
/// complete record even when decoding finds garbage; the stored run says how the
/// acquisition went (complete, interrupted, failed) and why.
public struct AcquisitionPipeline: Sendable {
    public let store: ResultStore
    public let captureDirectory: URL
    public let softwareVersion: String
    /// Who the audit trail names for run starts and stored runs.
    public let actor: String
    private let logger: Logger

    public init(store: ResultStore, captureDirectory: URL, softwareVersion: String, logger: Logger, actor: String = "breathd") {
        self.store = store
        self.captureDirectory = captureDirectory
        self.softwareVersion = softwareVersion
        self.logger = logger
        self.actor = actor
    }

    /// Connects over `link`, runs `method` once, stores the run and returns what was stored.
    ///
    /// - Parameter source: where the device is, for people ("emulator", "usb", ...).
    public func acquire(
        over link: any DeviceLink, method: RunMethod, source: String, runID: RunID = RunID()
    ) async throws -> AcquiredRun {
        let recorder = RunRecorder(captureDirectory: captureDirectory, softwareVersion: softwareVersion, logger: logger)
        let (store, actor) = (store, actor)
        let run = try await recorder.record(over: link, method: method, source: source, runID: runID) { info in
            try store.recordRunStart(runUUID: "\(runID)", deviceSerial: info.serial, methodID: method.methodID, actor: actor)
        }
        return try save(run, actor: actor)
    }

    /// Closes a recorded run's capture and stores the run. `hostStop` says why the host cut it
    /// short (a shutdown), which the stored reason then leads with.
    func complete(
        _ recording: RunRecording, captureFailure: CaptureWriteError?, droppedBytes: Int, actor: String,
        hostStop: String? = nil
    ) throws -> AcquiredRun {
        let outcome = RunOutcomeSummary(acquisition: recording.acquisition, captureFailure: captureFailure, hostStop: hostStop)
        recording.closeCapture(status: outcome.status.rawValue)
        return try save(recording.recorded(outcome, droppedBytes: droppedBytes), actor: actor)
    }

    /// Creates the run's capture file in the capture directory.
    func openCapture(runID: RunID, info: DeviceInfo, method: RunMethod, source: String, at date: Date) throws -> CaptureWriter {
        try RunRecording.openCapture(
            in: captureDirectory, runID: runID, info: info, method: method, source: source, at: date,
            softwareVersion: softwareVersion)
    }

    /// Stores a recorded run with its trace, events and capture hash.
    func save(_ run: RecordedRun, actor: String) throws -> AcquiredRun {
        // The pipeline always records into its capture directory, so every run has its file.
        let captureURL = run.captureURL ?? captureDirectory.appendingPathComponent("\(run.acquisition.runID).bcap")
        let acquisition = run.acquisition
        let metrics = acquisition.breathMetrics
        let info = run.device
        let record = RunRecord(
            runUUID: "\(acquisition.runID)", deviceSerial: info.serial, methodID: run.method.methodID, source: run.source,
            status: run.status, statusReason: run.reason, startedAt: run.startedAt, endedAt: run.endedAt,
            samplePeriodMicros: Int(acquisition.samplePeriodMicros ?? run.method.samplePeriodMicros),
            sampleCount: acquisition.detector.count, missingSamples: acquisition.missingSamples,
            sequenceGaps: acquisition.sequenceGaps, droppedBytes: run.droppedBytes,
            malformedFrames: acquisition.malformedFrames, deviceOutcome: acquisition.completion.map { "\($0.outcome)" },
            deviceFaultCode: acquisition.completion?.fault.map { Int($0.rawValue) },
            totalsVerified: acquisition.verification == .verified,
            breathVolumeML: metrics.map { Double($0.exhaledVolumeML) },
            breathCO2Percent: metrics.map { Double($0.endTidalCO2Percent) },
            breathHumidityPercent: metrics.map { Double($0.relativeHumidityPercent) },
            breathDurationS: metrics.map { Double($0.durationS) },
            breathFlowMLPerMin: metrics.map { Double($0.meanFlowMLPerMin) }, capturePath: captureURL.path,
            captureSHA256: captureDigest(captureURL))
        let device = DeviceRecord(
            serial: info.serial, hardwareVersion: info.hardwareVersion, firmwareVersion: info.firmwareVersion,
            calibrationID: info.calibrationID, protocolVersion: "\(info.protocolMajor).\(info.protocolMinor)",
            seenAt: run.startedAt)
        let channels = acquisition.channels
        let trace = RunTrace(
            detector: acquisition.detector, columnTemperature: channels.temperature, carrierPressure: channels.pressure)
        let id = try store.insert(
            run: record, device: device, trace: trace, events: RunEvents.records(of: acquisition), actor: actor)
        logger.info("run stored", metadata: [
            "run": "\(acquisition.runID)", "id": "\(id)", "status": "\(run.status)",
            "samples": "\(acquisition.detector.count)",
        ])
        var stored = record
        stored.id = id
        return AcquiredRun(record: stored, trace: trace)
    }
}

extension AcquisitionPipeline {
    /// The SHA-256 of the closed capture file, so a later change to it shows; nil (and a
    /// warning) when it cannot be read back, which the run's record then says by omission.
    private func captureDigest(_ url: URL) -> SHA256Digest? {
        do { return try SHA256Digest.ofFile(atPath: url.path) } catch {
            logger.warning("cannot hash the capture file", metadata: ["capture": "\(url.path)", "error": "\(error)"])
            return nil
        }
    }
}

/// A run as stored.
public struct AcquiredRun: Sendable {
    public var record: RunRecord
    public var trace: RunTrace
}
