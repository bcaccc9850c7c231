import CFFTW
import Foundation

/// Continuous wavelet transform of a trace with the Ricker ("Mexican hat") wavelet at a
/// geometric series of scales, computed with FFTs.
///
/// One forward FFT serves every scale. Each scale is then brought back with an inverse FFT
/// only as long as its band needs: the Ricker filter at scale `s` has no energy above about
/// `6/s` rad/sample, so scale `s` is computed on a grid decimated by the largest power of two
/// ≤ `3s/4`. All scales together cost about as much as four full-length inverse FFTs, which is
/// what keeps detection O(N log N) and fast at 600k points.
struct WaveletTransform {
    /// One scale's coefficients.
    struct Scale {
        /// The wavelet's width σ, in samples.
        var width: Double
        /// Coefficient `j` belongs to sample `j * decimation`.
        var decimation: Int
        var values: [Double]
        /// Robust, peak-clipped standard deviation of the coefficients: their noise level at this scale.
        var noise: Double
    }

    let scales: [Scale]

    /// The transform of `signal` at `widths` (σ in samples, increasing).
    init(signal: [Double], widths: [Double]) {
        let n = signal.count
        guard n >= 4, let widest = widths.last else {
            scales = []
            return
        }
        let decimations = widths.map { WaveletTransform.decimation(forWidth: $0) }
        let coarsest = decimations.max() ?? 1
        // Mirror padding keeps the ends free of wrap-around; a multiple of the coarsest
        // decimation keeps every decimated grid on original samples.
        let rawPadding = min(n - 1, Int((3 * widest).rounded(.up)))
        let padding = (rawPadding + coarsest - 1) / coarsest * coarsest
        let length = n + 2 * padding
        let size = coarsest * FFTEngine.goodSize(atLeast: (length + coarsest - 1) / coarsest)

        let input = FFTBuffer<Double>(capacity: size)
        for i in 0..<size {
            let original = i - padding
            let mirrored: Int
            if original < 0 {
                mirrored = min(-original, n - 1)
            } else if original >= n {
                mirrored = max(2 * (n - 1) - original, 0)
            } else {
                mirrored = original
            }
            input[i] = i < length ? signal[mirrored] : signal[n - 1]
        }
        let spectrum = FFTBuffer<fftw_complex>(capacity: size / 2 + 1)
        FFTEngine.forward(input, spectrum, count: size)

        var scales: [Scale] = []
        scales.reserveCapacity(widths.count)
        // One pair of work arrays for every scale: the finest scale needs the most room.
        let band = FFTBuffer<fftw_complex>(capacity: size / 2 + 1)
        let output = FFTBuffer<Double>(capacity: size)
        for (width, decimation) in zip(widths, decimations) {
            let count = size / decimation
            let bins = count / 2 + 1
            // Gain (sω)²·exp(−(sω)²/2) at ω = k·step; the Gaussian factor by recurrence
            // (exp(−a(k+1)²) = exp(−ak²)·exp(−a(2k+1))) instead of one exp per bin.
            let step = 2 * Double.pi / Double(size)
            let a = 0.5 * (width * step) * (width * step)
            var gaussian = 1.0
            var ratio = Foundation.exp(-a)
            let ratioStep = Foundation.exp(-2 * a)
            for k in 0..<bins {
                let sw = width * step * Double(k)
                let gain = sw * sw * gaussian
                band[k] = (spectrum[k].0 * gain, spectrum[k].1 * gain)
                gaussian *= ratio
                ratio *= ratioStep
                if gaussian < 1e-300 {
                    for rest in (k + 1)..<bins { band[rest] = (0, 0) }
                    break
                }
            }
            FFTEngine.inverse(band, output, count: count)
            let kept = (n + decimation - 1) / decimation
            let offset = padding / decimation
            let norm = 1 / Double(size)
            var values = [Double](repeating: 0, count: kept)
            for j in 0..<kept { values[j] = output[offset + j] * norm }
            // Noise changes smoothly with scale: measure it on every other scale (and the last)
            // and take the geometric mean of the neighbours for the rest, below.
            let measured = scales.count % 2 == 0 || scales.count == widths.count - 1
            let noise = measured ? RobustStatistics.clippedSigma(RobustStatistics.subsample(values, limit: 2048)) : .nan
            scales.append(Scale(width: width, decimation: decimation, values: values, noise: noise))
        }
        for index in scales.indices where scales[index].noise.isNaN {
            // a·√(b/a) rather than √(a·b): noise levels near 1e-300 must not underflow.
            let below = scales[index - 1].noise, above = scales[index + 1].noise
            scales[index].noise = below > 0 ? below * (above / below).squareRoot() : above
        }
        self.scales = scales
    }

    /// Largest power of two ≤ ¾ width: the coarsest grid that still holds the scale's band
    /// (at its Nyquist frequency the filter's gain is below 0.2 % of its peak).
    static func decimation(forWidth width: Double) -> Int {
        var decimation = 1
        while Double(decimation * 2) <= 0.75 * width { decimation *= 2 }
        return decimation
    }

    /// σ values from `smallest` to `largest`: steps of √2 up to 32 samples, where shoulders
    /// and narrow peaks need the resolution, then octaves, which are enough to follow broad
    /// peaks and keep the scale count low.
    static func widths(from smallest: Double, to largest: Double) -> [Double] {
        var widths: [Double] = []
        var width = smallest
        while width <= largest * 1.0001 {
            widths.append(width)
            width *= width < 128 ? 2.0.squareRoot() : 2
        }
        return widths
    }
}
