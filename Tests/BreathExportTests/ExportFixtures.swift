import BreathExport
import BreathStore
import BreathStoreSamples
import Foundation

/// A result record as the store would return it, without a database: synthetic content
/// (not patient data), a run, a device, and optionally a correction.
enum ExportFixtures {
    static let sampled = Date(timeIntervalSince1970: 1_772_634_600)

    static func record(outcome: QCOutcome = .pass, corrected: RiskAssessment? = nil, reason: String = "re-integrated") -> ResultRecord {
        var random = SplitMix64(seed: 3)
        let patient = Pseudonym.random(using: &random)
        var content = SyntheticResults.content(runID: 1, patient: patient, operatorName: "alice", random: &random)
        content.qcOutcome = outcome
        content.qcReasons = outcome == .pass ? [] : [QCReason(code: "LOW_BREATH_VOLUME", detail: "412 mL, below 500 mL")]
        content.assessment = outcome == .fail ? nil : RiskAssessment(risk: 0.42, category: .indeterminate)
        let original = ScreeningResult(
            id: 7, content: content, sampledAt: sampled, recordedAt: sampled.addingTimeInterval(900), recordedBy: "breathd",
            supersedes: nil, correctionReason: nil)
        var versions = [original]
        if let corrected {
            var newer = content
            newer.assessment = corrected
            versions.append(ScreeningResult(
                id: 9, content: newer, sampledAt: sampled, recordedAt: sampled.addingTimeInterval(3600), recordedBy: "bob",
                supersedes: 7, correctionReason: reason))
        }
        var run = SyntheticResults.run(startedAt: sampled)
        run.runUUID = "5f0c8a52-8f5e-4c55-9a43-2a6f3c1d9e01"
        return ResultRecord(history: ResultHistory(versions: versions), run: run, device: SyntheticResults.device)
    }
}
