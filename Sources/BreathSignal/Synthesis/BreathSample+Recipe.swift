extension BreathSample {
    /// Builds the recipe for one synthetic run of this sample.
    ///
    /// Peaks: every compound the PID sees (area = gain × ppb × response), the internal
    /// standard, the siloxane bleed peaks and the unretained air disturbance at the dead time.
    /// Each peak's apex sits exactly at the retention time of its RI, and its FWHM (tail
    /// included) grows linearly with retention time. Also a water dip, the baseline, noise
    /// and spikes from `instrument`. `seed` drives the random parts of the rendering only;
    /// the sample's levels are already fixed.
    public func recipe(
        retention: RetentionModel, instrument: InstrumentSettings, seed: UInt64
    ) -> ChromatogramRecipe {
        let shaper = PeakShaper(retention: retention, instrument: instrument)
        var peaks = levels.compactMap { level -> TruthPeak? in
            let compound = level.compound
            guard compound.pidResponse > 0 else { return nil }
            let area = instrument.detectorGain * level.concentration * compound.pidResponse
            return shaper.peak(
                name: compound.name, kind: .compound, retentionIndex: compound.retentionIndex,
                area: area)
        }
        for extra in InstrumentCompound.siloxanes + [InstrumentCompound.internalStandard] {
            peaks.append(
                shaper.peak(
                    name: extra.name, kind: extra.kind, retentionIndex: extra.retentionIndex,
                    area: instrument.detectorGain * extra.amount * extra.pidResponse))
        }
        peaks.append(
            TruthPeak(
                name: "air", kind: .unretained,
                shape: shaper.shape(apexTime: retention.unretainedTime, area: instrument.unretainedArea)))

        let waterDip = instrument.waterDipDepth > 0
            ? WaterDip(
                time: retention.retentionTime(forIndex: instrument.waterRetentionIndex),
                depth: instrument.waterDipDepth, width: instrument.waterDipWidth)
            : nil
        return ChromatogramRecipe(
            duration: instrument.runDuration, samplePeriod: instrument.samplePeriod, peaks: peaks,
            baseline: instrument.baseline, waterDip: waterDip, noise: instrument.noise,
            spikes: instrument.spikes, seed: seed)
    }
}

/// Places peaks of the instrument's width and tailing at retention times.
private struct PeakShaper {
    let retention: RetentionModel
    let instrument: InstrumentSettings
    /// FWHM and apex offset of an EMG with sigma 1 and the instrument's tailing; both scale
    /// with sigma, so one evaluation serves every peak.
    let unitFWHM: Double
    let unitApexOffset: Double

    init(retention: RetentionModel, instrument: InstrumentSettings) {
        self.retention = retention
        self.instrument = instrument
        let unit = EMGPeak(center: 0, sigma: 1, tau: instrument.tailingRatio, area: 1)
        unitFWHM = unit.fwhm
        unitApexOffset = unit.apexTime
    }

    func peak(name: String, kind: PeakKind, retentionIndex: Double, area: Double) -> TruthPeak {
        TruthPeak(
            name: name, kind: kind,
            shape: shape(apexTime: retention.retentionTime(forIndex: retentionIndex), area: area),
            retentionIndex: retentionIndex)
    }

    func shape(apexTime: Double, area: Double) -> EMGPeak {
        let start = retention.unretainedTime
        let progress = (apexTime - start) / (instrument.runDuration - start)
        let fwhm = instrument.fwhmAtDeadTime + (instrument.fwhmAtRunEnd - instrument.fwhmAtDeadTime) * progress
        let sigma = fwhm / unitFWHM
        return EMGPeak(
            center: apexTime - sigma * unitApexOffset, sigma: sigma,
            tau: instrument.tailingRatio * sigma, area: area)
    }
}
