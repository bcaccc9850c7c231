/// Estimates the baseline under a trace whose peaks are known approximately.
///
/// Two passes. A morphological opening wider than the widest peak gives a first baseline
/// that follows slow drift, a temperature-ramp bleed rise and a negative water dip (opening
/// keeps dips of any width) but not peaks. Peak regions found against it are then masked,
/// and the final baseline is the smoothed trace outside them, interpolated across them:
/// it carries no bias from the noise's lower envelope and passes under every peak's tails.
struct BaselineEstimator {
    var noise: Double

    /// A first baseline: opening of the lightly smoothed trace, lifted back by the noise bias.
    func rough(_ smoothed: [Double], widestPeakSamples: Int) -> [Double] {
        let width = max(5, min(widestPeakSamples, smoothed.count))
        // The rough baseline is smooth on the scale of the widest peak: compute it on block
        // means of up to width/32 samples and interpolate back, which costs a fraction.
        let block = max(1, width / 32)
        let reduced = stride(from: 0, to: smoothed.count, by: block).map { start in
            let end = min(smoothed.count, start + block)
            return smoothed[start..<end].reduce(0, +) / Double(end - start)
        }
        let reducedWidth = max(3, width / block)
        // Opening alone leaves a flat cap under a peak on a steep rise (the rise behind the
        // peak is higher than the peak's foot). Opening the trace minus a wide trend of a
        // first opening removes the slope first; dips survive both openings.
        let first = Filters.opening(reduced, width: reducedWidth)
        let trend = Filters.movingAverage(first, half: 2 * reducedWidth)
        let detrended = zip(reduced, trend).map { $0 - $1 }
        // Only a light smoothing of the opening's steps: a wide one would fill a dip back in.
        let opened = zip(Filters.movingAverage(Filters.opening(detrended, width: reducedWidth), half: max(1, reducedWidth / 16)), trend)
            .map { $0 + $1 }
        var baseline = BaselineEstimator.expand(opened, block: block, count: smoothed.count)
        // The opening rides the lower envelope of what noise is left; lift it by the median
        // residual of points near it (peaks are far above and do not count).
        let near = zip(smoothed, baseline).map { $0 - $1 }.filter { $0 < 3 * noise }
        if let lift = RobustStatistics.median(RobustStatistics.subsample(near)) {
            for i in baseline.indices { baseline[i] += lift }
        }
        return baseline
    }

    /// Linear interpolation of block means (each at its block's centre) back to `count` samples.
    static func expand(_ reduced: [Double], block: Int, count: Int) -> [Double] {
        guard block > 1, reduced.count > 1 else { return block > 1 ? [Double](repeating: reduced.first ?? 0, count: count) : reduced }
        let offset = Double(block - 1) / 2
        return (0..<count).map { i in
            let position = min(max((Double(i) - offset) / Double(block), 0), Double(reduced.count - 1))
            let low = min(Int(position), reduced.count - 2)
            let fraction = position - Double(low)
            return reduced[low] + fraction * (reduced[low + 1] - reduced[low])
        }
    }

    /// The final baseline: `smoothed` outside `masked` regions; across them, the rough
    /// baseline's shape plus an offset interpolated between the region's edges, so that a
    /// bridge under a peak on a water dip or a bleed rise bends with it instead of cutting
    /// straight across.
    func refined(_ smoothed: [Double], masked regions: [ClosedRange<Int>], smoothing half: Int, rough: [Double]) -> [Double] {
        let n = smoothed.count
        var mask = [Bool](repeating: false, count: n)
        for region in regions {
            for i in max(0, region.lowerBound)...min(n - 1, region.upperBound) { mask[i] = true }
        }
        guard mask.contains(false) else { return rough }
        // Average only unmasked samples: a window reaching into a peak must not lift the level.
        var sums = [Double](repeating: 0, count: n + 1), counts = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            sums[i + 1] = sums[i] + (mask[i] ? 0 : smoothed[i])
            counts[i + 1] = counts[i] + (mask[i] ? 0 : 1)
        }
        let level = (0..<n).map { i -> Double in
            let low = max(0, i - half), high = min(n - 1, i + half)
            let count = counts[high + 1] - counts[low]
            return count > 0 ? (sums[high + 1] - sums[low]) / Double(count) : smoothed[i]
        }
        // Work on the offset from the rough baseline; it is what gets bridged.
        var baseline = zip(level, rough).map { $0 - $1 }
        var i = 0
        while i < n {
            guard mask[i] else {
                i += 1
                continue
            }
            var end = i
            while end + 1 < n, mask[end + 1] { end += 1 }
            // Anchor each side on an average just outside the region, not one noisy sample.
            let left = i > 0 ? edgeLevel(baseline, mask, from: i - 1, step: -1, span: half) : nil
            let right = end + 1 < n ? edgeLevel(baseline, mask, from: end + 1, step: 1, span: half) : nil
            for k in i...end {
                switch (left, right) {
                case (let l?, let r?):
                    let fraction = Double(k - i + 1) / Double(end - i + 2)
                    baseline[k] = l + fraction * (r - l)
                case (let l?, nil): baseline[k] = l
                case (nil, let r?): baseline[k] = r
                case (nil, nil): break
                }
            }
            i = end + 1
        }
        for k in 0..<n { baseline[k] += rough[k] }
        return baseline
    }

    private func edgeLevel(_ values: [Double], _ mask: [Bool], from start: Int, step: Int, span: Int) -> Double {
        var sum = 0.0, count = 0, k = start
        while k >= 0, k < values.count, !mask[k], count <= max(span / 2, 1) {
            sum += values[k]
            count += 1
            k += step
        }
        return count > 0 ? sum / Double(count) : values[start]
    }
}
