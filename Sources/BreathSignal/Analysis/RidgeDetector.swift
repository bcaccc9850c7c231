import Foundation

/// Finds peaks as ridges of wavelet maxima that persist across scales.
///
/// At every scale, local maxima of the coefficients are kept when they stand out from
/// their surroundings (prominence against the higher of the two minima within a few widths)
/// by a few times that scale's noise. Prominence, not raw value, is what lets a shoulder on a
/// large peak count: its coefficient can be negative, sitting in the large peak's side lobe,
/// and still rise well above it. Maxima are linked from coarse to fine scales into ridges; a
/// peak is a ridge seen at enough scales and strong enough at its best one. Noise makes
/// maxima that do not persist, and a single-sample spike only lives at the finest scales.
struct RidgeDetector {
    /// A ridge found in the transform.
    struct Ridge {
        /// Sample index at the finest scale the ridge reaches: the best position estimate.
        var position: Int
        /// Width σ (samples) of the scale where the coefficient was largest: ≈ √2 × the peak's σ.
        var bestWidth: Double
        /// Largest prominence over noise along the ridge.
        var score: Double
        /// Scales the ridge spans.
        var length: Int
        /// Below the score for a peak, above the weak score: a peak only if the trace confirms
        /// it with a clear height (see ``AnalysisSettings/weakRidgeHeight``).
        var isWeak: Bool
    }

    var minimumProminence: Double
    var minimumScore: Double
    /// Broad ridges scoring from this up to `minimumScore` are returned as weak.
    var weakScore: Double
    var minimumLength: Int

    func ridges(in transform: WaveletTransform) -> [Ridge] {
        /// A ridge under construction: only what the result needs, so linking allocates nothing per point.
        struct Track {
            var lastScale: Int
            var position: Int
            var bestScore: Double
            var largestValue: Double
            var largestScale: Int
            var length: Int
        }
        var active: [Track] = []
        var finished: [Track] = []
        for scaleIndex in transform.scales.indices.reversed() {
            let scale = transform.scales[scaleIndex]
            let maxima = RidgeDetector.prominentMaxima(scale, minimum: minimumProminence)
            // Each maximum joins the nearest ridge end within tolerance (each ridge takes at
            // most one); ridge ends sorted by position make the search logarithmic.
            let tolerance = max(2, Int((1.5 * scale.width * 2.0.squareRoot()).rounded()))
            active.sort { $0.position < $1.position }
            var extended = [Bool](repeating: false, count: active.count)
            var born: [Track] = []
            for maximum in maxima {
                var low = 0, high = active.count
                while low < high {
                    let middle = (low + high) / 2
                    if active[middle].position < maximum.position - tolerance { low = middle + 1 } else { high = middle }
                }
                var best: Int?
                var bestDistance = Int.max
                var k = low
                while k < active.count, active[k].position <= maximum.position + tolerance {
                    let distance = abs(active[k].position - maximum.position)
                    if !extended[k], distance < bestDistance {
                        best = k
                        bestDistance = distance
                    }
                    k += 1
                }
                if let best {
                    extended[best] = true
                    active[best].lastScale = scaleIndex
                    active[best].position = maximum.position
                    active[best].bestScore = max(active[best].bestScore, maximum.score)
                    if maximum.value > active[best].largestValue {
                        active[best].largestValue = maximum.value
                        active[best].largestScale = scaleIndex
                    }
                    active[best].length += 1
                } else {
                    born.append(Track(
                        lastScale: scaleIndex, position: maximum.position, bestScore: maximum.score,
                        largestValue: maximum.value, largestScale: scaleIndex, length: 1))
                }
            }
            // A ridge may skip one scale (a maximum lost to noise) before it ends.
            var next = born
            for (index, track) in active.enumerated() {
                if extended[index] || track.lastScale <= scaleIndex + 1 { next.append(track) } else { finished.append(track) }
            }
            active = next
        }
        finished += active
        return finished.compactMap { track in
            // A ridge that persists over more scales is more likely a peak, but only for broad
            // ridges: fine scales all look at the same few samples, so a noise blip persists
            // across them without proving anything.
            let broad = transform.scales[track.largestScale].width >= 4
            let strength = track.bestScore * (broad ? (Double(track.length) / 3).squareRoot() : 1)
            guard track.length >= minimumLength, strength >= minimumScore || (broad && strength >= weakScore) else { return nil }
            // A real peak's ridge descends towards fine scales; a ridge that lives only at
            // coarse scales is two neighbours blurred into one, or baseline curvature.
            let finest = transform.scales[track.lastScale].width
            let strongest = transform.scales[track.largestScale].width
            guard finest <= max(strongest / 2, 1.5 * transform.scales[0].width) else { return nil }
            return Ridge(
                position: track.position, bestWidth: transform.scales[track.largestScale].width,
                score: track.bestScore, length: track.length, isWeak: strength < minimumScore)
        }
    }

    /// Local maxima of one scale with their prominence over its noise, positions in samples.
    static func prominentMaxima(_ scale: WaveletTransform.Scale, minimum: Double) -> [(position: Int, value: Double, score: Double)] {
        let w = scale.values
        let n = w.count
        guard n >= 3, scale.noise > 0 else { return [] }
        // Noise alone makes a largest maximum that grows like √(2 ln N) noise σ over N
        // independent positions (about one per wavelet width): scores are in that unit, so
        // one threshold gives the same false-alarm rate at 10 Hz and at 1 kHz, on short
        // traces and long ones.
        let positions = max(Double(n * scale.decimation) / scale.width, 3)
        let unit = scale.noise * (2 * Foundation.log(positions)).squareRoot()
        let reach = max(2, Int((3 * scale.width / Double(scale.decimation)).rounded()))
        var result: [(Int, Double, Double)] = []
        let needed = minimum * unit
        w.withUnsafeBufferPointer { w in
            var j = 1
            while j < n - 1 {
                guard w[j] > w[j - 1], w[j] >= w[j + 1] else {
                    j += 1
                    continue
                }
                // The score needs both sides to fall by `needed`; most maxima (noise) fail on
                // the first side walked, and the other is then not walked at all.
                var rightMinimum = w[j]
                var k = j + 1
                while k <= min(n - 1, j + reach), w[k] <= w[j] {
                    rightMinimum = min(rightMinimum, w[k])
                    k += 1
                }
                guard w[j] - rightMinimum >= needed else {
                    j += 2
                    continue
                }
                var leftMinimum = w[j]
                k = j - 1
                while k >= max(0, j - reach), w[k] <= w[j] {
                    leftMinimum = min(leftMinimum, w[k])
                    k -= 1
                }
                let score = (w[j] - max(leftMinimum, rightMinimum)) / unit
                if score >= minimum { result.append((j * scale.decimation, w[j], score)) }
                // w[j + 1] ≤ w[j], so j + 1 cannot be a maximum.
                j += 2
            }
        }
        return result
    }
}
