/// From a raw detector trace to a peak table: repair, spike removal, noise, wavelet
/// detection, baseline, integration and, for fused peaks, deconvolution.
///
/// A pure function of the chromatogram and the settings; safe to call concurrently.
public struct ChromatogramAnalyzer: Sendable {
    public var settings: AnalysisSettings

    public init(settings: AnalysisSettings = .default) {
        self.settings = settings
    }

    /// Analyses `chromatogram`. Degenerate input (fewer than 8 samples, no finite value,
    /// a constant trace) gives an empty peak table, never a trap.
    public func analyze(_ chromatogram: Chromatogram) -> AnalysisResult {
        var x = chromatogram.intensity
        let n = x.count
        let repaired = Preprocessing.repairNonFinite(&x)
        guard n >= 8, x.allSatisfy(\.isFinite) else {
            return AnalysisResult(peaks: [], noise: 0, baseline: x.map { $0.isFinite ? $0 : 0 },
                                  repairedSamples: repaired, removedSpikes: 0, points: n)
        }
        let whiteNoise = Preprocessing.noiseFromDifferences(x)
        let spikes = Preprocessing.removeSpikes(&x, noise: whiteNoise, threshold: settings.spikeThreshold)
        // A noiseless trace still needs a positive scale to compare heights against.
        let magnitude = x.reduce(0) { max($0, abs($1)) }
        let noiseFloor = max(whiteNoise, 1e-9 * magnitude, Double.leastNormalMagnitude)

        let widths = WaveletTransform.widths(
            from: settings.smallestWidth, to: max(settings.smallestWidth, min(settings.largestWidth, Double(n) / 40)))
        let transform = WaveletTransform(signal: x, widths: widths)
        let ridges = RidgeDetector(
            minimumProminence: settings.minimumProminence, minimumScore: settings.minimumScore,
            weakScore: settings.weakRidgeScore,
            minimumLength: settings.minimumRidgeLength
        ).ridges(in: transform)

        let trace = TraceView(x)
        var candidates = PeakCandidate.withoutWeakOutliers(
            PeakCandidate.withoutLoneShoulders(ridges.map { PeakCandidate(ridge: $0, trace: trace) }))
        let peakWidths = candidates.map(\.sigma).sorted()
        let typicalSigma = peakWidths.isEmpty ? 2 : peakWidths[peakWidths.count / 2]
        let widestSigma = peakWidths.isEmpty ? 2 : peakWidths[min(peakWidths.count - 1, peakWidths.count * 9 / 10)]
        let light = Filters.movingAverage(x, half: max(1, Int(typicalSigma / 3)))
        let estimator = BaselineEstimator(noise: noiseFloor)
        let rough = estimator.rough(light, widestPeakSamples: Int(14 * widestSigma))

        candidates = candidates.filter { $0.height(above: rough) >= settings.minimumHeight * noiseFloor }
        candidates += MatchedWidthPass.candidates(trace: trace, rough: rough, known: candidates)
        let walker = ExtentWalker(trace: trace, noise: noiseFloor)
        let masks = candidates.map { candidate -> ClosedRange<Int> in
            let extent = walker.extent(of: candidate, baseline: rough)
            let margin = Int(2 * candidate.sigma) + 1
            return (extent.lowerBound - margin)...(extent.upperBound + margin)
        }
        let baseline = estimator.refined(light, masked: masks, smoothing: max(2, Int(2 * typicalSigma)), rough: rough)

        let noise = BaselineNoise.estimate(x, baseline: baseline, masks: masks, fallback: noiseFloor)
        var kept = candidates.filter {
            $0.height(above: baseline) >= ($0.isWeak ? settings.weakRidgeHeight : settings.minimumHeight) * noise
        }
        // A small bump far narrower than every clear peak is noise riding on the trace (peak
        // widths change slowly along a GC run); a clear peak may be as narrow as it likes.
        let clear = kept.filter { $0.height(above: baseline) >= 10 * noise }.map(\.sigma)
        if let narrowest = clear.min() {
            kept = kept.filter { $0.height(above: baseline) >= 10 * noise || $0.sigma >= 0.25 * narrowest }
        }
        kept = PeakCandidate.merged(kept)
        let peaks = PeakIntegrator(
            trace: trace, baseline: baseline, noise: noise, samplePeriod: chromatogram.samplePeriod,
            startTime: chromatogram.startTime, settings: settings
        ).integrate(kept, walker: ExtentWalker(trace: trace, noise: noise))
        return AnalysisResult(
            peaks: peaks, noise: noise, baseline: baseline, repairedSamples: repaired, removedSpikes: spikes, points: n)
    }
}

/// The noise of the trace around its baseline, away from peaks: σ of white and correlated
/// noise together, which is what a peak's height is compared with.
enum BaselineNoise {
    static func estimate(_ x: [Double], baseline: [Double], masks: [ClosedRange<Int>], fallback: Double) -> Double {
        var masked = [Bool](repeating: false, count: x.count)
        for region in masks {
            for i in max(0, region.lowerBound)...min(x.count - 1, max(0, region.upperBound)) { masked[i] = true }
        }
        var residuals: [Double] = []
        residuals.reserveCapacity(x.count)
        for i in x.indices where !masked[i] { residuals.append(x[i] - baseline[i]) }
        guard residuals.count >= 16 else { return fallback }
        let estimate = RobustStatistics.clippedSigma(RobustStatistics.subsample(residuals, limit: 4096))
        return estimate > 0 ? estimate : fallback
    }
}
