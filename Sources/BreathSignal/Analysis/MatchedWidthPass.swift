import Foundation

/// A second look for low-SNR peaks with the run's own peak width as a prior.
///
/// Under correlated noise, a peak 3–4 noise σ tall may form no wavelet ridge across scales.
/// GC peak widths change slowly along a run, so the clear peaks tell the width to expect:
/// the trace averaged over that width, above the rough baseline, is searched for maxima
/// standing out from the averaged trace's own noise by the margin noise alone cannot reach
/// over the trace (σ·√(2 ln N) + 1). They join as weak candidates, so they must still show
/// the weak-peak height in the raw trace.
enum MatchedWidthPass {
    static func candidates(trace: TraceView, rough: [Double], known: [PeakCandidate]) -> [PeakCandidate] {
        let clear = known.filter { !$0.isWeak }.map(\.sigma).sorted()
        guard clear.count >= 2 else { return [] }
        let sigma = clear[clear.count / 2]
        let half = max(1, Int(sigma))
        let n = trace.count
        guard n > 8 * half else { return [] }
        let residual = (0..<n).map { trace.average(at: $0, half: half) - rough[$0] }
        let noise = RobustStatistics.clippedSigma(RobustStatistics.subsample(residual, limit: 4096))
        guard noise > 0 else { return [] }
        let threshold = noise * ((2 * Foundation.log(Double(n) / Double(2 * half + 1))).squareRoot() + 1)
        // Samples within three widths of a peak already found are not searched again.
        var taken = [Bool](repeating: false, count: n)
        for candidate in known {
            let reach = Int(3 * max(candidate.sigma, sigma))
            for k in max(0, candidate.apex - reach)...min(n - 1, candidate.apex + reach) { taken[k] = true }
        }
        var found: [PeakCandidate] = []
        var i = half
        while i < n - half {
            defer { i += 1 }
            guard residual[i] >= threshold, !taken[i] else { continue }
            // A maximum over ±σ (few samples get this far, so a direct scan is cheap)...
            guard !((i - half)...(i + half)).contains(where: { residual[$0] > residual[i] }) else { continue }
            // ...and peak-shaped: three widths out on both sides the bump is mostly gone. A
            // slow bend of the baseline (bleed, the trace's first seconds) is not.
            let reach = 3 * half
            guard i - reach >= 0, i + reach < n,
                  residual[i - reach] <= 0.4 * residual[i], residual[i + reach] <= 0.4 * residual[i] else { continue }
            let ridge = RidgeDetector.Ridge(position: i, bestWidth: sigma * 2.0.squareRoot(), score: 0, length: 0, isWeak: true)
            let candidate = PeakCandidate(ridge: ridge, trace: trace)
            // The raw trace must have a maximum here: a bump of the averaged trace over a
            // baseline that lags a dip's or a ramp's bend is not a peak.
            if candidate.isLocalMaximum { found.append(candidate) }
            i += half
        }
        return found
    }
}
