import BreathCapture
import BreathDevice
import BreathStore
import BreathWire

/// The stored status of an acquisition and the reason people read next to it.
struct RunOutcomeSummary: Sendable {
    var status: RunStatus
    var reason: String?

    /// `hostStop` is why the host cut the run short (a shutdown); it leads the reason.
    /// `unresponsive` says the device stopped answering after a stall.
    init(acquisition: RunAcquisition, captureFailure: CaptureWriteError?, hostStop: String? = nil, unresponsive: Bool = false) {
        var reasons: [String] = []
        if let completion = acquisition.completion {
            switch completion.outcome {
            case .completed:
                status = .complete
            case .aborted:
                status = .interrupted
                reasons.append("aborted")
            default:
                status = .failed
                reasons.append("device fault \(completion.fault.map { "\($0)" } ?? "unknown")")
            }
            if case .mismatch(let problems) = acquisition.verification {
                if status == .complete { status = .failed }
                reasons.append(contentsOf: problems)
            }
        } else {
            status = .interrupted
            let cause = unresponsive
                ? "the device stopped answering"
                : acquisition.linkEnded.flatMap { $0 }.map { "\($0)" } ?? "the link closed"
            reasons.append("no RUN_COMPLETE: \(cause)")
        }
        if !acquisition.stalls.isEmpty {
            let longest = acquisition.stalls.max()?.components.seconds ?? 0
            reasons.append("device silent \(acquisition.stalls.count) time(s) during the run, longest \(longest) s")
        }
        if let hostStop, status != .complete {
            reasons.insert(hostStop, at: 0)
        }
        if let captureFailure {
            reasons.append("capture incomplete: \(captureFailure)")
        }
        reason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}

/// Stored events of a run: phases, faults and anomalies, in run time.
enum RunEvents {
    static func records(of acquisition: RunAcquisition) -> [RunEventRecord] {
        var events = acquisition.phases.map {
            RunEventRecord(runID: 0, runTimeMillis: Int($0.runTimeMillis), kind: "phase", code: Int($0.phase.rawValue),
                           detail: "\($0.phase)")
        }
        events += acquisition.faults.map {
            RunEventRecord(runID: 0, runTimeMillis: Int($0.runTimeMillis), kind: "fault", code: Int($0.code.rawValue),
                           detail: "\($0.severity) \($0.code): \($0.message)")
        }
        let period = Int(acquisition.samplePeriodMicros ?? 0)
        let desorption = acquisition.phases.first { $0.phase == .desorption }.map { Int($0.runTimeMillis) } ?? 0
        events += acquisition.sampleGaps.map {
            RunEventRecord(runID: 0, runTimeMillis: desorption + $0.firstIndex * period / 1000, kind: "sample-gap",
                           code: nil, detail: "\($0.count) samples missing from index \($0.firstIndex)")
        }
        if acquisition.sequenceGaps > 0 {
            events.append(RunEventRecord(runID: 0, runTimeMillis: 0, kind: "sequence-gap", code: nil,
                                         detail: "\(acquisition.sequenceGaps) frames missing by sequence number"))
        }
        return events.sorted { $0.runTimeMillis < $1.runTimeMillis }
    }
}
