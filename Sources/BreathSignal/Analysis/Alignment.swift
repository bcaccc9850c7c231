import CFFTW

/// Retention-time alignment of a run to a reference run: a global shift found by FFT
/// cross-correlation, then a piecewise-linear warp through matched anchor peaks (e.g. the
/// internal standard and alkane markers), which absorbs drift that is not a pure shift.
public enum Alignment {
    /// The time shift (s) to add to `signal`'s times so that it lines up with `reference`,
    /// searched within ±`maximumShift` s; sub-sample by a parabola through the correlation peak.
    ///
    /// Both traces are high-passed first (each minus its moving average over `smoothing` s) so
    /// that baselines and bleed do not dominate the correlation. `signal` is resampled onto the
    /// reference's sample period when they differ. Returns 0 when either trace is too short.
    public static func globalShift(
        of signal: Chromatogram, to reference: Chromatogram, maximumShift: Double, smoothing: Double = 20
    ) -> Double {
        let period = reference.samplePeriod
        let a = highPass(reference.intensity, half: Int(smoothing / period / 2))
        let b = highPass(resampled(signal, period: period, startTime: signal.startTime), half: Int(smoothing / period / 2))
        guard a.count >= 4, b.count >= 4 else { return 0 }
        let size = FFTEngine.goodSize(atLeast: a.count + b.count)
        let bins = size / 2 + 1
        let input = FFTBuffer<Double>(capacity: size)
        let spectrumA = FFTBuffer<fftw_complex>(capacity: bins)
        let spectrumB = FFTBuffer<fftw_complex>(capacity: bins)
        for i in 0..<size { input[i] = i < a.count ? a[i] : 0 }
        FFTEngine.forward(input, spectrumA, count: size)
        for i in 0..<size { input[i] = i < b.count ? b[i] : 0 }
        FFTEngine.forward(input, spectrumB, count: size)
        // corr[lag] = Σ a[i + lag] b[i]: spectrum A · conj(B).
        for k in 0..<bins {
            let (ar, ai) = spectrumA[k], (br, bi) = spectrumB[k]
            spectrumA[k] = (ar * br + ai * bi, ai * br - ar * bi)
        }
        let correlation = FFTBuffer<Double>(capacity: size)
        FFTEngine.inverse(spectrumA, correlation, count: size)
        let reach = min(Int(maximumShift / period), size / 2 - 1)
        func value(_ lag: Int) -> Double { correlation[(lag + size) % size] }
        var bestLag = 0
        for lag in -reach...reach where value(lag) > value(bestLag) { bestLag = lag }
        var fraction = 0.0
        if abs(bestLag) < reach {
            let left = value(bestLag - 1), middle = value(bestLag), right = value(bestLag + 1)
            let curvature = left - 2 * middle + right
            if curvature < 0 { fraction = 0.5 * (left - right) / curvature }
        }
        // Sample i of the signal matches sample i + lag of the reference.
        return (Double(bestLag) + fraction) * period + (reference.startTime - signal.startTime)
    }

    private static func highPass(_ x: [Double], half: Int) -> [Double] {
        let trend = Filters.movingAverage(x, half: max(1, half))
        return zip(x, trend).map { $0 - $1 }
    }

    private static func resampled(_ c: Chromatogram, period: Double, startTime: Double) -> [Double] {
        guard abs(c.samplePeriod - period) > 1e-12 * period, c.count >= 2 else { return c.intensity }
        let count = Int(c.duration / period) + 1
        return (0..<count).map { i in
            let position = (Double(i) * period) / c.samplePeriod
            let low = min(Int(position), c.count - 2)
            let fraction = position - Double(low)
            return c.intensity[low] + fraction * (c.intensity[low + 1] - c.intensity[low])
        }
    }
}

/// A monotone piecewise-linear map from a run's retention times to the reference's,
/// through anchor pairs; beyond the outer anchors it continues with the nearest segment's slope.
public struct RetentionWarp: Sendable, Hashable {
    /// (observed, reference) pairs, increasing in both.
    public let anchors: [Anchor]

    public struct Anchor: Sendable, Hashable, Codable {
        public var observed: Double
        public var reference: Double

        public init(observed: Double, reference: Double) {
            self.observed = observed
            self.reference = reference
        }
    }

    /// A warp through `anchors`; pairs that would make the map non-monotone are dropped
    /// (a misidentified anchor must not fold time back on itself).
    public init(anchors: [Anchor], shift: Double = 0) {
        var kept: [Anchor] = []
        for anchor in anchors.sorted(by: { $0.observed < $1.observed }) {
            if let last = kept.last, anchor.observed <= last.observed || anchor.reference <= last.reference { continue }
            kept.append(anchor)
        }
        if kept.isEmpty { kept = [Anchor(observed: 0, reference: shift)] }
        self.anchors = kept
    }

    /// Matches each reference anchor time to the nearest detected peak within `tolerance` s
    /// after applying `shift`, and builds the warp from those pairs.
    public static func matching(
        referenceTimes: [Double], detectedTimes: [Double], shift: Double, tolerance: Double
    ) -> RetentionWarp {
        let pairs = referenceTimes.compactMap { reference -> Anchor? in
            guard let nearest = detectedTimes.min(by: { abs($0 + shift - reference) < abs($1 + shift - reference) }),
                  abs(nearest + shift - reference) <= tolerance else { return nil }
            return Anchor(observed: nearest, reference: reference)
        }
        return RetentionWarp(anchors: pairs, shift: shift)
    }

    /// The reference time of observed time `t`.
    public func callAsFunction(_ t: Double) -> Double {
        guard anchors.count > 1 else { return t + (anchors[0].reference - anchors[0].observed) }
        var segment = 0
        while segment < anchors.count - 2, t > anchors[segment + 1].observed { segment += 1 }
        let a = anchors[segment], b = anchors[segment + 1]
        let slope = (b.reference - a.reference) / (b.observed - a.observed)
        return a.reference + slope * (t - a.observed)
    }
}
