/// Tuning of ``ChromatogramAnalyzer``. The defaults were chosen on the synthetic benchmark
/// sets (Scripts/bench-signal.sh) and suit GC peaks 3 to several hundred samples wide.
public struct AnalysisSettings: Sendable, Hashable, Codable {
    /// Narrowest wavelet width σ, samples.
    public var smallestWidth = 1.0
    /// Widest wavelet width σ, samples (also capped at a fortieth of the trace). 4096 covers
    /// 4-second peaks sampled at 1 kHz; coarse scales cost little (decimated transforms).
    public var largestWidth = 4096.0
    /// A wavelet maximum must rise this far above its surroundings to be considered, in units
    /// of the largest rise noise alone makes at that scale over the trace (σ·√(2 ln N)).
    public var minimumProminence = 0.8
    /// A ridge must reach this score (same unit) at its best scale to be a peak.
    public var minimumScore = 2.0
    /// A ridge must persist over this many √2-spaced scales.
    public var minimumRidgeLength = 3
    /// A peak must stand this many noise σ above the baseline.
    public var minimumHeight = 2.0
    /// Broad ridges scoring at least this (below `minimumScore`) are weak candidates: low-SNR
    /// peaks whose wavelet evidence alone is not conclusive under correlated noise...
    public var weakRidgeScore = 1.0
    /// ...kept only when they stand this many noise σ above the baseline.
    public var weakRidgeHeight = 2.7
    /// Spikes: departures beyond this many noise σ with neighbours at the local level.
    public var spikeThreshold = 8.0
    /// Fit exponentially-modified-Gaussian components to fused peaks whose valley stays
    /// above this fraction of the smaller peak's height.
    public var deconvolutionValley = 0.2
    /// Single peaks at least this many noise σ tall are checked for a co-eluting peak hidden
    /// in their flank (one EMG fit, and two when the residual says so).
    public var shoulderSearchHeight = 150.0
    /// A small peak on a large one's tail is tangent-skimmed when it is below this fraction
    /// of the large one's height.
    public var tangentSkimRatio = 0.1

    public init() {}

    /// The defaults.
    public static let `default` = AnalysisSettings()
}
