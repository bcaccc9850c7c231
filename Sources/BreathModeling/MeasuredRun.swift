import BreathScreening
import BreathSignal
import ChromatogramImport
import Foundation

/// A labelled run after analysis and measurement: what training and evaluation work on.
public struct MeasuredRun: Sendable, Hashable {
    public var runID: String
    public var subjectID: String
    public var isCase: Bool
    public var status: QCStatus
    public var findings: [QCFinding]
    /// Feature values by name; empty when QC could not measure them.
    public var features: [String: Double]
    /// Which features were below the limit of detection.
    public var belowLOD: Set<String>
    public var oracleScore: Double?

    public init(
        runID: String, subjectID: String, isCase: Bool, measurement: RunMeasurement, oracleScore: Double?
    ) {
        self.runID = runID
        self.subjectID = subjectID
        self.isCase = isCase
        status = measurement.status
        findings = measurement.findings
        features = Dictionary(uniqueKeysWithValues: measurement.features.map { ($0.name, $0.value) })
        belowLOD = Set(measurement.features.filter(\.isBelowLimitOfDetection).map(\.name))
        self.oracleScore = oracleScore
    }

    /// Whether the run is a valid test (QC not FAIL).
    public var isValid: Bool { status != .fail }
}

extension LabelledSet {
    /// Loads, analyses and measures every run with `method`, on all cores (each run is a pure
    /// computation). Carryover is checked against the manifest's previous row.
    public func measure(method: ScreeningMethod, analyzer: ChromatogramAnalyzer = ChromatogramAnalyzer()) throws(LabelledSetError) -> [MeasuredRun] {
        let loaded = LockedResults<Result<(Chromatogram, AnalysisResult), LabelledSetError>>(count: entries.count)
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            let entry = entries[index]
            do {
                let chromatogram = try ChromatogramFile.load(path: path(of: entry)).chromatogram
                loaded.set(index, .success((chromatogram, analyzer.analyze(chromatogram))))
            } catch {
                loaded.set(index, .failure(.chromatogram(runID: entry.runID, reason: "\(error)")))
            }
        }
        let measurer = RunMeasurer(method: method)
        var runs: [MeasuredRun] = []
        var previous: [String: Double]?
        for (index, entry) in entries.enumerated() {
            let (chromatogram, analysis) = try loaded.get(index).get()
            let measurement = measurer.measure(
                chromatogram: chromatogram, analysis: analysis, sample: entry.sample, deviceFaults: entry.faults,
                previousRunAreas: previous)
            previous = measurement.normalisedAreas
            runs.append(MeasuredRun(
                runID: entry.runID, subjectID: entry.subjectID, isCase: entry.isCase, measurement: measurement,
                oracleScore: entry.oracleScore))
        }
        return runs
    }
}

/// Results written by concurrent workers into distinct slots.
final class LockedResults<Value: Sendable>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return values[index]!
    }
}
