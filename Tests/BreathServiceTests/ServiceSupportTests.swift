import BreathControl
import BreathService
import Foundation
import Testing

/// Small parts of the service: line framing, backoff, access policy, metrics file.
@Suite struct ServiceSupportTests {
    @Test func linesAreSplitAndOversizedOnesDropped() {
        var buffer = LineBuffer(limit: 8)
        #expect(buffer.append(Array("ab\ncd\r\n".utf8)) == [.line(Array("ab".utf8)), .line(Array("cd".utf8))])
        #expect(buffer.append(Array("1234".utf8)).isEmpty)
        #expect(buffer.hasPartialLine)
        #expect(buffer.append(Array("5678".utf8)).isEmpty)
        // The ninth byte makes it oversized: reported once, skipped to its newline.
        #expect(buffer.append(Array("9abc".utf8)) == [.oversized])
        #expect(buffer.append(Array("def\nok\n".utf8)) == [.line(Array("ok".utf8))])
        #expect(buffer.append(Array("\n".utf8)) == [.line([])])
        #expect(!buffer.hasPartialLine)
    }

    @Test func backoffDoublesUpToItsMaximumAndResets() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(500))
        #expect([backoff.take(), backoff.take(), backoff.take(), backoff.take(), backoff.take()]
            == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
        backoff.reset()
        #expect(backoff.take() == .milliseconds(100))
    }

    @Test func accessIsForRootTheDaemonAndTheControlGroup() {
        let policy = ControlAccessPolicy(daemonUID: 990, groupID: 991)
        #expect(policy.allows(ControlPeer(pid: 1, uid: 0, gid: 0, groups: [])))
        #expect(policy.allows(ControlPeer(pid: 1, uid: 990, gid: 100, groups: [])))
        #expect(policy.allows(ControlPeer(pid: 1, uid: 1000, gid: 991, groups: [])))
        #expect(policy.allows(ControlPeer(pid: 1, uid: 1000, gid: 1000, groups: [27, 991])))
        #expect(!policy.allows(ControlPeer(pid: 1, uid: 1000, gid: 1000, groups: [27, 100])))
        #expect(!policy.allows(ControlPeer(pid: 1, uid: 65534, gid: 65534, groups: [])))
    }

    @Test func metricsAreWrittenWholeInPrometheusFormat() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("breathd.prom").path
        let metrics = DaemonMetrics(path: path)
        #expect(metrics.update {
            $0.runsByStatus["complete"] = 3
            $0.runsByStatus["interrupted"] = 1
            $0.qcOutcomes["pass"] = 2
            $0.sequenceGaps = 7
            $0.deviceDisconnects = 1
            $0.analysisSecondsSum = 0.25
            $0.analysisCount = 4
            $0.lastStoreLatencySeconds = 0.02
        } == nil)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in [
            "breathd_runs_total{status=\"complete\"} 3", "breathd_runs_total{status=\"interrupted\"} 1",
            "breathd_runs_total{status=\"failed\"} 0", "breathd_qc_outcomes_total{outcome=\"pass\"} 2",
            "breathd_sequence_gaps_total 7", "breathd_device_errors_total{kind=\"disconnect\"} 1",
            "breathd_analysis_seconds_sum 0.25", "breathd_analysis_seconds_count 4", "breathd_store_latency_seconds 0.02",
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "\(line)")
        }
        // Every sample line belongs to a family declared with HELP and TYPE before it.
        var declared: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { declared.insert(String(line.split(separator: " ")[2])) }
            guard !line.hasPrefix("#") else { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(declared.contains(name) || declared.contains(String(name.replacing(/_(sum|count)$/, with: ""))), "\(line)")
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func anUnwritableMetricsFileIsReportedNotThrown() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-file-\(UUID().uuidString)")
        try Data().write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let metrics = DaemonMetrics(path: blocker.appendingPathComponent("breathd.prom").path)
        #expect(metrics.update { $0.runsRecovered = 1 } != nil)
        #expect(metrics.snapshot.runsRecovered == 1)
    }
}
