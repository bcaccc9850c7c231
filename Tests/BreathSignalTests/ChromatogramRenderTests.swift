import BreathSignal
import Testing

@Suite struct ChromatogramRenderTests {
    /// A busy recipe: two tailed peaks, full baseline, dip, noise and spikes.
    func busyRecipe(seed: UInt64, samplePeriod: Double = 0.05) -> ChromatogramRecipe {
        ChromatogramRecipe(
            duration: 120, samplePeriod: samplePeriod,
            peaks: [
                TruthPeak(name: "b", kind: .compound, shape: EMGPeak(center: 70, sigma: 1.2, tau: 0.8, area: 500)),
                TruthPeak(name: "a", kind: .compound, shape: EMGPeak(center: 40, sigma: 0.6, tau: 0, area: 200)),
            ],
            baseline: BaselineModel(
                offset: 100, bleed: ColumnBleed(amplitude: 50, midpoint: 100, width: 8),
                wander: [BaselineWander(amplitude: 3, period: 90)]),
            waterDip: WaterDip(time: 15, depth: 40, width: 4),
            noise: NoiseModel(whiteSigma: 2, correlatedSigma: 1, phi: 0.9),
            spikes: SpikeModel(count: 5, amplitude: 80),
            seed: seed)
    }

    /// Trapezoid integral of (signal − baseline) over the whole trace.
    func integratedArea(_ chromatogram: SyntheticChromatogram) -> Double {
        let excess = zip(chromatogram.intensity, chromatogram.trueBaseline).map { $0 - $1 }
        let inner = excess.dropFirst().dropLast().reduce(0, +)
        return (inner + (excess.first! + excess.last!) / 2) * chromatogram.samplePeriod
    }

    @Test func sameSeedIsIdenticalDifferentSeedDiffers() {
        #expect(busyRecipe(seed: 1).render() == busyRecipe(seed: 1).render())
        let first = busyRecipe(seed: 1).render()
        let second = busyRecipe(seed: 2).render()
        #expect(first.intensity != second.intensity)
        #expect(first.trueBaseline != second.trueBaseline)  // wander phases are seeded
        #expect(first.spikeIndices != second.spikeIndices)
        #expect(first.peaks == second.peaks)  // the truth does not depend on the seed
    }

    @Test(arguments: [0.0, 0.3, 1.5, 6])
    func renderedAreaMatchesStatedArea(tailRatio: Double) {
        let peak = EMGPeak(center: 30, sigma: 1, tau: tailRatio, area: 250)
        let recipe = ChromatogramRecipe(
            duration: 100, samplePeriod: 0.05,
            peaks: [TruthPeak(name: nil, kind: .compound, shape: peak)],
            baseline: BaselineModel(offset: 20, bleed: ColumnBleed(amplitude: 10, midpoint: 80, width: 5)),
            seed: 9)
        let area = integratedArea(recipe.render())
        #expect(abs(area - 250) < 0.005 * 250)
    }

    @Test(arguments: [0.1, 0.001])
    func slowAndFastSamplingBothRender(samplePeriod: Double) {
        var recipe = busyRecipe(seed: 5, samplePeriod: samplePeriod)
        recipe.noise = .none
        recipe.spikes = .none
        let chromatogram = recipe.render()
        #expect(chromatogram.count == Int((120 / samplePeriod).rounded()))
        #expect(abs(chromatogram.time(at: 10) - 10 * samplePeriod) < 1e-15)
        #expect(chromatogram.times.last == chromatogram.time(at: chromatogram.count - 1))
        #expect(abs(integratedArea(chromatogram) - 700) < 0.005 * 700)
        // The sample nearest the Gaussian peak's apex carries its height above the baseline.
        let apexIndex = Int((40 / samplePeriod).rounded())
        let excess = chromatogram.intensity[apexIndex] - chromatogram.trueBaseline[apexIndex]
        #expect(abs(excess - chromatogram.peaks[0].height) < 1e-6 * chromatogram.peaks[0].height)
    }

    @Test func truthIsSortedByApexAndExcludesPeaksOutsideTheTrace() {
        var recipe = busyRecipe(seed: 3)
        recipe.peaks.append(TruthPeak(name: "late", kind: .siloxane, shape: EMGPeak(center: 130, sigma: 1, tau: 0, area: 1)))
        let chromatogram = recipe.render()
        #expect(chromatogram.peaks.map(\.name) == ["a", "b"])
        #expect(chromatogram.peaks[0].apexTime < chromatogram.peaks[1].apexTime)
    }

    @Test func spikesAreSingleSamplesAtTheRecordedIndices() {
        let spiked = busyRecipe(seed: 4).render()
        var quiet = busyRecipe(seed: 4)
        quiet.spikes = .none
        let reference = quiet.render()
        #expect(spiked.spikeIndices.count == 5)
        #expect(spiked.spikeIndices == spiked.spikeIndices.sorted())
        #expect(Set(spiked.spikeIndices).count == 5)
        #expect(spiked.spikeAmplitude == 80)
        // Spikes use their own random stream, so everything else is identical.
        for index in spiked.intensity.indices {
            let difference = spiked.intensity[index] - reference.intensity[index]
            if spiked.spikeIndices.contains(index) {
                #expect(abs(difference - 80) < 1e-9)
            } else {
                #expect(difference == 0)
            }
        }
    }

    @Test func spikeCountIsCappedAtTheSampleCount() {
        let recipe = ChromatogramRecipe(
            duration: 1, samplePeriod: 0.1, peaks: [], spikes: SpikeModel(count: 50, amplitude: 1), seed: 1)
        #expect(recipe.render().spikeIndices == Array(0..<10))
    }

    @Test func waterDipIsNegative() {
        var recipe = busyRecipe(seed: 6)
        let withDip = recipe.render()
        recipe.waterDip = nil
        let withoutDip = recipe.render()
        let dip = zip(withDip.trueBaseline, withoutDip.trueBaseline).map { $0 - $1 }
        #expect(dip.allSatisfy { $0 <= 0 })
        let deepest = dip.indices.min { dip[$0] < dip[$1] }!
        #expect(abs(withDip.time(at: deepest) - 15) < 0.05 + 1e-9)
        #expect(abs(dip[deepest] + 40) < 1e-9)
    }

    @Test func noiseHasTheStatedSigmaAndCorrelation() {
        let recipe = ChromatogramRecipe(
            duration: 2000, samplePeriod: 0.01, peaks: [],
            noise: NoiseModel(whiteSigma: 0, correlatedSigma: 3, phi: 0.8), seed: 12)
        let chromatogram = recipe.render()
        let noise = chromatogram.intensity
        let count = Double(noise.count)
        let mean = noise.reduce(0, +) / count
        let variance = noise.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / count
        let lagOne = zip(noise, noise.dropFirst()).map { ($0 - mean) * ($1 - mean) }.reduce(0, +) / count
        #expect(chromatogram.noiseSigma == 3)
        // 200k correlated samples: effective n ≈ 22k, so these bands are several SE wide.
        #expect(abs(variance.squareRoot() - 3) < 0.1)
        #expect(abs(lagOne / variance - 0.8) < 0.02)

        let white = ChromatogramRecipe(
            duration: 1000, samplePeriod: 0.01, peaks: [],
            noise: NoiseModel(whiteSigma: 2, correlatedSigma: 1.5, phi: 0.5), seed: 13).render()
        let whiteMean = white.intensity.reduce(0, +) / Double(white.count)
        let whiteSD = (white.intensity.map { ($0 - whiteMean) * ($0 - whiteMean) }.reduce(0, +) / Double(white.count)).squareRoot()
        #expect(white.noiseSigma == 2.5)
        #expect(abs(whiteSD - 2.5) < 0.05)
    }
}
