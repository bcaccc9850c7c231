/// Repairs that make a trace analysable without changing its peaks.
enum Preprocessing {
    /// Replaces non-finite samples by linear interpolation between finite neighbours (the
    /// nearest finite value at the ends). Returns how many were replaced; all-non-finite
    /// input is left alone and reported as such by the caller.
    static func repairNonFinite(_ x: inout [Double]) -> Int {
        var repaired = 0
        var lastFinite: Int?
        var index = 0
        while index < x.count {
            if x[index].isFinite {
                lastFinite = index
                index += 1
                continue
            }
            var next = index
            while next < x.count, !x[next].isFinite { next += 1 }
            for gap in index..<next {
                switch (lastFinite, next < x.count) {
                case (let left?, true):
                    let fraction = Double(gap - left) / Double(next - left)
                    x[gap] = x[left] + fraction * (x[next] - x[left])
                case (let left?, false): x[gap] = x[left]
                case (nil, true): x[gap] = x[next]
                case (nil, false): return repaired
                }
                repaired += 1
            }
            index = next
        }
        return repaired
    }

    /// Removes single-sample spikes (electrical glitches), positive or negative.
    ///
    /// A sample is a spike when its excursion from the mean of its two neighbours exceeds
    /// `threshold` noise σ and each neighbour, measured the same way, is pulled the opposite
    /// way by at least 30 % of it — the signature of one sample standing out alone, which
    /// holds on a flat baseline and on a steep peak flank alike (a linear trend cancels in
    /// every excursion). A real peak only 3 samples wide fails it: its neighbours sit at
    /// ~75 % of its height and their own excursions point the same way as its own.
    static func removeSpikes(_ x: inout [Double], noise: Double, threshold: Double = 8) -> Int {
        let n = x.count
        guard n >= 5, noise > 0 else { return 0 }
        func excursion(_ i: Int) -> Double { x[i] - (x[i - 1] + x[i + 1]) / 2 }
        var removed = 0
        var i = 2
        while i < n - 2 {
            let own = excursion(i)
            guard abs(own) > threshold * noise else {
                i += 1
                continue
            }
            let sign: Double = own > 0 ? 1 : -1
            guard sign * excursion(i - 1) < -0.3 * abs(own), sign * excursion(i + 1) < -0.3 * abs(own) else {
                i += 1
                continue
            }
            x[i] = (x[i - 1] + x[i + 1]) / 2
            removed += 1
            // The next sample's test read the spike; it is judged again on the repaired trace.
            i += 1
        }
        return removed
    }

    /// σ of white detector noise from first differences (peaks and baseline drift barely
    /// move a median of differences).
    static func noiseFromDifferences(_ x: [Double]) -> Double {
        guard x.count >= 3 else { return 0 }
        var differences = [Double](repeating: 0, count: x.count - 1)
        for i in 1..<x.count { differences[i - 1] = x[i] - x[i - 1] }
        // Peak flanks make large differences; clipping keeps them out of the noise estimate.
        return RobustStatistics.clippedSigma(RobustStatistics.subsample(differences, limit: 4096)) / 2.0.squareRoot()
    }
}
