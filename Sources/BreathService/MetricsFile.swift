#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// The daemon's counters in Prometheus text format, for node_exporter's textfile collector.
///
/// The file is replaced atomically (written beside it, fsynced, renamed), so the collector
/// never reads half a file. Counters start at zero with each daemon start; Prometheus'
/// `rate()` and `increase()` handle the reset.
public final class DaemonMetrics: Sendable {
    /// What the daemon counts.
    public struct Counters: Sendable, Hashable {
        public var runsByStatus: [String: Int] = [:]
        public var runsRecovered = 0
        /// QC outcomes from the screening stage, by outcome; empty until one is configured.
        public var qcOutcomes: [String: Int] = [:]
        public var deviceConnects = 0
        public var deviceDisconnects = 0
        public var deviceConnectFailures = 0
        public var sequenceGaps = 0
        public var malformedFrames = 0
        /// Periods of device silence during runs (the session's stall watchdog).
        public var stalls = 0
        /// The USB link's own errors by kind (stall, overflow, timeout, transfer_error), summed
        /// over the links of this daemon's life.
        public var usbErrors: [String: Int] = [:]
        public var droppedBytes = 0
        public var analysisSecondsSum = 0.0
        public var analysisCount = 0
        /// Seconds from the device's RUN_COMPLETE to the committed run, for the last run.
        public var lastStoreLatencySeconds: Double?
        public var deviceConnected = false
        public var acquiring = false
    }

    public let path: String?
    private let counters = Mutex(Counters())
    private let writeLock = Mutex(())

    /// Metrics written to `path` (nil: kept in memory only).
    public init(path: String?) {
        self.path = path
    }

    public var snapshot: Counters { counters.withLock { $0 } }

    /// Changes the counters and rewrites the file. A failed write is returned, not thrown:
    /// metrics never stop a run.
    @discardableResult
    public func update(_ change: (inout Counters) -> Void) -> (any Error)? {
        let text = counters.withLock { counters in
            change(&counters)
            return DaemonMetrics.render(counters)
        }
        guard let path else { return nil }
        return writeLock.withLock { _ in
            do {
                try DaemonMetrics.writeAtomically(text, to: path)
                return nil
            } catch {
                return error
            }
        }
    }

    /// The exposition text of `counters`.
    public static func render(_ counters: Counters) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples {
                lines.append("\(name)\(labels) \(format(value))")
            }
        }
        let statuses = ["complete", "interrupted", "failed"]
        family("breathd_runs_total", "counter", "Runs stored since the daemon started, by status.",
               statuses.map { ("{status=\"\($0)\"}", Double(counters.runsByStatus[$0] ?? 0)) })
        family("breathd_runs_recovered_total", "counter", "Runs found open after a crash and stored as interrupted.",
               [("", Double(counters.runsRecovered))])
        family("breathd_qc_outcomes_total", "counter", "Screening QC outcomes, by outcome (none without a screening stage).",
               counters.qcOutcomes.sorted { $0.key < $1.key }.map { ("{outcome=\"\($0.key)\"}", Double($0.value)) })
        family("breathd_device_connected", "gauge", "1 while a device link is open and answered the handshake.",
               [("", counters.deviceConnected ? 1 : 0)])
        family("breathd_acquiring", "gauge", "1 while a run is in progress.", [("", counters.acquiring ? 1 : 0)])
        family("breathd_device_connects_total", "counter", "Successful device handshakes.", [("", Double(counters.deviceConnects))])
        family("breathd_device_errors_total", "counter", "Device link errors, by kind.", [
            ("{kind=\"disconnect\"}", Double(counters.deviceDisconnects)),
            ("{kind=\"connect_failure\"}", Double(counters.deviceConnectFailures)),
            ("{kind=\"malformed_frame\"}", Double(counters.malformedFrames)),
            ("{kind=\"stall\"}", Double(counters.stalls)),
        ])
        family("breathd_usb_errors_total", "counter", "USB transfer errors of the libusb link, by kind (empty for other links).",
               counters.usbErrors.sorted { $0.key < $1.key }.map { ("{kind=\"\($0.key)\"}", Double($0.value)) })
        family("breathd_dropped_bytes_total", "counter", "Inbound bytes the frame decoder dropped.", [("", Double(counters.droppedBytes))])
        family("breathd_sequence_gaps_total", "counter", "Frames missing by sequence number.", [("", Double(counters.sequenceGaps))])
        family("breathd_analysis_seconds", "summary", "Signal-core analysis time per run.", [])
        lines.append("breathd_analysis_seconds_sum \(format(counters.analysisSecondsSum))")
        lines.append("breathd_analysis_seconds_count \(counters.analysisCount)")
        if let latency = counters.lastStoreLatencySeconds {
            family("breathd_store_latency_seconds", "gauge", "Seconds from the device's RUN_COMPLETE to the stored run, last run.",
                   [("", latency)])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Writes `text` to a temporary file beside `path`, syncs it, renames it over `path`.
    static func writeAtomically(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else {
            unlink(temporary)
            throw POSIXError(.EIO)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
