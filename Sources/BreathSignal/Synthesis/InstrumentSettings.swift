/// How a synthetic micro-GC with a 10.6 eV PID turns a breath sample into a chromatogram.
/// Intensities are in µV, times in seconds. All values are synthetic choices.
public struct InstrumentSettings: Sendable, Hashable, Codable {
    /// Time between detector samples (s); 0.001–0.1 s.
    public var samplePeriod: Double
    /// Length of the recorded run (s).
    public var runDuration: Double
    /// Peak FWHM at the dead time (s); widths grow linearly with retention time from here…
    public var fwhmAtDeadTime: Double
    /// …to this FWHM at the end of the run (s).
    public var fwhmAtRunEnd: Double
    /// Exponential tail time constant as a fraction of the Gaussian sigma (tau/sigma).
    public var tailingRatio: Double
    /// Peak area per ppb of breath per unit of PID response (µV·s).
    public var detectorGain: Double
    /// Area of the unretained air/CO2 disturbance at the dead time (µV·s).
    public var unretainedArea: Double
    /// Depth of the water quench (µV); 0 for none.
    public var waterDipDepth: Double
    /// Standard deviation of the water quench (s).
    public var waterDipWidth: Double
    /// Where water elutes, as a retention index, so the dip follows retention drift.
    public var waterRetentionIndex: Double
    /// Detector baseline (offset, bleed following the temperature ramp, wander).
    public var baseline: BaselineModel
    /// Detector noise.
    public var noise: NoiseModel
    /// Electrical spikes.
    public var spikes: SpikeModel

    /// Creates settings from every value; ``standard(samplePeriod:runDuration:)`` is a start.
    public init(
        samplePeriod: Double, runDuration: Double, fwhmAtDeadTime: Double, fwhmAtRunEnd: Double,
        tailingRatio: Double, detectorGain: Double, unretainedArea: Double,
        waterDipDepth: Double, waterDipWidth: Double, waterRetentionIndex: Double,
        baseline: BaselineModel, noise: NoiseModel, spikes: SpikeModel
    ) {
        precondition(fwhmAtDeadTime > 0 && fwhmAtRunEnd > 0, "peak widths must be positive")
        precondition(tailingRatio >= 0 && detectorGain >= 0, "tailing and gain must be non-negative")
        self.samplePeriod = samplePeriod
        self.runDuration = runDuration
        self.fwhmAtDeadTime = fwhmAtDeadTime
        self.fwhmAtRunEnd = fwhmAtRunEnd
        self.tailingRatio = tailingRatio
        self.detectorGain = detectorGain
        self.unretainedArea = unretainedArea
        self.waterDipDepth = waterDipDepth
        self.waterDipWidth = waterDipWidth
        self.waterRetentionIndex = waterRetentionIndex
        self.baseline = baseline
        self.noise = noise
        self.spikes = spikes
    }

    /// Plausible PID settings: FWHM 1 → 4 s, mild tailing, noise ≈ 3.6 µV, and a gain that puts
    /// acetone near 10 mV and the trace aldehydes near the noise, i.e. about three orders of
    /// magnitude of peak heights. Bleed rises over the last fifth of the run, as the column
    /// approaches its final temperature.
    public static func standard(samplePeriod: Double = 0.05, runDuration: Double = 600) -> InstrumentSettings {
        InstrumentSettings(
            samplePeriod: samplePeriod, runDuration: runDuration,
            fwhmAtDeadTime: 1, fwhmAtRunEnd: 4, tailingRatio: 0.4, detectorGain: 30,
            unretainedArea: 150, waterDipDepth: 400, waterDipWidth: 5, waterRetentionIndex: 300,
            baseline: BaselineModel(
                offset: 500,
                bleed: ColumnBleed(amplitude: 300, midpoint: 0.87 * runDuration, width: 0.05 * runDuration),
                wander: [
                    BaselineWander(amplitude: 4, period: 0.63 * runDuration),
                    BaselineWander(amplitude: 2.5, period: 0.25 * runDuration),
                ]),
            noise: NoiseModel(whiteSigma: 3, correlatedSigma: 2, phi: 0.95),
            spikes: SpikeModel(count: 3, amplitude: 150))
    }
}
