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
        let session = DeviceSession(link: link, logger: logger)
        let tap = CaptureTap()
        await session.setTap { tap.record($0) }
        let startedAt = Date()
        do {
            let info = try await session.connect()
            try await session.upload(method)
            let capture = try openCapture(runID: runID, info: info, method: method, source: source, at: startedAt)
            tap.attach(capture)
            try await session.startRun(runID, hostTimeMicros: UInt64(startedAt.timeIntervalSince1970 * 1e6))
            try store.recordRunStart(runUUID: "\(runID)", deviceSerial: info.serial, methodID: method.methodID, actor: actor)
            logger.info("run started", metadata: ["run": "\(runID)", "method": "\(method.methodID)"])

            var recording = RunRecording(
                acquisition: RunAcquisition(runID: runID), info: info, method: method, source: source,
                startedAt: startedAt, capture: capture)
            for await event in session.events {
                record(event, in: &recording)
                if recording.acquisition.isFinished { break }
            }
            let statistics = await session.decoderStatistics
            await session.close()
            return try complete(
                recording, captureFailure: tap.failure,
                droppedBytes: statistics.values.reduce(0) { $0 + $1.droppedBytes }, actor: actor)
        } catch {
            await session.close()
            throw error
        }
    }

    /// Applies one session event to a run being recorded and notes it in the capture.
    func record(_ event: SessionEvent, in recording: inout RunRecording) {
        recording.acquisition.apply(event)
        note(event, in: recording.capture)
    }

    /// Closes a recorded run's capture and stores the run. `hostStop` says why the host cut it
    /// short (a shutdown), which the stored reason then leads with.
    func complete(
        _ recording: RunRecording, captureFailure: CaptureWriteError?, droppedBytes: Int, actor: String,
        hostStop: String? = nil
    ) throws -> AcquiredRun {
        let acquisition = recording.acquisition
        let capture = recording.capture
        let outcome = RunOutcomeSummary(acquisition: acquisition, captureFailure: captureFailure, hostStop: hostStop)
        // Only a run the device completed gets an end record: CAPTURE.md reads its absence
        // as an interrupted run (unplugged device, crash, shutdown).
        if capture.failure == nil, acquisition.completion != nil {
            try? capture.finish(summary: ["status": outcome.status.rawValue, "samples": "\(acquisition.detector.count)"])
        } else {
            capture.closeFile()
        }
        return try save(
            acquisition, outcome: outcome, info: recording.info, method: recording.method, source: recording.source,
            startedAt: recording.startedAt, captureURL: capture.url, droppedBytes: droppedBytes, actor: actor)
    }

    func openCapture(runID: RunID, info: DeviceInfo, method: RunMethod, source: String, at date: Date) throws -> CaptureWriter {
        try FileManager.default.createDirectory(at: captureDirectory, withIntermediateDirectories: true)
        let header = CaptureHeader(
            runID: runID, createdMicros: UInt64(date.timeIntervalSince1970 * 1e6), softwareVersion: softwareVersion,
            hostName: ProcessInfo.processInfo.hostName, device: info, method: method, source: source)
        return try CaptureWriter(url: captureDirectory.appendingPathComponent("\(runID).bcap"), header: header)
    }

    /// Phase boundaries and anomalies become marks, which also make the capture durable.
    private func note(_ event: SessionEvent, in capture: CaptureWriter) {
        let note: [String: String]? = switch event {
        case .phaseChanged(let change): ["phase": "\(change.phase)", "run_time_ms": "\(change.runTimeMillis)"]
        case .sequenceGap(let endpoint, let missing): ["sequence_gap": "\(missing)", "endpoint": "\(endpoint)"]
        case .fault(let fault): ["fault": "\(fault.code)", "severity": "\(fault.severity)"]
        case .linkClosed(let reason): ["link_closed": reason.map { "\($0)" } ?? "normally"]
        default: nil
        }
        if let note { try? capture.mark(note) }
    }

    private func save(
        _ acquisition: RunAcquisition, outcome: RunOutcomeSummary, info: DeviceInfo, method: RunMethod, source: String,
        startedAt: Date, captureURL: URL, droppedBytes: Int, actor: String
    ) throws -> AcquiredRun {
        let endedAt = Date()
        let metrics = acquisition.breathMetrics
        let record = RunRecord(
            runUUID: "\(acquisition.runID)", deviceSerial: info.serial, methodID: method.methodID, source: source,
            status: outcome.status, statusReason: outcome.reason, startedAt: startedAt, endedAt: endedAt,
            samplePeriodMicros: Int(acquisition.samplePeriodMicros ?? method.samplePeriodMicros),
            sampleCount: acquisition.detector.count, missingSamples: acquisition.missingSamples,
            sequenceGaps: acquisition.sequenceGaps, droppedBytes: droppedBytes,
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
            seenAt: startedAt)
        let channels = acquisition.channels
        let trace = RunTrace(
            detector: acquisition.detector, columnTemperature: channels.temperature, carrierPressure: channels.pressure)
        let id = try store.insert(
            run: record, device: device, trace: trace, events: RunEvents.records(of: acquisition), actor: actor)
        logger.info("run stored", metadata: [
            "run": "\(acquisition.runID)", "id": "\(id)", "status": "\(outcome.status)",
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

/// A run between its start and its storing: what arrived so far, and where it is captured.
struct RunRecording: Sendable {
    var acquisition: RunAcquisition
    let info: DeviceInfo
    let method: RunMethod
    let source: String
    let startedAt: Date
    let capture: CaptureWriter
}

/// A run as stored.
public struct AcquiredRun: Sendable {
    public var record: RunRecord
    public var trace: RunTrace
}
