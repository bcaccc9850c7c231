import BreathCapture
import BreathDevice
import BreathReplay
import BreathStore
import Foundation
import Logging

/// Finds runs a crash left open (started in the audit trail, never stored) and stores each
/// as interrupted, after checking its capture file: readable header, intact records, torn
/// tail, SHA-256. The capture itself is never changed, so it can still be replayed.
public struct RunRecovery: Sendable {
    public let store: ResultStore
    public let captureDirectory: URL
    public let softwareVersion: String
    private let logger: Logger

    /// The audit trail's actor for recovered runs.
    public static let actor = "breathd-recovery"

    public init(store: ResultStore, captureDirectory: URL, softwareVersion: String, logger: Logger) {
        self.store = store
        self.captureDirectory = captureDirectory
        self.softwareVersion = softwareVersion
        self.logger = logger
    }

    /// What the check of one capture found, worded for the run's stored reason.
    public struct CaptureCheck: Sendable {
        public var summary: String
        public var digest: SHA256Digest?
        public var header: CaptureHeader?
        /// The readable part of the capture, for replay.
        public var file: CaptureFile?
    }

    /// Stores every open run; returns the stored records. A readable capture is replayed through
    /// the recorder, so the run keeps every sample that reached the disk (a run the device had
    /// completed is stored complete); otherwise the run is stored interrupted and empty.
    public func recover() async throws -> [RunRecord] {
        var recovered: [RunRecord] = []
        let pipeline = AcquisitionPipeline(
            store: store, captureDirectory: captureDirectory, softwareVersion: softwareVersion, logger: logger,
            actor: RunRecovery.actor)
        for open in try store.openRuns() {
            let url = captureDirectory.appendingPathComponent("\(open.runUUID).bcap")
            let check = checkCapture(at: url)
            let why = "breathd stopped during the run (found open at start); \(check.summary)"
            // Only a capture of this very run is replayed into it.
            if let file = check.file, "\(file.header.runID)" == open.runUUID, var run = await replay(file) {
                run.startedAt = open.startedAt
                run.reason = why + "; \(run.acquisition.receivedSamples) samples recovered from the capture"
                    + (run.reason.map { "; \($0)" } ?? "")
                let stored = try pipeline.save(run, actor: RunRecovery.actor)
                logger.warning("recovered a run from its capture", metadata: [
                    "run": "\(open.runUUID)", "id": "\(stored.record.id ?? 0)", "status": "\(run.status)",
                    "samples": "\(run.acquisition.receivedSamples)",
                ])
                recovered.append(stored.record)
                continue
            }
            let header = check.header
            let record = RunRecord(
                runUUID: open.runUUID, deviceSerial: header?.device.serial ?? open.deviceSerial,
                methodID: header?.method.methodID ?? open.methodID, source: header?.source ?? "unknown",
                status: .interrupted, statusReason: why,
                startedAt: open.startedAt, endedAt: Date(),
                samplePeriodMicros: Int(header?.method.samplePeriodMicros ?? 0), sampleCount: 0, missingSamples: 0,
                sequenceGaps: 0, droppedBytes: 0, malformedFrames: 0, deviceOutcome: nil, deviceFaultCode: nil,
                totalsVerified: false, breathVolumeML: nil, breathCO2Percent: nil, breathHumidityPercent: nil,
                breathDurationS: nil, breathFlowMLPerMin: nil, capturePath: url.path, captureSHA256: check.digest)
            let device = header.map {
                DeviceRecord(serial: $0.device.serial, hardwareVersion: $0.device.hardwareVersion,
                             firmwareVersion: $0.device.firmwareVersion, calibrationID: $0.device.calibrationID,
                             protocolVersion: "\($0.device.protocolMajor).\($0.device.protocolMinor)", seenAt: open.startedAt)
            } ?? DeviceRecord(serial: open.deviceSerial, hardwareVersion: "unknown", firmwareVersion: "unknown",
                              calibrationID: "unknown", protocolVersion: "unknown", seenAt: open.startedAt)
            var stored = record
            stored.id = try store.insert(
                run: record, device: device, trace: RunTrace(detector: [], columnTemperature: nil, carrierPressure: nil),
                events: [], actor: RunRecovery.actor)
            logger.warning("recovered an interrupted run", metadata: [
                "run": "\(open.runUUID)", "id": "\(stored.id ?? 0)", "capture": "\(check.summary)",
            ])
            recovered.append(stored)
        }
        return recovered
    }

    /// The capture played through the recorder, as breathctl replay does; nil when it cannot be
    /// (the file is then stored as checked, without samples).
    private func replay(_ file: CaptureFile) async -> RecordedRun? {
        let recorder = RunRecorder(
            captureDirectory: nil, softwareVersion: softwareVersion,
            sessionOptions: DeviceSession.Options(stallTimeout: nil, keepAliveInterval: nil), logger: logger)
        do {
            var run = try await recorder.record(
                over: ReplayLink(capture: file), method: file.header.method, source: file.header.source,
                runID: file.header.runID)
            run.source = file.header.source
            return run
        } catch {
            logger.error("cannot replay the capture of an open run", metadata: ["run": "\(file.header.runID)", "error": "\(error)"])
            return nil
        }
    }

    /// Reads the capture at `url` without changing it.
    public func checkCapture(at url: URL) -> CaptureCheck {
        guard FileManager.default.fileExists(atPath: url.path) else {
            return CaptureCheck(summary: "capture missing", digest: nil, header: nil, file: nil)
        }
        let digest = try? SHA256Digest.ofFile(atPath: url.path)
        let file: CaptureFile
        do {
            file = try CaptureFile(contentsOf: url)
        } catch {
            return CaptureCheck(summary: "capture unreadable: \(error)", digest: digest, header: nil, file: nil)
        }
        let transfers = file.records.filter { $0.kind == .transfer }
        let bytes = transfers.reduce(0) { $0 + $1.data.count }
        var summary = "capture kept: \(transfers.count) transfers, \(bytes) bytes"
        summary += file.isComplete ? ", end record present" : ", no end record"
        if file.tailBytes > 0 { summary += ", torn tail of \(file.tailBytes) bytes" }
        return CaptureCheck(summary: summary, digest: digest, header: file.header, file: file)
    }
}
