/// Linear-time sliding-window filters.
enum Filters {
    /// Centered moving average over `2 * half + 1` samples, shrinking at the edges.
    static func movingAverage(_ x: [Double], half: Int) -> [Double] {
        let n = x.count
        guard half > 0, n > 1 else { return x }
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + x[i] }
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let low = max(0, i - half), high = min(n - 1, i + half)
            result[i] = (prefix[high + 1] - prefix[low]) / Double(high - low + 1)
        }
        return result
    }

    /// Running minimum (`isMinimum`) or maximum over a centered window of `width` samples
    /// (van Herk / Gil–Werman: three comparisons per sample whatever the width).
    static func runningExtremum(_ x: [Double], width: Int, isMinimum: Bool) -> [Double] {
        let n = x.count
        guard width > 1, n > 1 else { return x }
        let better: (Double, Double) -> Double = isMinimum ? { Swift.min($0, $1) } : { Swift.max($0, $1) }
        let half = width / 2
        // Pad by the window on both sides with the edge values so the window never leaves the data.
        let padded = [Double](repeating: x[0], count: half) + x + [Double](repeating: x[n - 1], count: width)
        let m = padded.count
        var forward = padded, backward = padded
        for i in 1..<m where i % width != 0 { forward[i] = better(forward[i - 1], padded[i]) }
        for i in stride(from: m - 2, through: 0, by: -1) where (i + 1) % width != 0 {
            backward[i] = better(backward[i + 1], padded[i])
        }
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            // Window [i, i + width - 1] in padded coordinates is centered on x[i].
            result[i] = better(backward[i], forward[i + width - 1])
        }
        return result
    }

    /// Morphological opening (erosion then dilation): removes upward features narrower than
    /// `width` and keeps dips of any width, so it follows a water dip but not a peak. The
    /// dilation uses the mirrored window (run on the reversed trace), which an even width's
    /// off-centre window needs for the opening to stay at or below its input.
    static func opening(_ x: [Double], width: Int) -> [Double] {
        let eroded = runningExtremum(x, width: width, isMinimum: true)
        return Array(runningExtremum(Array(eroded.reversed()), width: width, isMinimum: false).reversed())
    }
}
