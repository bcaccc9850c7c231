import Foundation
import Testing

@testable import BreathSignal

/// Isolated EMG peaks at 20 Hz against exact ground truth.
@Suite struct AnalysisIsolatedPeakTests {
    static let period = 0.05

    /// Seven peaks 40 s apart, heights 50–300 (noise σ 1), σ 0.5–1.5 s, τ = 0.4 σ.
    static func isolatedRun(seed: UInt64) -> SyntheticChromatogram {
        let heights = [50.0, 80, 120, 160, 200, 250, 300]
        let sigmas = [0.5, 1.0, 0.7, 1.5, 0.8, 1.2, 0.6]
        let peaks = heights.indices.map { AnalysisFixtures.peak(apex: 30 + 40 * Double($0), height: heights[$0], sigma: sigmas[$0]) }
        return ChromatogramRecipe(
            duration: 300, samplePeriod: period, peaks: peaks, baseline: BaselineModel(offset: 20),
            noise: NoiseModel(whiteSigma: 1), seed: seed
        ).render()
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func everyPeakIsFoundAndMeasured(seed: UInt64) {
        let run = Self.isolatedRun(seed: seed)
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == run.peaks.count, "no missing and no extra peaks")
        #expect(result.points == run.count)
        var areaErrors: [Double] = []
        for truth in run.peaks {
            // Apex: σ ≥ 10 samples and SNR ≥ 50 put the parabolic apex within ~0.02 s; 0.1 s is two samples.
            guard let peak = AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.1) else {
                Issue.record("seed \(seed): no peak within 0.1 s of \(truth.apexTime)")
                continue
            }
            let areaError = (peak.area - truth.area) / truth.area
            areaErrors.append(abs(areaError))
            // Area noise: σ 1 × 0.05 s × √(≈70…240 samples) ≈ 0.4–0.8 µV·s on 67–800 µV·s, plus the
            // baseline's own noise over the peak (≈ 0.1 σ × 3–12 s): ≈ 0.7 % SD for the smallest
            // peak (SNR 50), less for the rest; its bounds stop at 0.5 σ, i.e. ≈ 1 % of its height,
            // which costs ≈ 1 % of tail. 5 % for any single peak; the median is held to 1 % below.
            #expect(abs(areaError) < 0.05, "seed \(seed) peak at \(truth.apexTime): area error \(areaError)")
            // FWHM from interpolated half-height crossings of 25–75 samples: noise moves each by
            // ≈ σ/slope ≈ 0.3 sample; 5 % is ≥ 1.2 samples.
            #expect(abs(peak.fwhm / truth.shape.fwhm - 1) < 0.05, "seed \(seed) peak at \(truth.apexTime): FWHM \(peak.fwhm) vs \(truth.shape.fwhm)")
            #expect(peak.integration == .baseline)
            #expect(peak.start < peak.retentionTime && peak.retentionTime < peak.end)
            // The bounds hold the peak down to a few % of its height: at least ±1 FWHM (6 % for a
            // Gaussian; the walker stops at 0.5 σ, ≤ 1 % of these heights).
            #expect(peak.start < truth.apexTime - truth.shape.fwhm && peak.end > truth.apexTime + truth.shape.fwhm)
            // SNR is defined as height over the reported noise…
            #expect(abs(peak.snr - peak.height / result.noise) <= 1e-12 * peak.snr)
            // …and the height is the true one to within a few noise σ (1–2 % here).
            #expect(abs(peak.height - truth.height) < 0.03 * truth.height + 3, "seed \(seed) height \(peak.height) vs \(truth.height)")
            // SNR against the truth (height / σ = height here): within 20 % (noise estimate ± a few %).
            #expect(abs(peak.snr / truth.height - 1) < 0.2, "seed \(seed) SNR \(peak.snr) vs \(truth.height)")
        }
        // The median of seven errors of ≤ 0.6 % SD: 1 % holds with a wide margin.
        #expect(AnalysisFixtures.median(areaErrors) < 0.01, "seed \(seed): median area error \(AnalysisFixtures.median(areaErrors))")
        #expect(result.peaks == result.peaks.sorted { $0.retentionTime < $1.retentionTime })
    }

    /// The reported noise is the detector's σ. Peaks cover ≈ 10 % of this trace; a robust
    /// estimate away from them is within ≈ 1 % (5 000 residuals). Fails today (≈ +8–12 %):
    /// the white-noise floor from first differences of the whole trace includes the peaks'
    /// steep flanks, and `BaselineNoise.estimate` returns max(residual estimate, that floor).
    @Test(arguments: [1 as UInt64, 2, 3])
    func reportedNoiseIsTheDetectorNoise(seed: UInt64) {
        let run = Self.isolatedRun(seed: seed)
        let result = AnalysisFixtures.analyze(run)
        // 5 % = four standard errors of a MAD on 5 000 samples.
        #expect(abs(result.noise - 1) < 0.05, "seed \(seed): noise \(result.noise) for σ 1")
    }

    @Test(arguments: [4 as UInt64, 5, 6])
    func aPeakThreeSamplesWideIsFound(seed: UInt64) throws {
        let sigma = AnalysisFixtures.sigma(fwhmSamples: 3, period: Self.period)
        let truth = AnalysisFixtures.peak(apex: 30.013, height: 100, sigma: sigma, tailRatio: 0)
        let run = ChromatogramRecipe(
            duration: 60, samplePeriod: Self.period, peaks: [truth], noise: NoiseModel(whiteSigma: 1), seed: seed
        ).render()
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == 1)
        let peak = try #require(AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: Self.period))
        // Three samples above half height: the area is a trapezoid sum over ~8 samples, which is
        // exact to ≪ 1 % for a Gaussian; noise adds 0.05 × √8 ≈ 0.15 on 16, i.e. 1 %. 5 % = 5 SD.
        #expect(abs(peak.area / truth.area - 1) < 0.05)
        #expect(result.removedSpikes == 0, "a narrow peak is not a spike")
    }

    @Test(arguments: [4 as UInt64, 5, 6])
    func aPeakThreeHundredSamplesWideIsFound(seed: UInt64) throws {
        let sigma = AnalysisFixtures.sigma(fwhmSamples: 300, period: Self.period)
        let truth = AnalysisFixtures.peak(apex: 150, height: 100, sigma: sigma, tailRatio: 0.2)
        let run = ChromatogramRecipe(
            duration: 300, samplePeriod: Self.period, peaks: [truth], noise: NoiseModel(whiteSigma: 1), seed: seed
        ).render()
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == 1)
        // A 15 s wide top under 1 % noise: the apex is uncertain by ≈ 0.1 s; 0.5 s is 3 % of the FWHM.
        let peak = try #require(AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.5))
        // Area noise 0.05 × √900 ≈ 1.5 on ≈ 1 700 (0.1 %); a baseline bridged over 45 s adds
        // ≈ 0.05 σ × 45 s. 2 % is far above both and far below losing a tail.
        #expect(abs(peak.area / truth.area - 1) < 0.02)
        #expect(abs(peak.fwhm / truth.shape.fwhm - 1) < 0.05)
    }

    @Test func aNarrowAndAWidePeakInOneTraceAreBothFound() {
        let narrow = AnalysisFixtures.peak(apex: 60, height: 100, sigma: AnalysisFixtures.sigma(fwhmSamples: 3, period: Self.period), tailRatio: 0)
        let wide = AnalysisFixtures.peak(apex: 200, height: 100, sigma: AnalysisFixtures.sigma(fwhmSamples: 300, period: Self.period), tailRatio: 0)
        let run = ChromatogramRecipe(
            duration: 300, samplePeriod: Self.period, peaks: [narrow, wide], noise: NoiseModel(whiteSigma: 1), seed: 8
        ).render()
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == 2)
        for truth in [narrow, wide] {
            let peak = AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.5)
            // Same bounds as the single-peak tests, the looser (5 %) of the two.
            #expect(peak.map { abs($0.area / truth.area - 1) < 0.05 } == true, "peak at \(truth.apexTime): \(String(describing: peak))")
        }
    }
}
