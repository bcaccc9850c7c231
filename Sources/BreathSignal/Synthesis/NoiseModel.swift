/// Detector noise: white Gaussian noise plus a first-order autoregressive (AR(1)) component
/// for the low-frequency, correlated part of real detector noise (flow and temperature).
public struct NoiseModel: Sendable, Hashable, Codable {
    /// Standard deviation of the independent per-sample component.
    public let whiteSigma: Double
    /// Stationary standard deviation of the AR(1) component.
    public let correlatedSigma: Double
    /// AR(1) coefficient per sample, in (−1, 1); 0.9–0.99 gives slow correlated drift.
    public let phi: Double

    /// Creates a noise model; sigmas must be non-negative and |phi| < 1.
    public init(whiteSigma: Double, correlatedSigma: Double = 0, phi: Double = 0) {
        precondition(whiteSigma >= 0 && correlatedSigma >= 0, "noise sigmas must be non-negative")
        precondition(abs(phi) < 1, "AR(1) coefficient must lie in (-1, 1)")
        self.whiteSigma = whiteSigma
        self.correlatedSigma = correlatedSigma
        self.phi = phi
    }

    /// No noise at all.
    public static let none = NoiseModel(whiteSigma: 0)

    /// Standard deviation of the total noise (the two components are independent).
    public var totalSigma: Double {
        (whiteSigma * whiteSigma + correlatedSigma * correlatedSigma).squareRoot()
    }
}
