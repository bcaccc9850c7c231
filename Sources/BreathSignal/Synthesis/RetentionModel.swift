import Foundation

/// Maps retention index (RI) to retention time for a temperature-programmed run, calibrated by
/// an n-alkane ladder (n-alkane Cn has RI 100·n by definition).
///
/// - Between ladder alkanes: linear interpolation (van den Dool–Kratz, valid for linear ramps).
/// - Before the first alkane: isothermal Kováts extrapolation, log(t − t₀) linear in RI. Early
///   eluters leave the column during the initial hold, and this keeps every RI after the dead
///   time t₀ (RI → −∞ as t → t₀), where a linear extrapolation would run into it.
/// - After the last alkane: linear extrapolation with the last segment's slope.
///
/// `drift` then maps nominal to observed times, to simulate flow or temperature drift.
public struct RetentionModel: Sendable, Hashable, Codable {
    /// Unretained (dead) time t₀ of the nominal run (s).
    public let deadTime: Double
    /// The calibrating alkanes, ascending in carbon number and time.
    public let ladder: [AlkaneMarker]
    /// Drift applied to every nominal time, dead time included.
    public var drift: RetentionDrift

    /// Creates a model. The ladder needs at least two alkanes with strictly increasing carbon
    /// numbers and times, all after the dead time.
    public init(deadTime: Double, ladder: [AlkaneMarker], drift: RetentionDrift = .none) {
        precondition(deadTime >= 0, "dead time must be non-negative")
        precondition(ladder.count >= 2, "the ladder needs at least two alkanes")
        precondition(ladder[0].time > deadTime, "alkanes must elute after the dead time")
        for (earlier, later) in zip(ladder, ladder.dropFirst()) {
            precondition(
                later.carbonNumber > earlier.carbonNumber && later.time > earlier.time,
                "ladder must be strictly increasing in carbon number and time")
        }
        self.deadTime = deadTime
        self.ladder = ladder
        self.drift = drift
    }

    /// A synthetic C5–C12 ladder for a separation of `separationDuration` seconds: C5 at 8 % and
    /// C12 at 88 % of the span after the dead time, closer together early (initial hold) and
    /// evenly spaced along the ramp, leaving the last 12 % for late eluters and bleed.
    public static func standard(
        deadTime: Double = 30, separationDuration: Double = 600, drift: RetentionDrift = .none
    ) -> RetentionModel {
        precondition(separationDuration > deadTime, "separation must outlast the dead time")
        let fractions = [0.08, 0.17, 0.28, 0.40, 0.52, 0.64, 0.76, 0.88]
        let span = separationDuration - deadTime
        let ladder = fractions.enumerated().map { offset, fraction in
            AlkaneMarker(carbonNumber: 5 + offset, time: deadTime + fraction * span)
        }
        return RetentionModel(deadTime: deadTime, ladder: ladder, drift: drift)
    }

    /// Observed time at which unretained gas reaches the detector (s).
    public var unretainedTime: Double {
        drift.apply(to: deadTime)
    }

    /// Observed retention time (s) of a compound with retention index `index`.
    public func retentionTime(forIndex index: Double) -> Double {
        drift.apply(to: nominalTime(forIndex: index))
    }

    /// Retention index of a peak observed at `time` (s), or nil at or before the dead time,
    /// where no retained compound can elute.
    public func retentionIndex(at time: Double) -> Double? {
        let nominal = drift.remove(from: time)
        guard nominal > deadTime else { return nil }
        let first = ladder[0]
        let second = ladder[1]
        if nominal < first.time {
            let step = log((second.time - deadTime) / (first.time - deadTime))
            return first.index
                + (second.index - first.index) * log((nominal - deadTime) / (first.time - deadTime)) / step
        }
        let (low, high) = segment(where: { $0.time <= nominal })
        return low.index + (high.index - low.index) * (nominal - low.time) / (high.time - low.time)
    }

    private func nominalTime(forIndex index: Double) -> Double {
        let first = ladder[0]
        let second = ladder[1]
        if index < first.index {
            let ratio = (second.time - deadTime) / (first.time - deadTime)
            let exponent = (index - first.index) / (second.index - first.index)
            return deadTime + (first.time - deadTime) * pow(ratio, exponent)
        }
        let (low, high) = segment(where: { $0.index <= index })
        return low.time + (high.time - low.time) * (index - low.index) / (high.index - low.index)
    }

    /// The ladder segment whose lower marker is the last one satisfying `isAtOrBefore`; past the
    /// end, the last segment, so that later values extrapolate along it.
    private func segment(where isAtOrBefore: (AlkaneMarker) -> Bool) -> (AlkaneMarker, AlkaneMarker) {
        let lastLow = ladder.count - 2
        let lowIndex = min(lastLow, ladder.lastIndex(where: isAtOrBefore) ?? 0)
        return (ladder[lowIndex], ladder[lowIndex + 1])
    }
}

/// One n-alkane of the retention ladder.
public struct AlkaneMarker: Sendable, Hashable, Codable {
    /// Carbon number n of the alkane CnH2n+2.
    public let carbonNumber: Int
    /// Nominal retention time (s).
    public let time: Double

    /// Creates a marker.
    public init(carbonNumber: Int, time: Double) {
        self.carbonNumber = carbonNumber
        self.time = time
    }

    /// Retention index, 100·n by definition.
    public var index: Double { Double(100 * carbonNumber) }
}

/// Retention drift: observed time = `scale` · nominal time + `offset`.
///
/// A carrier-flow change scales every time (dead time included), e.g. scale 1.02 is +2 %;
/// an injection delay shifts them all by `offset`.
public struct RetentionDrift: Sendable, Hashable, Codable {
    /// Multiplicative factor on nominal times, > 0.
    public let scale: Double
    /// Added time (s).
    public let offset: Double

    /// Creates a drift; `scale` must be positive.
    public init(scale: Double = 1, offset: Double = 0) {
        precondition(scale > 0, "drift scale must be positive")
        self.scale = scale
        self.offset = offset
    }

    /// No drift.
    public static let none = RetentionDrift()

    func apply(to nominal: Double) -> Double { scale * nominal + offset }
    func remove(from observed: Double) -> Double { (observed - offset) / scale }
}
