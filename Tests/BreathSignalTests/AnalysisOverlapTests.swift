import Foundation
import Testing

@testable import BreathSignal

/// Fused peaks: drop lines, deconvolution and tangent skimming (PeakIntegrator's rules).
@Suite struct AnalysisOverlapTests {
    static let period = 0.05

    /// Two peaks of equal shape at resolution `resolution` (half-height definition,
    /// Rs = 1.18 Δt / (w½₁ + w½₂)), the second `ratio` times the first's height.
    static func pair(resolution: Double, ratio: Double, seed: UInt64) -> SyntheticChromatogram {
        let first = AnalysisFixtures.peak(apex: 50, height: 200, sigma: 1, tailRatio: 0.2)
        let separation = resolution * 2 * first.shape.fwhm / 1.18
        let second = AnalysisFixtures.peak(apex: 50 + separation, height: 200 * ratio, sigma: 1, tailRatio: 0.2)
        return ChromatogramRecipe(
            duration: 100, samplePeriod: period, peaks: [first, second], baseline: BaselineModel(offset: 30),
            noise: NoiseModel(whiteSigma: 1), seed: seed
        ).render()
    }

    @Test(arguments: [(0.25, 1 as UInt64), (0.25, 2), (4, 3), (4, 4)])
    func aPairAtResolutionOneIsSplitIntoTwoPeaks(ratio: Double, seed: UInt64) {
        let run = Self.pair(resolution: 1, ratio: ratio, seed: seed)
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == 2, "ratio \(ratio) seed \(seed): \(result.peaks.map(\.retentionTime))")
        for truth in run.peaks {
            // Apex within 0.1 s (2 samples): fitted components land within ≈ 0.02 s here.
            guard let peak = AnalysisFixtures.detected(near: truth.apexTime, in: result.peaks, tolerance: 0.1) else {
                Issue.record("ratio \(ratio) seed \(seed): nothing at \(truth.apexTime)")
                continue
            }
            // At Rs 1 a drop line misassigns a few % between a 1:4 pair; a shared-shape EMG fit
            // recovers both within ≈ 1 %. 8 % as specified tolerates the drop line's bias.
            #expect(abs(peak.area / truth.area - 1) < 0.08, "ratio \(ratio) seed \(seed) at \(truth.apexTime): area \(peak.area) vs \(truth.area)")
            #expect([IntegrationMethod.deconvolved, .dropLine].contains(peak.integration))
        }
        // Both peaks share the cluster: the first ends where the second starts (drop line).
        if result.peaks.count == 2 { #expect(result.peaks[0].end <= result.peaks[1].start + Self.period) }
    }

    @Test func resolvedPairsAreIntegratedSeparately() {
        let run = Self.pair(resolution: 3, ratio: 0.25, seed: 5)
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == 2)
        #expect(result.peaks.allSatisfy { $0.integration == .baseline })
        for (peak, truth) in zip(result.peaks, run.peaks) {
            // Isolated-peak accuracy (3 %, see AnalysisIsolatedPeakTests).
            #expect(abs(peak.area / truth.area - 1) < 0.03)
        }
    }

    /// A large tailing peak (τ = 3σ) and a rider 1/20 of its height on its tail, separated by
    /// a valley. `offset` is where the rider sits after the large apex.
    static func riderRun(offset: Double, riderHeight: Double = 50, seed: UInt64) -> SyntheticChromatogram {
        // 300 s: long enough that the scale range (capped at a fortieth of the trace) reaches
        // the large peak's 40 s tail.
        ChromatogramRecipe(
            duration: 300, samplePeriod: period,
            peaks: [
                AnalysisFixtures.peak(apex: 40, height: 1000, sigma: 1, tailRatio: 3),
                AnalysisFixtures.peak(apex: 40 + offset, height: riderHeight, sigma: 0.6, tailRatio: 0.3),
            ],
            baseline: BaselineModel(offset: 30), noise: NoiseModel(whiteSigma: 1), seed: seed
        ).render()
    }

    @Test(arguments: [(12.0, 9 as UInt64), (16, 10), (20, 11)])
    func aSmallRiderOnATailIsTangentSkimmed(offset: Double, seed: UInt64) throws {
        let run = Self.riderRun(offset: offset, seed: seed)
        let result = AnalysisFixtures.analyze(run)
        #expect(result.peaks.count == 2)
        let large = try #require(AnalysisFixtures.detected(near: run.peaks[0].apexTime, in: result.peaks, tolerance: 0.2))
        let rider = try #require(AnalysisFixtures.detected(near: run.peaks[1].apexTime, in: result.peaks, tolerance: 0.1))
        // Known: 20 s out, the tail has decayed to about one noise σ, and whether the walk from
        // the large apex reaches the rider's valley (one cluster, skimmed) or the baseline first
        // (two isolated peaks, the tail between them in neither) depends on the noise.
        withKnownIssue("A rider where the tail has decayed into the noise may be integrated on its own (open issue)", isIntermittent: true) {
            try #require(offset < 20)
            #expect(rider.integration == .tangentSkim)
            #expect(large.integration == .dropLine)
            #expect(large.end <= rider.start + Self.period, "the rider starts at the valley")
            // Skimming moves area between the two, it creates none: the sum is the cluster's area
            // above the baseline (noise over ≈ 600 samples: ±1.2 µV·s on 5 300; 1 % is ample).
            let total = run.peaks.map(\.area).reduce(0, +)
            #expect(abs((large.area + rider.area) / total - 1) < 0.01)
        }
        // The tangent (chord of a convex tail) lies above the tail, so the rider loses part of
        // its own area, and the part before the valley stays with the large peak: it is
        // under-, never over-estimated, and keeps at least half here.
        #expect(rider.area < 1.02 * run.peaks[1].area && rider.area > 0.5 * run.peaks[1].area, "rider area \(rider.area) vs \(run.peaks[1].area)")
        // Height is measured above the tangent, not above the baseline under the tail.
        #expect(abs(rider.height / run.peaks[1].height - 1) < 0.25, "rider height \(rider.height)")
        #expect(abs(rider.snr - rider.height / result.noise) <= 1e-12 * rider.snr)
    }

    /// A rider 1/4 of the large peak's height (above tangentSkimRatio, 0.1) on its tail, where
    /// the valley stays 6–23 noise σ above the baseline: the two share that valley, so by the
    /// integration rules they form a cluster split by a drop line (or are deconvolved), and the
    /// bounds meet. Fails today: each ExtentWalker stops at its own smoothed valley, 7–9 samples
    /// apart, the extents do not overlap, and both peaks are integrated as isolated `.baseline`
    /// peaks: the tail under the rider counts as rider (+7 % at 16 s, +30 % at 12 s), the large
    /// peak loses it, and the samples between the two bounds belong to neither.
    @Test(arguments: [(12.0, 12 as UInt64), (16, 13)])
    func aLargerRiderOnATailSharesADropLine(offset: Double, seed: UInt64) throws {
        let run = Self.riderRun(offset: offset, riderHeight: 250, seed: seed)
        let result = AnalysisFixtures.analyze(run)
        let large = try #require(AnalysisFixtures.detected(near: run.peaks[0].apexTime, in: result.peaks, tolerance: 0.2))
        let rider = try #require(AnalysisFixtures.detected(near: run.peaks[1].apexTime, in: result.peaks, tolerance: 0.1))
        #expect(rider.integration != .tangentSkim)
        #expect([IntegrationMethod.dropLine, .deconvolved].contains(rider.integration), "offset \(offset): rider integrated as \(rider.integration)")
        // Known: at 12 s a third peak is found on the tail between the two, taking the samples
        // between them.
        withKnownIssue("An extra peak on the tail between a large peak and a close rider (open issue)", isIntermittent: true) {
            #expect(result.peaks.count == 2)
            #expect(large.end >= rider.start - Self.period, "offset \(offset): a gap \(large.end)…\(rider.start) s belongs to no peak")
        }
    }
}
