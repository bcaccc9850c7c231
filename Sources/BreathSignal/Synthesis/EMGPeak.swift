import Foundation

/// An exponentially modified Gaussian (EMG) chromatographic peak: a Gaussian of mean `center`
/// and standard deviation `sigma` convolved with a unit-area exponential of time constant `tau`.
///
/// The exponential models column tailing; `tau == 0` is a pure Gaussian. Times are in seconds,
/// `area` in intensity·seconds, so `value(at:)` is an intensity.
public struct EMGPeak: Sendable, Hashable, Codable {
    /// Mean of the Gaussian component (s). The apex lies between `center` and `center + tau`.
    public let center: Double
    /// Standard deviation of the Gaussian component (s), > 0.
    public let sigma: Double
    /// Time constant of the exponential tail (s), ≥ 0.
    public let tau: Double
    /// Integral of the peak over all time (intensity·s).
    public let area: Double

    /// Creates a peak; `sigma` must be positive and `tau` non-negative.
    public init(center: Double, sigma: Double, tau: Double, area: Double) {
        precondition(sigma > 0 && sigma.isFinite, "sigma must be positive")
        precondition(tau >= 0 && tau.isFinite, "tau must be non-negative")
        self.center = center
        self.sigma = sigma
        self.tau = tau
        self.area = area
    }

    /// Below this tau/sigma the tail shifts the shape by less than 1e-9 of its height and the
    /// Gaussian limit is used, which also avoids the 1/tau prefactor overflowing.
    private static let gaussianLimit = 1e-10

    private var isGaussian: Bool { tau <= sigma * Self.gaussianLimit }

    /// The peak's intensity at time `t`; finite for every finite `t` and tau/sigma ratio.
    public func value(at t: Double) -> Double {
        let x = (t - center) / sigma
        if isGaussian {
            return area * gaussianDensity(x) / sigma
        }
        let ratio = sigma / tau
        let z = (ratio - x) / 2.0.squareRoot()
        if z >= 0 {
            // Left of the tail region: e^(σ²/2τ² − x·σ/τ)·erfc(z) rewritten as
            // e^(−x²/2)·erfcx(z), which neither overflows nor cancels.
            return area / (2 * tau) * Foundation.exp(-x * x / 2) * scaledErfc(z)
        }
        // In the tail erfc(z) lies in (1, 2] and the exponent is ≤ −σ²/2τ², so the textbook
        // form is safe here.
        return area / (2 * tau) * Foundation.exp(ratio * (ratio / 2 - x)) * erfc(z)
    }

    /// Time of the maximum (s), accurate to well below 1e-6 s.
    ///
    /// The EMG satisfies τ·f′(t) = g(t) − f(t), with g the Gaussian of the same area, so the
    /// apex is where f = g, i.e. where √(π/2)·(σ/τ)·erfcx((σ/τ − x)/√2) = 1. That ratio rises
    /// monotonically with x and the root lies in [0, τ/σ], so bisection pins it exactly.
    public var apexTime: Double {
        center + sigma * apexOffset
    }

    /// Intensity at the apex. Because f equals the same-area Gaussian there, it is evaluated
    /// in closed form at the apex rather than through the error function.
    public var height: Double {
        area * gaussianDensity(apexOffset) / sigma
    }

    /// Full width at half maximum (s), found by bisection on each flank.
    public var fwhm: Double {
        let apex = apexTime
        let half = height / 2
        // Widen each bracket until it reaches below half height; the EMG is unimodal.
        var leftStep = sigma
        while value(at: apex - leftStep) >= half { leftStep *= 2 }
        var rightStep = sigma + tau
        while value(at: apex + rightStep) >= half { rightStep *= 2 }
        let left = bisect(low: apex - leftStep, high: apex) { value(at: $0) < half }
        let right = bisect(low: apex, high: apex + rightStep) { value(at: $0) >= half }
        return right - left
    }

    /// Apex position in units of sigma from `center`.
    private var apexOffset: Double {
        if isGaussian { return 0 }
        let ratio = sigma / tau
        let scale = (Double.pi / 2).squareRoot() * ratio
        func risesPastGaussian(_ x: Double) -> Bool {
            scale * scaledErfc((ratio - x) / 2.0.squareRoot()) >= 1
        }
        var high = 1 / ratio
        while !risesPastGaussian(high) { high *= 2 }
        return bisect(low: 0, high: high) { !risesPastGaussian($0) }
    }

    /// Samples at or beyond this many sigmas (or tail lengths) contribute below ~1e-14 of the
    /// height, so rendering evaluates the peak only inside this window.
    static let windowSigmas = 8.0
    static let windowTaus = 40.0

    /// The time span outside which the peak is treated as zero when rendering.
    var renderWindow: ClosedRange<Double> {
        (center - Self.windowSigmas * sigma)...(center + Self.windowSigmas * sigma + Self.windowTaus * tau)
    }
}

/// Standard normal density φ(x).
private func gaussianDensity(_ x: Double) -> Double {
    Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
}
