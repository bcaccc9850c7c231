/// A detector trace sampled at a uniform period: the input of every analysis.
///
/// Real files (CSV, ANDI/AIA) and devices deliver uniform sampling almost always; traces that
/// are not are resampled onto a uniform grid by ``init(times:intensities:)``, which says so.
public struct Chromatogram: Sendable, Hashable {
    /// Time of the first sample, s (may be negative: vendors record a delay).
    public var startTime: Double
    /// Time between samples, s (> 0).
    public var samplePeriod: Double
    /// Detector signal, in `unit`.
    public var intensity: [Double]
    /// The detector unit as the source named it (e.g. "µV", "abundance units"), if known.
    public var unit: String?

    /// A trace from uniformly spaced samples.
    public init(startTime: Double = 0, samplePeriod: Double, intensity: [Double], unit: String? = nil) throws(ChromatogramError) {
        guard samplePeriod > 0, samplePeriod.isFinite else { throw .invalidSamplePeriod(samplePeriod) }
        guard startTime.isFinite else { throw .nonFiniteTime(index: 0) }
        self.startTime = startTime
        self.samplePeriod = samplePeriod
        self.intensity = intensity
        self.unit = unit
    }

    /// A trace from samples at arbitrary increasing times.
    ///
    /// The grid: each time is assigned the nearest index at the median spacing, and the
    /// period is the least-squares slope of time against index. That keeps the true period of
    /// a clock quantised to a coarser tick (steps of 200 and 201 ms for 200.5 ms) and of a
    /// record with a missing sample (the gap keeps its index). When the indices cannot be
    /// assigned one-to-one (irregular sampling), the period is the mean spacing. Unless
    /// every sample is within 5 % of a period of its grid point and none is missing, the
    /// signal is linearly interpolated onto the grid and ``wasResampled`` is true.
    public init(times: [Double], intensities: [Double], unit: String? = nil) throws(ChromatogramError) {
        guard times.count == intensities.count else { throw .lengthMismatch(times: times.count, intensities: intensities.count) }
        guard times.count >= 2 else { throw .tooShort(count: times.count) }
        if let bad = times.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteTime(index: bad) }
        var steps = [Double]()
        steps.reserveCapacity(times.count - 1)
        for index in 1..<times.count {
            let step = times[index] - times[index - 1]
            guard step > 0 else { throw .timesNotIncreasing(index: index) }
            steps.append(step)
        }
        let median = steps.sorted()[steps.count / 2]
        let indices = times.map { (($0 - times[0]) / median).rounded() }
        let oneToOne = zip(indices.dropFirst(), indices).allSatisfy { $0 > $1 }
        let period: Double
        if oneToOne {
            let meanIndex = indices.reduce(0, +) / Double(indices.count)
            let meanTime = times.reduce(0, +) / Double(times.count)
            var covariance = 0.0, variance = 0.0
            for (index, time) in zip(indices, times) {
                covariance += (index - meanIndex) * (time - meanTime)
                variance += (index - meanIndex) * (index - meanIndex)
            }
            period = covariance / variance
        } else {
            period = (times[times.count - 1] - times[0]) / Double(times.count - 1)
        }
        startTime = times[0]
        samplePeriod = period
        self.unit = unit
        let lastIndex = oneToOne ? Int(indices[indices.count - 1]) : times.count - 1
        let uniform = oneToOne && lastIndex == times.count - 1
            && times.indices.allSatisfy { abs(times[$0] - (times[0] + Double($0) * period)) <= 0.05 * period }
        if uniform {
            intensity = intensities
            wasResampled = false
            return
        }
        let count = lastIndex + 1
        var resampled = [Double](repeating: 0, count: count)
        var source = 0
        for index in 0..<count {
            let t = times[0] + Double(index) * period
            while source + 1 < times.count - 1, times[source + 1] <= t { source += 1 }
            let span = times[source + 1] - times[source]
            let fraction = min(max((t - times[source]) / span, 0), 1)
            resampled[index] = intensities[source] + fraction * (intensities[source + 1] - intensities[source])
        }
        intensity = resampled
        wasResampled = true
    }

    /// Whether the source's times were not uniform and the trace was interpolated.
    public private(set) var wasResampled = false

    /// Number of samples.
    public var count: Int { intensity.count }

    /// Time of sample `index`, s.
    public func time(at index: Int) -> Double { startTime + Double(index) * samplePeriod }

    /// Duration covered by the samples, s.
    public var duration: Double { Double(max(count - 1, 0)) * samplePeriod }
}

/// Why samples cannot form a chromatogram.
public enum ChromatogramError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidSamplePeriod(Double)
    case lengthMismatch(times: Int, intensities: Int)
    case tooShort(count: Int)
    case nonFiniteTime(index: Int)
    case timesNotIncreasing(index: Int)

    public var description: String {
        switch self {
        case .invalidSamplePeriod(let period): "sample period \(period) s is not a positive finite number"
        case .lengthMismatch(let times, let intensities): "\(times) times but \(intensities) intensities"
        case .tooShort(let count): "\(count) sample(s): a chromatogram needs at least 2"
        case .nonFiniteTime(let index): "time of sample \(index) is not a finite number"
        case .timesNotIncreasing(let index): "times do not increase at sample \(index)"
        }
    }
}
