import BreathSignal
import Foundation

/// The generator's model of breath levels, used both to draw subjects and, exactly the same,
/// to compute the oracle. Synthetic: choices made from the project's literature notes.
///
/// ln(level) = ln(typical level) + confounder effects + disease effect + σ·N(0, 1), σ = ln(GSD)
/// of ``BreathCompound``. The disease effect: in a case, each case marker is affected with
/// probability `markerPrevalence`, by a log-fold uniform in ln(`foldRange`), in its reported
/// direction (as ``BreathSample/caseLike(seed:markerPrevalence:foldRange:)``).
public struct BreathLikelihood: Sendable, Hashable {
    public let markerPrevalence: Double
    public let foldRange: ClosedRange<Double>

    public init(markerPrevalence: Double, foldRange: ClosedRange<Double>) {
        precondition((0...1).contains(markerPrevalence) && foldRange.lowerBound >= 1)
        self.markerPrevalence = markerPrevalence
        self.foldRange = foldRange
    }

    /// Confounder multipliers on a compound's level. Smoking: benzene 2.6× (0.9–1.1 vs
    /// 2.4–2.9 ppb), 2,5-dimethylfuran present only in smokers (100×, an assumption: the notes
    /// give < 0.005 ppb in non-smokers), acetonitrile 10×, toluene 2×, and 1.3× on the
    /// oxidative-stress aldehydes pentanal and hexanal. Isoprene higher in men (1.2×) and
    /// lower in younger adults (0.85× under 45). Fasting 1.8× acetone; sugary food 2.3× ethanol
    /// (109 vs 48 ppb).
    public static func multiplier(of compound: String, profile: SubjectProfile) -> Double {
        var factor = 1.0
        if profile.currentSmoker {
            factor *= ["benzene": 2.6, "2,5-dimethylfuran": 100, "acetonitrile": 10, "toluene": 2, "pentanal": 1.3,
                       "hexanal": 1.3][compound] ?? 1
        }
        if compound == "isoprene" {
            if profile.male { factor *= 1.2 }
            if profile.age == .under45 { factor *= 0.85 }
        }
        if compound == "acetone", profile.fasting { factor *= 1.8 }
        if compound == "ethanol", profile.recentSugar { factor *= 2.3 }
        return factor
    }

    /// Probability of a profile given case status.
    public static func probability(of profile: SubjectProfile, isCase: Bool) -> Double {
        let smoking = isCase ? 0.45 : 0.20
        let ages = isCase ? [0.05, 0.40, 0.55] : [0.20, 0.45, 0.35]
        return (profile.currentSmoker ? smoking : 1 - smoking) * 0.5 * ages[profile.age.rawValue]
            * (profile.fasting ? 0.25 : 0.75) * (profile.recentSugar ? 0.3 : 0.7)
    }

    /// Compounds whose distribution depends on case status or on a confounder: the only ones
    /// the likelihood ratio needs.
    public static let informative: [BreathCompound] = BreathCompound.all.filter { compound in
        compound.isCaseMarker || SubjectProfile.allCases.contains { multiplier(of: compound.name, profile: $0) != 1 }
    }

    /// Mean of ln(level) before the disease effect.
    public static func logMean(of compound: BreathCompound, profile: SubjectProfile) -> Double {
        log(compound.typicalLevel * multiplier(of: compound.name, profile: profile))
    }

    /// Density of ln(level) = `y` for a compound, a profile and a case status.
    public func density(_ y: Double, compound: BreathCompound, profile: SubjectProfile, isCase: Bool) -> Double {
        let sigma = log(compound.geometricSD)
        let r = y - Self.logMean(of: compound, profile: profile)
        let plain = exp(-0.5 * r * r / (sigma * sigma)) / (sigma * (2 * Double.pi).squareRoot())
        guard isCase, compound.isCaseMarker else { return plain }
        let a = log(foldRange.lowerBound), b = log(foldRange.upperBound)
        let shifted: Double
        if b - a < 1e-12 {
            let s = r - (compound.direction == .lower ? -a : a)
            shifted = exp(-0.5 * s * s / (sigma * sigma)) / (sigma * (2 * Double.pi).squareRoot())
        } else if compound.direction == .lower {
            shifted = (Self.normalCDF((r + b) / sigma) - Self.normalCDF((r + a) / sigma)) / (b - a)
        } else {
            shifted = (Self.normalCDF((r - a) / sigma) - Self.normalCDF((r - b) / sigma)) / (b - a)
        }
        return (1 - markerPrevalence) * plain + markerPrevalence * shifted
    }

    /// The oracle: ln P(levels | case) − ln P(levels | control), with the unobserved confounders
    /// summed out. No classifier of these levels can rank subjects better in expectation.
    /// `compounds` restricts the levels used (e.g. to those a detector can see); by default
    /// every informative compound.
    public func logLikelihoodRatio(_ levels: [String: Double], compounds: [BreathCompound] = informative) -> Double {
        func logMarginal(isCase: Bool) -> Double {
            let terms = SubjectProfile.allCases.map { profile in
                compounds.reduce(log(Self.probability(of: profile, isCase: isCase))) { sum, compound in
                    sum + log(max(density(log(levels[compound.name]!), compound: compound, profile: profile, isCase: isCase),
                                  .leastNormalMagnitude))
                }
            }
            let top = terms.max()!
            return top + log(terms.reduce(0) { $0 + exp($1 - top) })
        }
        return logMarginal(isCase: true) - logMarginal(isCase: false)
    }

    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
