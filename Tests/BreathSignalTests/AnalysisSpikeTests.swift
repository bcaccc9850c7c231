import Testing

@testable import BreathSignal

/// Single-sample electrical spikes: removed, counted and never reported as peaks.
@Suite struct AnalysisSpikeTests {
    @Test(arguments: [(60.0, 11 as UInt64), (-60, 12), (25, 13)])
    func spikesProduceNoPeaksAndAreCounted(amplitude: Double, seed: UInt64) {
        let truths = [50.0, 120, 170].map { AnalysisFixtures.peak(apex: $0, height: 150, sigma: 1) }
        let run = ChromatogramRecipe(
            duration: 200, samplePeriod: 0.05, peaks: truths, baseline: BaselineModel(offset: 10),
            noise: NoiseModel(whiteSigma: 1), spikes: SpikeModel(count: 8, amplitude: amplitude), seed: seed
        ).render()
        #expect(run.spikeIndices.count == 8)
        // Spikes within two samples of either end lack the neighbours the level test needs.
        #expect(run.spikeIndices.allSatisfy { $0 > 1 && $0 < run.count - 2 }, "fixture: pick another seed")
        let result = AnalysisFixtures.analyze(run)
        #expect(result.removedSpikes == run.spikeIndices.count)
        #expect(result.peaks.count == truths.count, "\(result.peaks.map(\.retentionTime))")
        for truth in run.peaks {
            let peak = AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.1)
            // Isolated-peak accuracy (see AnalysisIsolatedPeakTests): 3 % per peak.
            #expect(peak.map { abs($0.area / truth.area - 1) < 0.03 } == true)
        }
        // A spike must not pull the noise estimate: it stays near σ = 1 (within the 20 % SNR budget).
        #expect(result.noise < 1.2)
    }

    @Test func aSpikeOnAPeakFlankIsRemovedWithoutHarmingThePeak() {
        let truth = AnalysisFixtures.peak(apex: 50, height: 200, sigma: 1.5)
        var run = ChromatogramRecipe(
            duration: 100, samplePeriod: 0.05, peaks: [truth], noise: NoiseModel(whiteSigma: 1), seed: 21
        ).render().intensity
        let flank = Int((truth.apexTime - 1.5) / 0.05)  // 1 σ before the apex: slope ≈ 2.4 per sample
        run[flank] += 80
        let result = ChromatogramAnalyzer().analyze(try! Chromatogram(samplePeriod: 0.05, intensity: run))
        #expect(result.removedSpikes == 1)
        #expect(result.peaks.count == 1)
        // Area of 750 µV·s; the spike alone would add 80 × 0.05 = 4 (0.5 %), its removal restores it
        // to the isolated-peak accuracy. 2 % covers noise.
        #expect(result.peaks.first.map { abs($0.area / truth.area - 1) < 0.02 } == true)
    }
}
