/// Everything needed to render one synthetic chromatogram, deterministically per `seed`.
///
/// The trace is: baseline (offset + bleed + wander) + optional water dip + the sum of the
/// peaks + noise + spikes. `render()` is a pure function of the recipe.
public struct ChromatogramRecipe: Sendable, Hashable, Codable {
    /// Length of the trace (s), > 0.
    public let duration: Double
    /// Time between samples (s), > 0; 0.001 s (1 kHz) to 0.1 s (10 Hz) are typical.
    public let samplePeriod: Double
    /// Peaks to render. Those whose apex falls outside the sampled span are neither rendered
    /// nor reported, so the ground truth always matches the trace.
    public var peaks: [TruthPeak]
    /// Baseline under the peaks.
    public var baseline: BaselineModel
    /// PID water quench near the start, if any.
    public var waterDip: WaterDip?
    /// Detector noise.
    public var noise: NoiseModel
    /// Single-sample spikes.
    public var spikes: SpikeModel
    /// Seed for every random element: wander phases, noise and spike positions.
    public var seed: UInt64

    /// Creates a recipe; by default the baseline is flat and there is no dip, noise or spike.
    public init(
        duration: Double,
        samplePeriod: Double,
        peaks: [TruthPeak],
        baseline: BaselineModel = .flat,
        waterDip: WaterDip? = nil,
        noise: NoiseModel = .none,
        spikes: SpikeModel = .none,
        seed: UInt64 = 0
    ) {
        precondition(duration > 0 && duration.isFinite, "duration must be positive")
        precondition(samplePeriod > 0 && samplePeriod.isFinite, "sample period must be positive")
        self.duration = duration
        self.samplePeriod = samplePeriod
        self.peaks = peaks
        self.baseline = baseline
        self.waterDip = waterDip
        self.noise = noise
        self.spikes = spikes
        self.seed = seed
    }

    /// Number of samples: `duration / samplePeriod`, rounded, at times 0, Δt, 2Δt, …
    public var sampleCount: Int {
        max(1, Int((duration / samplePeriod).rounded()))
    }
}
