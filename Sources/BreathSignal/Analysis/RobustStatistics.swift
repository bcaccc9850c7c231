/// Order statistics without a full sort: quickselect is linear on average, which keeps
/// robust noise estimates cheap on 600k-point traces.
enum RobustStatistics {
    /// The median of `values` (average of the two middle values for an even count); nil if empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var copy = values
        let middle = copy.count / 2
        let upper = select(&copy, middle)
        guard copy.count % 2 == 0 else { return upper }
        // After selecting `middle`, everything before it is ≤ it: the lower middle is their maximum.
        let lower = copy[0..<middle].max() ?? upper
        return (lower + upper) / 2
    }

    /// The normal-consistent median absolute deviation (1.4826 × MAD): σ for Gaussian data.
    static func scaledMAD(_ values: [Double]) -> Double {
        guard let center = median(values) else { return 0 }
        return 1.4826 * (median(values.map { abs($0 - center) }) ?? 0)
    }

    /// σ of the noise in `values` that also hold sparse large excursions (peaks and their
    /// wavelet side lobes): the scaled MAD, recomputed on the values within `clip` σ of the
    /// median until it settles. With peaks covering a third of a trace, a plain MAD is
    /// inflated several times; clipping brings it back to the noise.
    static func clippedSigma(_ values: [Double], clip: Double = 3, iterations: Int = 3) -> Double {
        var kept = values
        var sigma = scaledMAD(kept)
        for _ in 0..<iterations {
            guard sigma > 0, let center = median(kept) else { break }
            let next = values.filter { abs($0 - center) <= clip * sigma }
            guard next.count >= 8, next.count < kept.count else { break }
            kept = next
            // A Gaussian clipped at ±3σ has a MAD 1.2 % low; not worth correcting.
            sigma = scaledMAD(kept)
        }
        return sigma
    }

    /// At most `limit` values taken at an even stride: enough for a robust scale estimate.
    static func subsample(_ values: [Double], limit: Int = 8192) -> [Double] {
        guard values.count > limit else { return values }
        let stride = Double(values.count) / Double(limit)
        return (0..<limit).map { values[Int(Double($0) * stride)] }
    }

    /// Rearranges `values` so that position `k` holds the k-th smallest value, and returns it.
    /// Hoare partitioning on the raw buffer: this runs dozens of times per analysis.
    private static func select(_ values: inout [Double], _ k: Int) -> Double {
        values.withUnsafeMutableBufferPointer { buffer in
            var low = 0
            var high = buffer.count - 1
            while low < high {
                // Median of three as pivot: robust against sorted input.
                let middle = low + (high - low) / 2
                if buffer[middle] < buffer[low] { buffer.swapAt(middle, low) }
                if buffer[high] < buffer[low] { buffer.swapAt(high, low) }
                if buffer[high] < buffer[middle] { buffer.swapAt(high, middle) }
                let pivot = buffer[middle]
                var i = low
                var j = high
                while i <= j {
                    while buffer[i] < pivot { i += 1 }
                    while buffer[j] > pivot { j -= 1 }
                    if i <= j {
                        buffer.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j { high = j } else if k >= i { low = i } else { return buffer[k] }
            }
            return buffer[k]
        }
    }
}
