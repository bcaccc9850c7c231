import BreathDevice
import BreathSignal

extension Chromatogram {
    /// A run's detector trace as a chromatogram: time zero is the first sample (injection onto
    /// the column); samples that never arrived are NaN, which the analyzer repairs.
    public init(detector: [Float], samplePeriodMicros: Int) throws(ChromatogramError) {
        try self.init(samplePeriod: Double(samplePeriodMicros) * 1e-6, intensity: detector.map(Double.init), unit: "detector")
    }
}

extension RunAcquisition {
    /// The received detector trace as a chromatogram.
    public func chromatogram() throws(ChromatogramError) -> Chromatogram {
        try Chromatogram(detector: detector, samplePeriodMicros: Int(samplePeriodMicros ?? 0))
    }
}
