import BreathCapture
import BreathDevice
import BreathWire
import Foundation

/// A run between its start and its storing: what arrived so far, and where it is captured.
///
/// The one place where session events meet a run: the one-shot ``RunRecorder`` and the
/// daemon's long-lived coordinator both apply events through it, so a run is recorded the
/// same way whichever drives it.
struct RunRecording: Sendable {
    var acquisition: RunAcquisition
    let info: DeviceInfo
    let method: RunMethod
    let source: String
    let startedAt: Date
    /// Nil for a run recorded without a capture (a preview replay).
    let capture: CaptureWriter?

    /// Applies one session event to the run and notes it in the capture.
    mutating func apply(_ event: SessionEvent) {
        acquisition.apply(event)
        if let capture { Self.note(event, in: capture) }
    }

    /// Closes the capture: only a run the device completed gets an end record, since
    /// CAPTURE.md reads its absence as an interrupted run (unplugged device, crash, shutdown).
    func closeCapture(status: String) {
        guard let capture else { return }
        if capture.failure == nil, acquisition.completion != nil {
            try? capture.finish(summary: ["status": status, "samples": "\(acquisition.detector.count)"])
        } else {
            capture.closeFile()
        }
    }

    /// The run as received, with its outcome.
    func recorded(_ outcome: RunOutcomeSummary, droppedBytes: Int) -> RecordedRun {
        RecordedRun(
            acquisition: acquisition, status: outcome.status, reason: outcome.reason, device: info, method: method,
            source: source, startedAt: startedAt, endedAt: Date(), captureURL: capture?.url, droppedBytes: droppedBytes)
    }

    /// Creates `<directory>/<run id>.bcap` with the run's header.
    static func openCapture(
        in directory: URL, runID: RunID, info: DeviceInfo, method: RunMethod, source: String, at date: Date,
        softwareVersion: String
    ) throws -> CaptureWriter {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let header = CaptureHeader(
            runID: runID, createdMicros: UInt64(date.timeIntervalSince1970 * 1e6), softwareVersion: softwareVersion,
            hostName: ProcessInfo.processInfo.hostName, device: info, method: method, source: source)
        return try CaptureWriter(url: directory.appendingPathComponent("\(runID).bcap"), header: header)
    }

    /// Phase boundaries and anomalies become marks, which also make the capture durable.
    private static func note(_ event: SessionEvent, in capture: CaptureWriter) {
        let note: [String: String]? = switch event {
        case .phaseChanged(let change): ["phase": "\(change.phase)", "run_time_ms": "\(change.runTimeMillis)"]
        case .sequenceGap(let endpoint, let missing): ["sequence_gap": "\(missing)", "endpoint": "\(endpoint)"]
        case .fault(let fault): ["fault": "\(fault.code)", "severity": "\(fault.severity)"]
        case .stalled(let silence): ["stall_s": "\(silence.components.seconds)"]
        case .linkClosed(let reason): ["link_closed": reason.map { "\($0)" } ?? "normally"]
        default: nil
        }
        if let note { try? capture.mark(note) }
    }
}
