import BreathSignal
import BreathStore
import BreathStoreSamples
import Foundation
import GRDB

/// A database built by the pipeline: breathd acquires three runs from the emulated device
/// (synthetic breath), then screening results are added for them through the store, since the
/// screening step is not built yet. Each result's peaks are the signal core's peaks on the run's
/// stored trace and its compounds are tied to those peaks; the rest of the content (risk,
/// compounds' names and levels, features) is BreathStoreSamples' synthetic data.
///
/// Results: 1 passes (patient A, high), 2 warns (patient B, run 2), 3 fails QC (patient A,
/// run 3), 4 corrects 1 (patient A, now low).
struct PipelineDatabase {
    let directory: TemporaryDirectory
    let path: String
    let patientA: Pseudonym
    let patientB: Pseudonym
    /// The runs' UUIDs by run id.
    let runUUIDs: [Int64: String]
    /// The runs' start times by run id.
    let startedAt: [Int64: Date]

    init() throws {
        directory = try TemporaryDirectory()
        let daemon = try Command.run("breathd", ["--data-directory", directory.url.path, "--runs", "3", "--seed", "11"])
        guard daemon.status == 0 else { throw SetupError("breathd failed: \(daemon.stderr)") }
        path = directory.url.appendingPathComponent("breath.sqlite").path
        let store = try ResultStore.openForWriting(at: path)
        try store.registerOperator(username: "alice", displayName: "Alice Example", actor: "admin")
        try store.registerOperator(username: "bob", displayName: "Bob Example", actor: "admin")
        patientA = try store.pseudonym(forPatient: "MRN-A-0001", actor: "alice")
        patientB = try store.pseudonym(forPatient: "MRN-B-0002", actor: "alice")
        var uuids = [Int64: String](), starts = [Int64: Date]()
        for run in try store.runs(limit: 10) {
            uuids[run.id!] = run.runUUID
            starts[run.id!] = run.startedAt
        }
        runUUIDs = uuids
        startedAt = starts

        func content(run: Int64, patient: Pseudonym, outcome: QCOutcome, seed: UInt64) throws -> ScreeningResultContent {
            var random = SplitMix64(seed: seed)
            var content = SyntheticResults.content(runID: run, patient: patient, operatorName: "alice", random: &random)
            let record = try store.run("\(run)")!
            let trace = try store.trace(runID: run)!
            let chromatogram = try Chromatogram(
                samplePeriod: Double(record.samplePeriodMicros) / 1_000_000, intensity: trace.detector.map(Double.init), unit: "µV")
            let peaks = ChromatogramAnalyzer().analyze(chromatogram).peaks
            guard peaks.count >= 3 else { throw SetupError("only \(peaks.count) peaks in run \(run)") }
            content.peaks = peaks.map {
                ResultPeak(retentionTime: $0.retentionTime, start: $0.start, end: $0.end, height: $0.height, area: $0.area, fwhm: $0.fwhm, snr: $0.snr)
            }
            // The tallest peaks carry the identified compounds.
            let tallest = peaks.indices.sorted { peaks[$0].height > peaks[$1].height }
            content.compounds = zip(content.compounds, tallest).map { compound, index in
                var compound = compound
                compound.peakIndex = index
                return compound
            }
            content.qcOutcome = outcome
            switch outcome {
            case .pass:
                content.qcReasons = []
                content.assessment = RiskAssessment(risk: 0.81, category: .high)
            case .warning:
                content.qcReasons = [QCReason(code: "HUMIDITY_HIGH", detail: "97 %RH, above 95 %RH")]
                content.assessment = RiskAssessment(risk: 0.45, category: .indeterminate)
            case .fail:
                content.qcReasons = [QCReason(code: "LOW_BREATH_VOLUME", detail: "212 mL, below 500 mL")]
                content.assessment = nil
            }
            return content
        }
        let first = try store.insertResult(try content(run: 1, patient: patientA, outcome: .pass, seed: 1), actor: "breathd")
        _ = try store.insertResult(try content(run: 2, patient: patientB, outcome: .warning, seed: 2), actor: "breathd")
        _ = try store.insertResult(try content(run: 3, patient: patientA, outcome: .fail, seed: 3), actor: "breathd")
        var corrected = try content(run: 1, patient: patientA, outcome: .pass, seed: 1)
        corrected.assessment = RiskAssessment(risk: 0.12, category: .low)
        _ = try store.correctResult(first, with: corrected, reason: "wrong calibration file", actor: "bob")
    }

    /// Marks the database as migrated by software newer than this one.
    func addFutureMigration() throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
