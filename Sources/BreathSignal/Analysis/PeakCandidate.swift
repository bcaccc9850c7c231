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

    init(ridge: RidgeDetector.Ridge, trace: TraceView) {
        // The Ricker response to a Gaussian peaks at width √2·σ.
        sigma = max(0.7, ridge.bestWidth / 2.0.squareRoot())
        score = ridge.score
        let radius = max(2, Int(sigma.rounded()))
        let smoothing = max(0, Int(sigma / 3))
        var best = ridge.position
        var bestValue = -Double.infinity
        let low = max(0, ridge.position - radius), high = min(trace.count - 1, ridge.position + radius)
        for i in low...high {
            let value = trace.average(at: i, half: smoothing)
            if value > bestValue {
                best = i
                bestValue = value
            }
        }
        // A maximum on the window's edge means no apex here (a shoulder): keep the ridge's
        // own position, where the curvature says the hidden peak is.
        if (best == low && low > 0) || (best == high && high < trace.count - 1) { best = ridge.position }
        apex = best
        let fit = trace.parabolicApex(around: best, half: max(1, Int(sigma / 2)))
        apexPosition = fit.position
        apexValue = fit.value
    }

    func height(above baseline: [Double]) -> Double { apexValue - baseline[apex] }

    /// Candidates sorted by apex, duplicates (two ridges on one apex) merged into the stronger.
    /// Apexes closer than 2 samples or ¾ σ cannot be two resolved peaks (co-elution at
    /// resolution 0.6 is 2.4 σ apart), and a drop line needs a sample between them.
    static func merged(_ candidates: [PeakCandidate]) -> [PeakCandidate] {
        let sorted = candidates.sorted { $0.apexPosition < $1.apexPosition }
        var result: [PeakCandidate] = []
        for candidate in sorted {
            if let last = result.last, candidate.apex - last.apex < 2
                || abs(candidate.apexPosition - last.apexPosition) < 0.75 * min(candidate.sigma, last.sigma) {
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
        let half = max(1, Int(candidate.sigma / 2))
        let smoothedNoise = noise / Double(2 * half + 1).squareRoot()
        let limit = Int(30 * candidate.sigma) + 3
        func walk(_ step: Int) -> Int {
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
                if value <= 0.5 * noise { return i }
                if value > lowest + 3 * smoothedNoise + 0.05 * max(0, candidate.apexValue - baseline[candidate.apex]) {
                    return lowestAt
                }
            }
            return lowestAt
        }
        return walk(-1)...walk(1)
    }
}
