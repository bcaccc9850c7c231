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
    /// A sample is a spike when it departs from the mean of its two neighbours by more than
    /// `threshold` noise standard deviations while those neighbours stay level with theirs
    /// (they differ from each other and from the next ones out by less than half the
    /// departure) and the departure is nearly all of its departure from the local median.
    /// A real peak only 3 samples wide fails the level test: its neighbours sit at ~75 % of
    /// its height and fall steeply outwards. The cheap tests run first; the median only for
    /// the rare sample that passes them.
    static func removeSpikes(_ x: inout [Double], noise: Double, threshold: Double = 8) -> Int {
        let n = x.count
        guard n >= 5, noise > 0 else { return 0 }
        var removed = 0
        for i in 2..<(n - 2) {
            let neighbours = (x[i - 1] + x[i + 1]) / 2
            let excursion = abs(x[i] - neighbours)
            guard excursion > threshold * noise, abs(x[i - 1] - x[i + 1]) < 0.5 * excursion,
                  abs(x[i - 1] - x[i - 2]) < 0.5 * excursion, abs(x[i + 1] - x[i + 2]) < 0.5 * excursion
            else { continue }
            let low = max(0, i - 3), high = min(n - 1, i + 3)
            var window = Array(x[low...high])
            window.remove(at: i - low)
            let local = RobustStatistics.median(window) ?? neighbours
            guard excursion > 0.8 * abs(x[i] - local) else { continue }
            x[i] = neighbours
            removed += 1
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
        return RobustStatistics.clippedSigma(RobustStatistics.subsample(differences)) / 2.0.squareRoot()
    }
}
