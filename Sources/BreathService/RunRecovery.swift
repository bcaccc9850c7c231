import BreathCapture
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
    public struct CaptureCheck: Sendable, Hashable {
        public var summary: String
        public var digest: SHA256Digest?
        public var header: CaptureHeader?
    }

    /// Stores every open run as interrupted; returns the stored records.
    public func recover() throws -> [RunRecord] {
        var recovered: [RunRecord] = []
        for open in try store.openRuns() {
            let url = captureDirectory.appendingPathComponent("\(open.runUUID).bcap")
            let check = checkCapture(at: url)
            let header = check.header
            let record = RunRecord(
                runUUID: open.runUUID, deviceSerial: header?.device.serial ?? open.deviceSerial,
                methodID: header?.method.methodID ?? open.methodID, source: header?.source ?? "unknown",
                status: .interrupted, statusReason: "breathd stopped during the run (found open at start); \(check.summary)",
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

    /// Reads the capture at `url` without changing it.
    public func checkCapture(at url: URL) -> CaptureCheck {
        guard FileManager.default.fileExists(atPath: url.path) else {
            return CaptureCheck(summary: "capture missing", digest: nil, header: nil)
        }
        let digest = try? SHA256Digest.ofFile(atPath: url.path)
        let file: CaptureFile
        do {
            file = try CaptureFile(contentsOf: url)
        } catch {
            return CaptureCheck(summary: "capture unreadable: \(error)", digest: digest, header: nil)
        }
        let transfers = file.records.filter { $0.kind == .transfer }
        let bytes = transfers.reduce(0) { $0 + $1.data.count }
        var summary = "capture kept: \(transfers.count) transfers, \(bytes) bytes"
        summary += file.isComplete ? ", end record present" : ", no end record"
        if file.tailBytes > 0 { summary += ", torn tail of \(file.tailBytes) bytes" }
        return CaptureCheck(summary: summary, digest: digest, header: file.header)
    }
}
