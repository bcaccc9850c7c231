import BreathSignal
import Foundation

/// A peak described the way a chromatographer reads one: apex time, apex height, FWHM and the
/// amount of tailing. ``truthPeak`` turns it into the exact EMG shape the generator renders.
struct PeakSpec: Sendable {
    /// Apex time (s).
    var apexTime: Double
    /// Apex height above the baseline (intensity units).
    var height: Double
    /// Full width at half maximum, tail included (s).
    var fwhm: Double
    /// Tailing as tau/sigma of the EMG (0 is a Gaussian).
    var tailing: Double
    /// What the peak stands for in the ground truth.
    var kind: PeakKind = .compound
    /// Co-eluting pair this peak belongs to, if any (an index into the chromatogram's pairs).
    var pair: Int? = nil

    /// The EMG with exactly this apex, height and FWHM.
    ///
    /// An EMG's shape depends only on tau/sigma, and its FWHM, apex offset and height scale
    /// with sigma and area, so one unit-sigma, unit-area EMG per tailing fixes all three.
    var truthPeak: TruthPeak {
        let unit = EMGPeak(center: 0, sigma: 1, tau: tailing, area: 1)
        let sigma = fwhm / unit.fwhm
        let area = height * sigma / unit.height
        let shape = EMGPeak(
            center: apexTime - sigma * unit.apexTime, sigma: sigma, tau: tailing * sigma, area: area)
        return TruthPeak(name: nil, kind: kind, shape: shape)
    }
}

/// Seeded draws the layouts use, on top of the module's portable generator. (`exp` and `log`
/// come from the C library, so another platform may differ in the last bit of a log-uniform draw.)
extension SeededGenerator {
    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + nextUniform() * (range.upperBound - range.lowerBound)
    }

    /// Log-uniform in `range` (both bounds > 0): every decade equally likely.
    mutating func logUniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound * exp(nextUniform() * log(range.upperBound / range.lowerBound))
    }

    /// Uniform integer in `range`.
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.count)
    }
}
