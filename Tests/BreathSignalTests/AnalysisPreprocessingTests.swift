import Foundation
import Testing

@testable import BreathSignal

@Suite struct AnalysisPreprocessingTests {
    // MARK: Non-finite repair

    @Test func interiorGapsAreInterpolatedLinearly() {
        var x: [Double] = [0, 1, .nan, .nan, 4, 5, .infinity, 9, -.infinity, .nan, .nan, 0]
        let repaired = Preprocessing.repairNonFinite(&x)
        #expect(repaired == 6)
        #expect(x == [0, 1, 2, 3, 4, 5, 7, 9, 6.75, 4.5, 2.25, 0])
    }

    @Test func leadingAndTrailingNonFiniteTakeTheNearestFiniteValue() {
        var x: [Double] = [.nan, -.infinity, .nan, 3, 4, .infinity, .nan]
        #expect(Preprocessing.repairNonFinite(&x) == 5)
        #expect(x == [3, 3, 3, 3, 4, 4, 4])
    }

    @Test func allNonFiniteIsLeftAlone() {
        var x: [Double] = [.nan, .infinity, -.infinity]
        #expect(Preprocessing.repairNonFinite(&x) == 0)
        #expect(x[0].isNaN && x[1] == .infinity && x[2] == -.infinity)
        var empty: [Double] = []
        #expect(Preprocessing.repairNonFinite(&empty) == 0)
        var finite: [Double] = [1, 2, 3]
        #expect(Preprocessing.repairNonFinite(&finite) == 0 && finite == [1, 2, 3])
    }

    // MARK: Spikes

    static func noise(count: Int, sigma: Double, seed: UInt64) -> [Double] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in random.nextNormal(mean: 100, standardDeviation: sigma) }
    }

    @Test func singlePositiveAndNegativeSpikesAreRemoved() {
        let clean = Self.noise(count: 400, sigma: 1, seed: 3)
        var x = clean
        x[50] += 40
        x[200] -= 40
        x[333] += 15  // 15 σ: above the 8 σ threshold with margin for the noise of its neighbours
        let removed = Preprocessing.removeSpikes(&x, noise: 1, threshold: 8)
        #expect(removed == 3)
        for i in [50, 200, 333] {
            // Replaced by the mean of its neighbours: within a few σ of the clean value.
            #expect(abs(x[i] - clean[i]) < 4, "index \(i)")
        }
        let untouched = x.indices.filter { ![50, 200, 333].contains($0) }
        #expect(untouched.allSatisfy { x[$0] == clean[$0] })
    }

    @Test(arguments: [0.0, 0.25, 0.5])
    func aThreeSampleWidePeakIsNotASpike(apexOffset: Double) {
        // FWHM 3 samples (σ = 1.27), height 100 σ, apex between samples by `apexOffset`.
        let sigma = 3 / 2.3548
        let clean = Self.noise(count: 200, sigma: 1, seed: 4)
        let x = clean.indices.map { i in clean[i] + 100 * exp(-pow(Double(i) - 100 - apexOffset, 2) / (2 * sigma * sigma)) }
        var filtered = x
        #expect(Preprocessing.removeSpikes(&filtered, noise: 1, threshold: 8) == 0)
        #expect(filtered == x)
    }

    @Test func aStepIsNotASpike() {
        let clean = Self.noise(count: 200, sigma: 1, seed: 5)
        let x = clean.indices.map { clean[$0] + ($0 >= 100 ? 200 : 0) }
        var filtered = x
        #expect(Preprocessing.removeSpikes(&filtered, noise: 1, threshold: 8) == 0)
        #expect(filtered == x)
    }

    @Test func noSpikeRemovalWithoutNoiseOrOnShortTraces() {
        var x: [Double] = [0, 0, 100, 0, 0, 0]
        #expect(Preprocessing.removeSpikes(&x, noise: 0) == 0)
        var short: [Double] = [0, 100, 0, 0]
        #expect(Preprocessing.removeSpikes(&short, noise: 1) == 0)
    }

    // MARK: Noise

    @Test(arguments: [0.5, 1, 7])
    func noiseFromDifferencesEstimatesWhiteNoise(sigma: Double) {
        let x = Self.noise(count: 20_000, sigma: sigma, seed: UInt64(sigma * 10))
        // Scaled MAD of 20 000 differences: standard error ≈ 1 %; 4 % is four of them.
        #expect(abs(Preprocessing.noiseFromDifferences(x) / sigma - 1) < 0.04)
    }

    @Test func noiseFromDifferencesIgnoresPeaksAndDrift() {
        var random = SeededGenerator(seed: 9)
        let x = (0..<20_000).map { i -> Double in
            let t = Double(i)
            let peaks = 500 * exp(-pow((t - 5000) / 20, 2) / 2) + 300 * exp(-pow((t - 12_000) / 40, 2) / 2)
            return 0.02 * t + peaks + random.nextNormal(mean: 0, standardDeviation: 2)
        }
        // Drift adds 0.02 per difference (1 % of σ√2); the peaks touch < 1 % of the differences.
        #expect(abs(Preprocessing.noiseFromDifferences(x) / 2 - 1) < 0.05)
        #expect(Preprocessing.noiseFromDifferences([1, 2]) == 0)
    }
}
