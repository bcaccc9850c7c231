import BreathSignal
import BreathStore
import BreathWire
import Foundation

/// Who and what a run is for, as given when it was started.
public struct RunContext: Sendable, Hashable {
    public var sampleID: String
    /// The patient's pseudonym; the identifier stays in the store's mapping table.
    public var patientPseudonym: String
    public var operatorID: String

    public init(sampleID: String, patientPseudonym: String, operatorID: String) {
        self.sampleID = sampleID
        self.patientPseudonym = patientPseudonym
        self.operatorID = operatorID
    }
}

/// What the screening stage reports back for metrics and subscribers.
public struct ScreeningReport: Sendable, Hashable {
    /// The stored screening result.
    public var resultID: Int64
    /// Its QC outcome ("pass", "fail", ...).
    public var qcOutcome: String

    public init(resultID: Int64, qcOutcome: String) {
        self.resultID = resultID
        self.qcOutcome = qcOutcome
    }
}

/// Where screening (identification, QC, calibrated risk) plugs into the daemon. It gets the
/// stored run, its trace and the signal core's analysis, and stores its result itself so
/// that the result and its audit entry commit together.
public protocol ScreeningStage: Sendable {
    /// Screens one stored, analysed run; `deviceFaults` are the faults the device reported during it.
    func screen(
        run: RunRecord, analysis: RunAnalysis, deviceFaults: [Fault], context: RunContext, store: ResultStore
    ) async throws -> ScreeningReport
}

/// The signal core's view of a stored run, and how long it took.
public struct RunAnalysis: Sendable {
    /// The trace that was analysed.
    public var chromatogram: Chromatogram
    public var result: AnalysisResult
    public var duration: Duration
}

/// After a run is stored: the signal core on its detector trace (on the caller's task, never
/// the device's), then screening when a stage is configured.
public struct RunAnalysisStage: Sendable {
    public var analyzer: ChromatogramAnalyzer
    public var screening: (any ScreeningStage)?

    public init(analyzer: ChromatogramAnalyzer = ChromatogramAnalyzer(), screening: (any ScreeningStage)? = nil) {
        self.analyzer = analyzer
        self.screening = screening
    }

    /// Analyses a complete run's detector trace; nil for runs that are not complete (a partial
    /// trace is not screened) or hold no usable samples.
    public func analyze(_ run: RunRecord, trace: RunTrace) -> RunAnalysis? {
        guard run.status == .complete, run.samplePeriodMicros > 0, !trace.detector.isEmpty else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        guard let chromatogram = try? Chromatogram(detector: trace.detector, samplePeriodMicros: run.samplePeriodMicros)
        else { return nil }
        let result = analyzer.analyze(chromatogram)
        return RunAnalysis(chromatogram: chromatogram, result: result, duration: clock.now - start)
    }

    /// The stored summary of an analysis: a run event at `runTimeMillis` (the run's end),
    /// since peak tables are stored with screening results.
    public static func event(for analysis: RunAnalysis, runID: Int64, runTimeMillis: Int) -> RunEventRecord {
        let millis = Double(analysis.duration.components.seconds) * 1000 + Double(analysis.duration.components.attoseconds) * 1e-15
        return RunEventRecord(
            runID: runID, runTimeMillis: runTimeMillis, kind: "analysis", code: analysis.result.peaks.count,
            detail: "signal core: \(analysis.result.peaks.count) peaks, noise \(String(format: "%.4g", analysis.result.noise)), "
                + "\(analysis.result.repairedSamples) samples repaired, \(String(format: "%.0f", millis)) ms")
    }
}
