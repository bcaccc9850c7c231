import Foundation

@testable import BreathSignal

/// Shared helpers for the analyzer suites: ground-truth peaks by apex and height, and checks.
enum AnalysisFixtures {
    /// An EMG peak whose apex is at `apex` s with `height` above the baseline; `tailRatio` is τ/σ.
    static func peak(apex: Double, height: Double, sigma: Double, tailRatio: Double = 0.4) -> TruthPeak {
        let unit = EMGPeak(center: 0, sigma: sigma, tau: tailRatio * sigma, area: 1)
        let shape = EMGPeak(
            center: apex - unit.apexTime, sigma: sigma, tau: tailRatio * sigma, area: height / unit.height)
        return TruthPeak(name: nil, kind: .compound, shape: shape)
    }

    /// σ (s) of a Gaussian whose FWHM is `samples` samples of `period` s.
    static func sigma(fwhmSamples samples: Double, period: Double) -> Double {
        samples * period / (8 * log(2.0)).squareRoot()
    }

    static func chromatogram(_ synthetic: SyntheticChromatogram) -> Chromatogram {
        // Synthetic traces always have a positive finite period.
        try! Chromatogram(samplePeriod: synthetic.samplePeriod, intensity: synthetic.intensity)
    }

    static func analyze(_ synthetic: SyntheticChromatogram, settings: AnalysisSettings = .default) -> AnalysisResult {
        ChromatogramAnalyzer(settings: settings).analyze(chromatogram(synthetic))
    }

    /// The detected peak nearest `time`, if one lies within `tolerance` s.
    static func detected(near time: Double, in peaks: [DetectedPeak], tolerance: Double) -> DetectedPeak? {
        guard let nearest = peaks.min(by: { abs($0.retentionTime - time) < abs($1.retentionTime - time) }),
              abs(nearest.retentionTime - time) <= tolerance else { return nil }
        return nearest
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Every number in the result is finite.
    static func isFinite(_ result: AnalysisResult) -> Bool {
        result.noise.isFinite && result.baseline.allSatisfy(\.isFinite)
            && result.peaks.allSatisfy { peak in
                [peak.retentionTime, peak.start, peak.end, peak.height, peak.area, peak.fwhm, peak.snr].allSatisfy(\.isFinite)
            }
    }

    /// Indices of samples farther than `clearance` s from every rendered peak's span
    /// (apex − 8σ to apex + 8σ + 8τ), where the baseline alone is the truth.
    static func samplesAwayFromPeaks(_ synthetic: SyntheticChromatogram, clearance: Double = 0) -> [Int] {
        synthetic.intensity.indices.filter { index in
            let t = synthetic.time(at: index)
            return synthetic.peaks.allSatisfy { peak in
                let shape = peak.shape
                return t < peak.apexTime - 8 * shape.sigma - clearance || t > peak.apexTime + 8 * (shape.sigma + shape.tau) + clearance
            }
        }
    }
}
