extension ChromatogramRecipe {
    /// Renders the trace and its ground truth. Pure: the same recipe always gives the same
    /// result. The random draws are identical on every platform; the peak, baseline and dip
    /// shapes use the C library's `exp`, `erfc` and `sin`, which may differ in the last bit
    /// between platforms. Each peak is evaluated only inside its window (8σ before, 8σ + 40τ after the
    /// Gaussian centre), which keeps long, fast-sampled traces cheap.
    public func render() -> SyntheticChromatogram {
        let count = sampleCount
        let lastTime = Double(count - 1) * samplePeriod
        let baselineValues = renderBaseline(count: count)
        var intensity = baselineValues

        let rendered = peaks.enumerated()
            .filter { (0...lastTime).contains($0.element.apexTime) }
            // Ties broken by input order so the truth order never depends on the sort algorithm.
            .sorted { ($0.element.apexTime, $0.offset) < ($1.element.apexTime, $1.offset) }
            .map(\.element)
        for peak in rendered {
            add(peak.shape, to: &intensity)
        }

        addNoise(to: &intensity)
        let spikeIndices = addSpikes(to: &intensity)

        return SyntheticChromatogram(
            samplePeriod: samplePeriod,
            intensity: intensity,
            trueBaseline: baselineValues,
            peaks: rendered,
            spikeIndices: spikeIndices,
            spikeAmplitude: spikes.amplitude,
            noiseSigma: noise.totalSigma)
    }

    private func renderBaseline(count: Int) -> [Double] {
        var random = SeededGenerator(seed: seed, stream: .baselineWander)
        let phases = baseline.wander.map { _ in 2 * Double.pi * random.nextUniform() }
        return (0..<count).map { index in
            let t = Double(index) * samplePeriod
            return baseline.value(at: t, wanderPhases: phases) + (waterDip?.value(at: t) ?? 0)
        }
    }

    private func add(_ shape: EMGPeak, to intensity: inout [Double]) {
        let window = shape.renderWindow
        // Clamp in floating point first: windows of extreme peaks may not fit in an Int.
        let first = max(0, (window.lowerBound / samplePeriod).rounded(.up))
        let last = min(Double(intensity.count - 1), (window.upperBound / samplePeriod).rounded(.down))
        guard first <= last else { return }
        for index in Int(first)...Int(last) {
            intensity[index] += shape.value(at: Double(index) * samplePeriod)
        }
    }

    private func addNoise(to intensity: inout [Double]) {
        guard noise.totalSigma > 0 else { return }
        var random = SeededGenerator(seed: seed, stream: .detectorNoise)
        let innovationSigma = noise.correlatedSigma * (1 - noise.phi * noise.phi).squareRoot()
        // Start the AR(1) process in its stationary distribution so there is no warm-up.
        var correlated = noise.correlatedSigma * random.nextStandardNormal()
        for index in intensity.indices {
            intensity[index] += noise.whiteSigma * random.nextStandardNormal() + correlated
            correlated = noise.phi * correlated + innovationSigma * random.nextStandardNormal()
        }
    }

    /// Adds spikes at distinct seeded positions (Floyd's sampling) and returns them ascending.
    private func addSpikes(to intensity: inout [Double]) -> [Int] {
        let total = intensity.count
        let wanted = min(spikes.count, total)
        guard wanted > 0 else { return [] }
        var random = SeededGenerator(seed: seed, stream: .spikePositions)
        var chosen = Set<Int>()
        for candidateLimit in (total - wanted)..<total {
            let pick = random.nextInt(below: candidateLimit + 1)
            chosen.insert(chosen.contains(pick) ? candidateLimit : pick)
        }
        let indices = chosen.sorted()
        for index in indices {
            intensity[index] += spikes.amplitude
        }
        return indices
    }
}
