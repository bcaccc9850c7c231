import BreathStore
import BreathStoreSamples
import Foundation

/// A writable store with an operator, a patient and runs, ready for screening results.
struct ResultFixture {
    let path: String
    let store: ResultStore
    let patient: Pseudonym
    var runIDs: [Int64] = []

    static let operatorName = "alice"
    static let externalID = "MRN-0042-SECRET"

    /// Opens a store in `directory` with `runs` runs, one day apart from `StoreFixtures.started`.
    init(in directory: URL, runs: Int = 3) throws {
        path = directory.appendingPathComponent("breath.sqlite").path
        store = try ResultStore.openForWriting(at: path)
        try store.registerOperator(username: Self.operatorName, displayName: "Alice Example", actor: "admin")
        try store.registerOperator(username: "bob", displayName: "Bob Example", actor: "admin")
        patient = try store.pseudonym(forPatient: Self.externalID, actor: Self.operatorName)
        for day in 0..<runs {
            runIDs.append(try store.insert(
                run: StoreFixtures.run(startedAt: StoreFixtures.started.addingTimeInterval(Double(day) * 86_400)),
                device: StoreFixtures.device(), trace: StoreFixtures.trace, events: StoreFixtures.events, actor: "breathd"))
        }
    }

    /// A passing result for run `runIndex` (or a failed one), with peaks, compounds and features.
    func content(run runIndex: Int = 0, outcome: QCOutcome = .pass, seed: UInt64 = 1, patient: Pseudonym? = nil)
        -> ScreeningResultContent
    {
        var random = SplitMix64(seed: seed)
        var content = SyntheticResults.content(
            runID: runIDs[runIndex], patient: patient ?? self.patient, operatorName: Self.operatorName, random: &random)
        content.qcOutcome = outcome
        switch outcome {
        case .pass:
            content.qcReasons = []
            content.assessment = RiskAssessment(risk: 0.82, category: .high)
        case .warning:
            content.qcReasons = [QCReason(code: "HUMIDITY_HIGH", detail: "97 %RH")]
            content.assessment = RiskAssessment(risk: 0.5, category: .indeterminate)
        case .fail:
            content.qcReasons = [QCReason(code: "LOW_BREATH_VOLUME", detail: "212 mL"), QCReason(code: "CO2_LOW", detail: "")]
            content.assessment = nil
        }
        return content
    }
}
