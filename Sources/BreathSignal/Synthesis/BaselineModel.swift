import Foundation

/// The detector baseline under the peaks: a constant offset, column bleed rising with the
/// temperature programme, and slow wander.
public struct BaselineModel: Sendable, Hashable, Codable {
    /// Constant detector offset (intensity units).
    public var offset: Double
    /// Column bleed rise late in the run, or nil for none.
    public var bleed: ColumnBleed?
    /// Low-frequency sinusoids whose phases are drawn from the recipe's seed at render time.
    public var wander: [BaselineWander]

    /// Creates a baseline model.
    public init(offset: Double, bleed: ColumnBleed? = nil, wander: [BaselineWander] = []) {
        self.offset = offset
        self.bleed = bleed
        self.wander = wander
    }

    /// A baseline at zero with no bleed and no wander.
    public static let flat = BaselineModel(offset: 0)

    /// Baseline intensity at time `t` for the given wander phases (one per component, radians).
    func value(at t: Double, wanderPhases: [Double]) -> Double {
        var total = offset + (bleed?.value(at: t) ?? 0)
        for (component, phase) in zip(wander, wanderPhases) {
            total += component.amplitude * sin(2 * Double.pi * t / component.period + phase)
        }
        return total
    }
}

/// Stationary-phase bleed: it grows roughly exponentially with column temperature and levels
/// off at the final hold, which a logistic step in time reproduces for a linear ramp.
public struct ColumnBleed: Sendable, Hashable, Codable {
    /// Rise from the start of the run to the final plateau (intensity units).
    public let amplitude: Double
    /// Time at which half the rise is reached (s).
    public let midpoint: Double
    /// Logistic time scale (s), > 0: the rise goes from 12 % to 88 % over four of these.
    public let width: Double

    /// Creates a bleed rise; `width` must be positive.
    public init(amplitude: Double, midpoint: Double, width: Double) {
        precondition(width > 0, "bleed width must be positive")
        self.amplitude = amplitude
        self.midpoint = midpoint
        self.width = width
    }

    /// Bleed intensity at time `t`.
    public func value(at t: Double) -> Double {
        amplitude / (1 + exp(-(t - midpoint) / width))
    }
}

/// One slow baseline oscillation (thermal or flow wander).
public struct BaselineWander: Sendable, Hashable, Codable {
    /// Peak deviation (intensity units).
    public let amplitude: Double
    /// Period (s), > 0; keep it much longer than peak widths so it reads as baseline.
    public let period: Double

    /// Creates a wander component; `period` must be positive.
    public init(amplitude: Double, period: Double) {
        precondition(period > 0, "wander period must be positive")
        self.amplitude = amplitude
        self.period = period
    }
}
