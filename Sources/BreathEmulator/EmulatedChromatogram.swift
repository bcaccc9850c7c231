import BreathSignal
import BreathWire

/// The detector trace an emulated run streams: a synthetic breath chromatogram rendered by
/// the signal core's generator from a synthetic subject (not patient data).
enum EmulatedChromatogram {
    /// The detector values of one run, µV, `sampleCount` long.
    ///
    /// The subject's breath levels depend on the configuration's seed only, so repeated runs
    /// of one configuration sample the same synthetic person; the rendering noise differs per
    /// run. Breath compounds scale with the trapped volume (nominal 1 L); the on-board
    /// internal standard does not, as on the real device.
    static func detectorTrace(
        configuration: EmulatorConfiguration, method: RunMethod, runIndex: Int, trappedVolumeML: Double,
        sampleCount: Int
    ) -> [Float] {
        guard sampleCount > 0 else { return [] }
        let subject: BreathSample = switch configuration.subject {
        case .control: .typicalControl(seed: configuration.seed)
        case .caseLike: .caseLike(seed: configuration.seed)
        }
        let volumeFactor = trappedVolumeML / 1000
        let trapped = BreathSample(levels: subject.levels.map {
            CompoundLevel(compound: $0.compound, concentration: $0.concentration * volumeFactor, foldChange: $0.foldChange)
        })
        let period = Double(method.samplePeriodMicros) / 1e6
        let duration = Double(sampleCount) * period
        // Short methods (tests, demos) get a proportionally shorter dead time.
        let retention = RetentionModel.standard(
            deadTime: min(30, duration / 20), separationDuration: duration,
            drift: RetentionDrift(scale: 1 + configuration.retentionDrift))
        var instrument = InstrumentSettings.standard(samplePeriod: period, runDuration: duration)
        // The reference settings are for gain code 1 (x10); codes 0 and 2 are x1 and x100.
        let gain = [0.1, 1, 10][Int(min(method.detectorGain, 2))]
        instrument.detectorGain *= gain
        let rendered = trapped.recipe(
            retention: retention, instrument: instrument, seed: configuration.seed &+ 0x5EED &* UInt64(runIndex + 1)
        ).render()
        var trace = rendered.intensity.prefix(sampleCount).map { Float($0) }
        if trace.count < sampleCount {
            trace += [Float](repeating: trace.last ?? 0, count: sampleCount - trace.count)
        }
        return trace
    }
}
