import Foundation

/// The negative excursion a 10.6 eV PID shows when the breath's water (≈6 % v/v) elutes early:
/// water is not ionised but quenches the signal, so the baseline dips broadly.
public struct WaterDip: Sendable, Hashable, Codable {
    /// Time of the deepest point (s).
    public let time: Double
    /// How far the baseline falls at `time` (intensity units, > 0; the dip itself is negative).
    public let depth: Double
    /// Standard deviation of the Gaussian-shaped dip (s), > 0.
    public let width: Double

    /// Creates a dip; `depth` and `width` must be positive.
    public init(time: Double, depth: Double, width: Double) {
        precondition(depth > 0 && width > 0, "depth and width must be positive")
        self.time = time
        self.depth = depth
        self.width = width
    }

    /// The (non-positive) dip contribution at time `t`.
    public func value(at t: Double) -> Double {
        let x = (t - time) / width
        return -depth * exp(-x * x / 2)
    }
}
