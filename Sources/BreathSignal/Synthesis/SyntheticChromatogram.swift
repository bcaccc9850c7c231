/// A rendered synthetic chromatogram together with its exact ground truth.
public struct SyntheticChromatogram: Sendable, Hashable, Codable {
    /// Time between samples (s); sample i is at i·samplePeriod.
    public let samplePeriod: Double
    /// Detector signal: baseline + water dip + peaks + noise + spikes.
    public let intensity: [Double]
    /// Baseline plus water dip, without peaks, noise or spikes.
    public let trueBaseline: [Double]
    /// The peaks that were rendered, sorted by apex time.
    public let peaks: [TruthPeak]
    /// Indices of the samples carrying a spike, ascending.
    public let spikeIndices: [Int]
    /// Value added at each spike index.
    public let spikeAmplitude: Double
    /// Standard deviation of the added noise (white and correlated combined).
    public let noiseSigma: Double

    /// Number of samples.
    public var count: Int { intensity.count }

    /// Time of sample `index` (s).
    public func time(at index: Int) -> Double {
        Double(index) * samplePeriod
    }

    /// Times of all samples (s).
    public var times: [Double] {
        (0..<count).map(time(at:))
    }
}
