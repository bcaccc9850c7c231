/// A detected peak before integration: where it is and roughly how wide.
struct PeakCandidate {
    /// Sample index of the apex.
    var apex: Int
    /// Sub-sample apex position and the trace's value there.
    var apexPosition: Double
    var apexValue: Double
    /// Estimated Gaussian σ, samples.
    var sigma: Double
    var score: Double
    /// Found by a weak ridge: needs a clearer height to count.
    var isWeak: Bool
    /// Whether the smoothed trace has a maximum here; false for a shoulder (or the bend at
    /// the edge of a dip or a step, which also curves like a peak).
    var isLocalMaximum: Bool

    init(ridge: RidgeDetector.Ridge, trace: TraceView) {
        // The Ricker response to a Gaussian peaks at width √2·σ.
        sigma = max(0.7, ridge.bestWidth / 2.0.squareRoot())
        score = ridge.score
        isWeak = ridge.isWeak
        let radius = max(2, Int(sigma.rounded()))
        let smoothing = max(0, Int(sigma / 3))
        var best = ridge.position
        var bestValue = -Double.infinity, lowestValue = Double.infinity
        let low = max(0, ridge.position - radius), high = min(trace.count - 1, ridge.position + radius)
        for i in low...high {
            let value = trace.average(at: i, half: smoothing)
            if value > bestValue {
                best = i
                bestValue = value
            }
            lowestValue = min(lowestValue, value)
        }
        // No apex here unless the trace falls away on both sides: a maximum on the window's
        // edge, or a plateau reaching it (a step), is a shoulder. Keep the ridge's own
        // position then, where the curvature says a hidden peak would be.
        let fall = 0.01 * (bestValue - lowestValue)
        let edges = max(trace.average(at: low, half: smoothing), trace.average(at: high, half: smoothing))
        isLocalMaximum = best != low && best != high && bestValue - edges > fall
        if !isLocalMaximum { best = ridge.position }
        apex = best
        let fit = trace.parabolicApex(around: best, half: max(1, Int(sigma / 2)))
        apexPosition = fit.position
        apexValue = fit.value
    }

    func height(above baseline: [Double]) -> Double { apexValue - baseline[apex] }

    /// Weak candidates must be a maximum of the trace (a weak shoulder on a tall peak's flank
    /// is the flank's own curvature, and its height above the baseline proves nothing) and
    /// at least half as wide as the narrowest confident peak: GC peak widths change slowly
    /// along a run, so a weak bump much narrower than every clear peak is noise (correlated
    /// noise makes such bumps at 100 Hz and 1 kHz). Without a confident peak there is no
    /// width to compare with.
    static func withoutWeakOutliers(_ candidates: [PeakCandidate]) -> [PeakCandidate] {
        let narrowest = candidates.filter { !$0.isWeak }.map(\.sigma).min() ?? 0
        return candidates.filter { !$0.isWeak || ($0.isLocalMaximum && $0.sigma >= 0.5 * narrowest) }
    }

    /// Shoulders are kept only beside a taller peak that has a maximum of its own: a
    /// curvature bump with no such neighbour is the edge of a water dip, a step or a drift,
    /// not a hidden peak.
    static func withoutLoneShoulders(_ candidates: [PeakCandidate]) -> [PeakCandidate] {
        candidates.filter { candidate in
            candidate.isLocalMaximum || candidates.contains { other in
                other.isLocalMaximum && other.apexValue > candidate.apexValue
                    && Double(abs(other.apex - candidate.apex)) <= 4 * max(other.sigma, candidate.sigma)
            }
        }
    }

    /// Candidates sorted by apex, duplicates (two ridges on one apex) merged into the stronger.
    /// Apexes closer than 2 samples or ¾ σ cannot be two resolved peaks (co-elution at
    /// resolution 0.6 is 2.4 σ apart), and a drop line needs a sample between them.
    static func merged(_ candidates: [PeakCandidate]) -> [PeakCandidate] {
        let sorted = candidates.sorted { $0.apexPosition < $1.apexPosition }
        var result: [PeakCandidate] = []
        for candidate in sorted {
            if let last = result.last, candidate.apex - last.apex < 2
                || abs(candidate.apexPosition - last.apexPosition) < 0.75 * max(candidate.sigma, last.sigma) {
                if candidate.score > last.score { result[result.count - 1] = candidate }
            } else {
                result.append(candidate)
            }
        }
        return result
    }
}

/// Finds where a peak starts and ends above a baseline.
struct ExtentWalker {
    let trace: TraceView
    let noise: Double

    /// From the apex outwards, on the trace smoothed at the peak's width, until the signal
    /// falls to half a noise σ above the baseline or passes a valley (rises again by more than
    /// the smoothed noise). Walks at most 30 σ to each side.
    func extent(of candidate: PeakCandidate, baseline: [Double]) -> ClosedRange<Int> {
        bounds(of: candidate, baseline: baseline).range
    }

    /// Where a peak starts and ends, and whether each side stopped in a valley shared with a
    /// neighbour (rather than back at the baseline).
    struct Bounds {
        var range: ClosedRange<Int>
        var leftInValley: Bool
        var rightInValley: Bool
    }

    /// ``extent(of:baseline:)`` with how each side ended.
    func bounds(of candidate: PeakCandidate, baseline: [Double]) -> Bounds {
        let half = max(1, Int(candidate.sigma / 2))
        let smoothedNoise = noise / Double(2 * half + 1).squareRoot()
        let limit = Int(30 * candidate.sigma) + 3
        func walk(_ step: Int) -> (index: Int, inValley: Bool) {
            var i = candidate.apex
            var lowest = Double.infinity, lowestAt = i
            var travelled = 0
            while i + step >= 0, i + step < trace.count, travelled < limit {
                i += step
                travelled += 1
                let value = trace.average(at: i, half: half) - baseline[i]
                if value < lowest {
                    lowest = value
                    lowestAt = i
                }
                if value <= 0.5 * noise { return (i, false) }
                if value > lowest + 3 * smoothedNoise + 0.05 * max(0, candidate.apexValue - baseline[candidate.apex]) {
                    return (lowestAt, true)
                }
            }
            return (lowestAt, false)
        }
        let left = walk(-1), right = walk(1)
        return Bounds(range: left.index...right.index, leftInValley: left.inValley, rightInValley: right.inValley)
    }
}
