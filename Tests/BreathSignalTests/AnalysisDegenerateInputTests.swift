import Foundation
import Testing

@testable import BreathSignal

/// Input the analyzer must survive: it never traps and never reports a non-finite number.
@Suite struct AnalysisDegenerateInputTests {
    static func analyze(_ values: [Double], period: Double = 0.05) -> AnalysisResult {
        ChromatogramAnalyzer().analyze(try! Chromatogram(samplePeriod: period, intensity: values))
    }

    @Test(arguments: [0, 1, 2, 7, 8, 9, 16])
    func tooShortTracesGiveNoPeaks(count: Int) {
        let result = Self.analyze((0..<count).map { 10 + Double($0 % 3) })
        #expect(result.peaks.isEmpty)
        #expect(result.points == count)
        #expect(result.baseline.count == count)
        #expect(AnalysisFixtures.isFinite(result))
    }

    @Test(arguments: [0.0, 42, -3e5])
    func aConstantTraceHasNoPeaksAndIsItsOwnBaseline(level: Double) {
        let result = Self.analyze([Double](repeating: level, count: 2000))
        #expect(result.peaks.isEmpty)
        #expect(result.removedSpikes == 0)
        #expect(AnalysisFixtures.isFinite(result))
        // Averages of a constant: the constant, up to summation round-off.
        #expect(result.baseline.allSatisfy { abs($0 - level) <= 1e-9 * max(1, abs(level)) })
        #expect(result.noise >= 0 && result.noise <= 1e-9 * max(1, abs(level)))
    }

    @Test func anAllNonFiniteTraceGivesNoPeaksAndAFiniteBaseline() {
        let values: [Double] = (0..<500).map { [Double.nan, .infinity, -.infinity][$0 % 3] }
        let result = Self.analyze(values)
        #expect(result.peaks.isEmpty)
        #expect(result.baseline.count == 500)
        #expect(AnalysisFixtures.isFinite(result))
        #expect(result.repairedSamples == 0, "nothing could be repaired")
    }

    @Test func nonFiniteSamplesAreRepairedCountedAndPeaksStillFound() {
        let run = AnalysisIsolatedPeakTests.isolatedRun(seed: 1)
        var values = run.intensity
        let broken = [0, 1, 500, 501, 502, 1390, 2201, 3000, 4000, values.count - 1]  // ends, gaps, peak flanks
        for (k, index) in broken.enumerated() { values[index] = [Double.nan, .infinity, -.infinity][k % 3] }
        let result = Self.analyze(values)
        #expect(result.repairedSamples == broken.count)
        #expect(AnalysisFixtures.isFinite(result))
        #expect(result.peaks.count == run.peaks.count)
        for truth in run.peaks {
            // A repaired sample inside a peak is interpolated from its neighbours: the same 5 %
            // per peak as the isolated-peak tests.
            let peak = AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.1)
            #expect(peak.map { abs($0.area / truth.area - 1) < 0.05 } == true, "peak at \(truth.apexTime)")
        }
    }

    /// Scaling the trace scales every height, area and the noise, and moves nothing.
    @Test(arguments: [1e300, 1e-300, 1e-12, 1e12])
    func isolatedPeaksAtExtremeScalesAreScaledCopies(scale: Double) {
        let run = AnalysisIsolatedPeakTests.isolatedRun(seed: 2)
        let reference = Self.analyze(run.intensity)
        let scaled = Self.analyze(run.intensity.map { $0 * scale })
        #expect(AnalysisFixtures.isFinite(scaled))
        #expect(scaled.peaks.count == reference.peaks.count)
        for (peak, expected) in zip(scaled.peaks, reference.peaks) {
            // Scale-free arithmetic up to round-off (and 1e-300 is still a normal double).
            #expect(abs(peak.retentionTime - expected.retentionTime) < 1e-6)
            #expect(abs(peak.area / scale / expected.area - 1) < 1e-6)
            #expect(abs(peak.snr / expected.snr - 1) < 1e-6)
        }
        #expect(abs(scaled.noise / scale / reference.noise - 1) < 1e-6)
    }

    /// A fused pair takes the EMG-fit path. Its areas must not depend on the unit either; 8 % is
    /// the co-elution tolerance (AnalysisOverlapTests). Fails today at 1e-300: the fit's sum of
    /// squared residuals underflows to 0, so a fit that never moved from its (absolute, 1e-12)
    /// starting areas "explains the cluster down to the noise" and is accepted: areas ≈ 1e127×
    /// too large. At 1e300 the sums overflow and the pair quietly falls back to drop lines.
    @Test(arguments: [1e300, 1e-300, 1e-12, 1e12])
    func aFusedPairAtExtremeScalesKeepsItsAreas(scale: Double) {
        let run = AnalysisOverlapTests.pair(resolution: 1, ratio: 0.25, seed: 1)
        let result = Self.analyze(run.intensity.map { $0 * scale })
        #expect(AnalysisFixtures.isFinite(result))
        #expect(result.peaks.count == 2)
        for truth in run.peaks {
            let peak = AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.1)
            let ratio = peak.map { $0.area / scale / truth.area }
            #expect(ratio.map { abs($0 - 1) < 0.08 } == true, "scale \(scale), peak at \(truth.apexTime): found \(result.peaks.map { ($0.retentionTime, $0.area / scale) })")
        }
    }

    @Test(arguments: [1 as UInt64, 2])
    func aStepNeitherTrapsNorProducesNonFiniteOutput(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let values = (0..<2000).map { ($0 < 1000 ? 0.0 : 100.0) + random.nextStandardNormal() }
        let result = Self.analyze(values)
        #expect(AnalysisFixtures.isFinite(result))
        #expect(result.removedSpikes == 0)
        // The baseline follows the step on both sides (away from it by more than the smoothing).
        #expect(abs(result.baseline[200] - 0) < 3 && abs(result.baseline[1800] - 100) < 3)
    }

    /// A baseline step (valve switch, detector range change) is not a chromatographic peak.
    /// Fails today: it is reported as a peak ≈ 60–85 % of the step's height at the step.
    @Test func aStepIsNotReportedAsAPeak() {
        let step = (0..<2000).map { $0 < 1000 ? 0.0 : 100.0 }
        let result = Self.analyze(step)
        #expect(result.peaks.isEmpty, "peaks at \(result.peaks.map(\.retentionTime)) s, heights \(result.peaks.map(\.height))")
    }

    @Test func concurrentAnalysesAgreeWithSerialOnes() async {
        // The analyzer is documented as safe to call concurrently (shared FFT plans).
        let traces = (1...6).map { AnalysisIsolatedPeakTests.isolatedRun(seed: UInt64($0)).intensity }
        let serial = traces.map { Self.analyze($0) }
        let concurrent = await withTaskGroup(of: (Int, AnalysisResult).self) { group in
            for (index, trace) in traces.enumerated() { group.addTask { (index, Self.analyze(trace)) } }
            var results = [AnalysisResult?](repeating: nil, count: traces.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        for index in traces.indices { #expect(concurrent[index] == serial[index]) }
    }
}
