/// One chromatographic peak found and measured by ``ChromatogramAnalyzer``.
public struct DetectedPeak: Sendable, Hashable, Codable {
    /// Apex time, s.
    public var retentionTime: Double
    /// Where integration starts and ends, s.
    public var start: Double
    public var end: Double
    /// Apex height above the baseline, in the trace's unit.
    public var height: Double
    /// Time integral above the baseline, unit·s.
    public var area: Double
    /// Full width at half maximum, s.
    public var fwhm: Double
    /// Height over the local noise.
    public var snr: Double
    /// How the area was obtained.
    public var integration: IntegrationMethod

    public init(
        retentionTime: Double, start: Double, end: Double, height: Double, area: Double, fwhm: Double, snr: Double,
        integration: IntegrationMethod
    ) {
        self.retentionTime = retentionTime
        self.start = start
        self.end = end
        self.height = height
        self.area = area
        self.fwhm = fwhm
        self.snr = snr
        self.integration = integration
    }
}

/// The rule that gave a peak its area (see the signal core's documentation).
public enum IntegrationMethod: String, Sendable, Hashable, Codable {
    /// Baseline to baseline: the peak stands alone.
    case baseline
    /// Split from a neighbour at the valley by a perpendicular drop line.
    case dropLine = "drop-line"
    /// A small peak skimmed off a large peak's tail by a tangent.
    case tangentSkim = "tangent-skim"
    /// An exponentially modified Gaussian component fitted to a fused cluster.
    case deconvolved
}

/// Everything an analysis found in one chromatogram.
public struct AnalysisResult: Sendable, Hashable {
    /// Peaks in retention order.
    public var peaks: [DetectedPeak]
    /// Robust estimate of the detector noise (standard deviation), in the trace's unit.
    public var noise: Double
    /// The estimated baseline, one value per sample.
    public var baseline: [Double]
    /// Samples that were not finite and were interpolated over.
    public var repairedSamples: Int
    /// Single-sample spikes that were removed before detection.
    public var removedSpikes: Int
    /// Number of samples analysed.
    public var points: Int

    public init(peaks: [DetectedPeak], noise: Double, baseline: [Double], repairedSamples: Int, removedSpikes: Int, points: Int) {
        self.peaks = peaks
        self.noise = noise
        self.baseline = baseline
        self.repairedSamples = repairedSamples
        self.removedSpikes = removedSpikes
        self.points = points
    }
}
