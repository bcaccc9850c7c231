import Foundation
import Testing

@testable import BreathSignal

/// The Ricker transform implemented in the frequency domain (gain (sω)²·e^{−(sω)²/2}) is the
/// convolution with k_s(t) = (1 − t²/s²)·e^{−t²/2s²} / (s√(2π)). For a Gaussian of height H and
/// σ its value at the apex is H·σ·s² / (σ² + s²)^{3/2}, largest at s = √2·σ.
@Suite struct AnalysisWaveletTransformTests {
    static let widths = WaveletTransform.widths(from: 1, to: 64)

    static func gaussian(count: Int, center: Double, sigma: Double, height: Double) -> [Double] {
        (0..<count).map { i in
            let u = (Double(i) - center) / sigma
            return height * exp(-u * u / 2)
        }
    }

    static func apexCoefficient(height: Double, sigma: Double, width s: Double) -> Double {
        height * sigma * s * s / pow(sigma * sigma + s * s, 1.5)
    }

    /// The Ricker gain at `width · ω`, relative to its peak (2/e at sω = √2).
    static func relativeGain(_ u: Double) -> Double { u * u * exp(-u * u / 2) / (2 / exp(1.0)) }

    /// What decimation can alias: the relative gain at the decimated grid's Nyquist frequency
    /// (none without decimation). The documented contract keeps it below 0.2 %.
    static func aliasing(_ scale: WaveletTransform.Scale) -> Double {
        scale.decimation == 1 ? 0 : relativeGain(scale.width * Double.pi / Double(scale.decimation))
    }

    /// The coefficient of `scale` belonging to sample `index` (which must lie on its grid).
    static func value(_ scale: WaveletTransform.Scale, at index: Int) -> Double {
        precondition(index % scale.decimation == 0)
        return scale.values[index / scale.decimation]
    }

    @Test func widthsAndDecimations() {
        let r = 2.0.squareRoot()
        // √2 steps up to 128 samples, then octaves.
        let expected = [1, r, 2, 2 * r, 4, 4 * r, 8, 8 * r, 16, 16 * r, 32, 32 * r, 64]
        #expect(Self.widths.count == expected.count)
        #expect(zip(Self.widths, expected).allSatisfy { abs($0 / $1 - 1) < 1e-12 })
        #expect(WaveletTransform.widths(from: 1, to: 0.5).isEmpty)
        // Decimations are powers of two, coarser for wider scales, and each grid holds its
        // scale's band: the gain at its Nyquist frequency is below 0.2 % of the peak gain.
        let decimations = Self.widths.map(WaveletTransform.decimation(forWidth:))
        #expect(decimations.allSatisfy { $0 > 0 && $0 & ($0 - 1) == 0 })
        #expect(zip(decimations, decimations.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(decimations.first == 1 && decimations.last! >= 16, "\(decimations)")
        for (width, decimation) in zip(Self.widths, decimations) where decimation > 1 {
            #expect(Self.relativeGain(width * Double.pi / Double(decimation)) < 0.002, "width \(width) on a grid of \(decimation)")
        }
    }

    @Test(arguments: [2.0, 3, 5, 8, 12])
    func apexCoefficientPeaksAtRootTwoSigma(sigma: Double) {
        let count = 4096, apex = 2048  // the apex is on every decimated grid
        let transform = WaveletTransform(signal: Self.gaussian(count: count, center: Double(apex), sigma: sigma, height: 100), widths: Self.widths)
        #expect(transform.scales.count == Self.widths.count)
        let atApex = transform.scales.map { Self.value($0, at: apex) }
        for (scale, coefficient) in zip(transform.scales, atApex) {
            // Sampled Gaussians of σ ≥ 2 alias below 1e-9 of their height; a decimated grid can
            // fold back at most its Nyquist gain (≤ 0.2 %) of the band. A wrong normalisation or
            // a grid read one sample off errs by ≥ 5 % of the height.
            let expected = Self.apexCoefficient(height: 100, sigma: sigma, width: scale.width)
            #expect(abs(coefficient - expected) < (1e-6 + Self.aliasing(scale)) * 100, "σ \(sigma) width \(scale.width)")
        }
        let best = transform.scales[atApex.indices.max { atApex[$0] < atApex[$1] }!].width
        // Within one √2 step of √2·σ (the grid is geometric).
        #expect(abs(log(best / (2.0.squareRoot() * sigma))) <= log(2.0.squareRoot()) + 1e-9, "σ \(sigma): best width \(best)")
    }

    @Test func constantGivesZeroCoefficients() {
        let transform = WaveletTransform(signal: [Double](repeating: 250, count: 3000), widths: Self.widths)
        for scale in transform.scales {
            #expect(scale.values.count == (3000 + scale.decimation - 1) / scale.decimation)
            // Zero gain at DC; what is left is FFT round-off, ~1e-16 × 250 × log n.
            #expect(scale.values.allSatisfy { abs($0) < 1e-9 * 250 }, "width \(scale.width)")
        }
    }

    @Test func linearRampGivesZeroCoefficientsAwayFromTheEdges() {
        let count = 6000
        let ramp = (0..<count).map { 10 + 0.25 * Double($0) }  // 10 … 1510
        let transform = WaveletTransform(signal: ramp, widths: Self.widths)
        for scale in transform.scales {
            // The mirror padding folds the ramp into a V at each end; its effect decays like
            // e^{−d²/2s²} and is negligible beyond 10 widths.
            let margin = Int(10 * scale.width)
            let interior = scale.values.indices.filter { $0 * scale.decimation >= margin && $0 * scale.decimation < count - margin }
            #expect(!interior.isEmpty)
            // The kernel has zero mean and zero first moment, so the continuum answer is 0. What
            // remains is the periodic FFT's wrap-around jump (1510 → 10) leaking through the finest
            // scales' algebraic kernel tails (their gain has a kink at Nyquist: ≤ 1e-6 of the
            // range at 10 widths) and what decimation folds back of that leak. 1e-5 of the range is still
            // 25 000 × below a unit-height peak's best coefficient (0.385); a kernel with a DC
            // leak or a one-sample offset gives ≥ 0.25.
            let worst = interior.map { abs(scale.values[$0]) }.max()!
            #expect(worst < 1e-5 * 1510, "width \(scale.width): \(worst)")
        }
    }

    /// Direct full-resolution convolution with the sampled Ricker kernel at sample `index`.
    static func directCoefficient(_ x: [Double], at index: Int, width s: Double) -> Double {
        let reach = Int(12 * s)
        var sum = 0.0
        for m in -reach...reach {
            let u = Double(m) / s
            sum += x[index - m] * (1 - u * u) * exp(-u * u / 2)
        }
        return sum / (s * (2 * Double.pi).squareRoot())
    }

    @Test func decimatedScalesAgreeWithFullResolution() {
        // Peaks of several widths on white noise: content at every scale, up to the Nyquist rate.
        var random = SeededGenerator(seed: 17)
        let count = 5000
        let x = (0..<count).map { i -> Double in
            var value = random.nextNormal(mean: 0, standardDeviation: 1)
            for (center, sigma, height) in [(900.0, 2.0, 40.0), (1700, 6, 60), (2600, 15, 30), (3700, 40, 25)] {
                let u = (Double(i) - center) / sigma
                value += height * exp(-u * u / 2)
            }
            return value
        }
        let transform = WaveletTransform(signal: x, widths: Self.widths)
        // A second transform with only the coarse scales: other padding and FFT size, same grids.
        let coarse = WaveletTransform(signal: x, widths: Array(Self.widths.suffix(4)))
        for scale in transform.scales where scale.decimation > 1 {
            let reach = Int(12 * scale.width)
            var worst = 0.0, largest = 0.0
            for j in scale.values.indices where j * scale.decimation >= reach && j * scale.decimation < count - reach {
                let direct = Self.directCoefficient(x, at: j * scale.decimation, width: scale.width)
                worst = max(worst, abs(scale.values[j] - direct))
                largest = max(largest, abs(direct))
            }
            // Decimation folds back what the gain leaves above the coarse grid's Nyquist rate:
            // at most that gain (≤ 0.2 %) of the white-noise band, i.e. of the largest
            // coefficient. Reading a neighbouring full-rate sample errs by ≈ 0.3 of it.
            #expect(worst < (1e-9 + Self.aliasing(scale)) * largest, "width \(scale.width) decimation \(scale.decimation): \(worst) of \(largest)")
            if let twin = coarse.scales.first(where: { $0.width == scale.width }) {
                #expect(twin.decimation == scale.decimation)
                let difference = zip(twin.values, scale.values).map { abs($0 - $1) }.max()!
                #expect(difference < 1e-9 * largest, "width \(scale.width): transforms of different size disagree")
            }
        }
    }

    @Test func tooShortSignalsHaveNoScales() {
        #expect(WaveletTransform(signal: [1, 2, 3], widths: Self.widths).scales.isEmpty)
        #expect(WaveletTransform(signal: [1, 2, 3, 4, 5], widths: []).scales.isEmpty)
    }
}
