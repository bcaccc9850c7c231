import BreathSignal
import Foundation
import Testing

@Suite struct BreathSampleTests {
    let retention = RetentionModel.standard()

    @Test func compoundTableFollowsTheReference() {
        let table = BreathCompound.all
        #expect(table.count == 40)
        #expect(Set(table.map(\.name)).count == table.count)
        #expect(BreathCompound.named("methanol")?.pidResponse == 0)
        #expect(BreathCompound.named("acetonitrile")?.pidResponse == 0)
        #expect(BreathCompound.named("ethanol")?.pidResponse == 0.2)
        #expect(BreathCompound.named("pentanal")?.retentionIndex == 697.5)
        #expect(BreathCompound.named("isoprene")?.typicalLevel == 106)
        #expect(BreathCompound.named("isoprene")?.geometricSD == 1.65)
        let smoking = Set(table.filter(\.isSmokingMarker).map(\.name))
        #expect(smoking == ["acetonitrile", "benzene", "2,5-dimethylfuran"])
        #expect(table.allSatisfy { (1.5...2.5).contains($0.geometricSD) })
        let markers = table.filter(\.isCaseMarker)
        #expect((5...10).contains(markers.count))
        #expect(markers.allSatisfy { $0.direction == .higher || $0.direction == .lower })
        // The internal standard must not be a breath compound.
        #expect(BreathCompound.named(InstrumentCompound.internalStandard.name) == nil)
    }

    @Test func controlIsDeterministicPerSeed() {
        #expect(BreathSample.typicalControl(seed: 5) == BreathSample.typicalControl(seed: 5))
        #expect(BreathSample.typicalControl(seed: 5) != BreathSample.typicalControl(seed: 6))
        #expect(BreathSample.caseLike(seed: 5) == BreathSample.caseLike(seed: 5))
    }

    @Test func caseIsItsControlTimesFoldsOnMarkersOnly() {
        for seed in UInt64(0)..<50 {
            let control = BreathSample.typicalControl(seed: seed)
            let cancer = BreathSample.caseLike(seed: seed)
            for (healthy, sick) in zip(control.levels, cancer.levels) {
                #expect(healthy.compound == sick.compound)
                if sick.compound.isCaseMarker {
                    #expect(abs(sick.concentration - healthy.concentration * sick.foldChange) < 1e-12 * sick.concentration)
                    let magnitude = max(sick.foldChange, 1 / sick.foldChange)
                    #expect(magnitude == 1 || (1.2 - 1e-12...2 + 1e-12).contains(magnitude))
                    if sick.compound.direction == .lower { #expect(sick.foldChange <= 1) }
                    if sick.compound.direction == .higher { #expect(sick.foldChange >= 1) }
                } else {
                    #expect(sick == healthy)
                }
            }
        }
    }

    @Test func casesDifferFromControlsOnlyOnMarkerDistributions() {
        // Unpaired groups with disjoint fixed seeds, compared compound by compound on the mean
        // log level. Expected marker shift: 0.6 × mean ln(fold) ≈ 0.26, i.e. > 5 standard errors.
        let groupSize = 600
        let controls = (0..<groupSize).map { BreathSample.typicalControl(seed: UInt64($0)) }
        let cases = (0..<groupSize).map { BreathSample.caseLike(seed: UInt64(100_000 + $0)) }
        for (index, compound) in BreathCompound.all.enumerated() {
            let controlLogs = controls.map { log($0.levels[index].concentration) }
            let caseLogs = cases.map { log($0.levels[index].concentration) }
            let difference = mean(caseLogs) - mean(controlLogs)
            let standardError = (variance(controlLogs) / Double(groupSize) + variance(caseLogs) / Double(groupSize)).squareRoot()
            let z = difference / standardError
            if compound.isCaseMarker {
                #expect(compound.direction == .higher ? z > 4 : z < -4, "\(compound.name): z = \(z)")
            } else {
                #expect(abs(z) < 4, "\(compound.name): z = \(z)")
            }
        }
    }

    @Test func controlLevelsFollowTheTable() {
        let samples = (0..<400).map { BreathSample.typicalControl(seed: UInt64($0)) }
        for (index, compound) in BreathCompound.all.enumerated() {
            let logs = samples.map { log($0.levels[index].concentration) }
            let spread = log(compound.geometricSD)
            // Mean log within 5 standard errors of ln(typical level); log SD within 15 %.
            #expect(abs(mean(logs) - log(compound.typicalLevel)) < 5 * spread / 20, "\(compound.name)")
            #expect(abs(variance(logs).squareRoot() / spread - 1) < 0.15, "\(compound.name)")
        }
    }

    @Test func breathRunRendersPeaksInRetentionIndexOrder() {
        let sample = BreathSample.typicalControl(seed: 21)
        let chromatogram = sample.recipe(retention: retention, instrument: .standard(), seed: 3).render()
        #expect(chromatogram.count == 12_000)
        let indexed = chromatogram.peaks.compactMap(\.retentionIndex)
        #expect(indexed == indexed.sorted())
        #expect(chromatogram.peaks.first?.kind == .unretained)
        #expect(abs(chromatogram.peaks.first!.apexTime - retention.unretainedTime) < 1e-9)
        for peak in chromatogram.peaks {
            if let index = peak.retentionIndex {
                #expect(abs(peak.apexTime - retention.retentionTime(forIndex: index)) < 1e-6)
            }
        }
    }

    @Test func peaksCarryConcentrationTimesResponse() {
        let sample = BreathSample.typicalControl(seed: 8)
        let settings = InstrumentSettings.standard()
        let peaks = sample.recipe(retention: retention, instrument: settings, seed: 1).render().peaks
        let names = peaks.compactMap(\.name)
        #expect(!names.contains("methanol") && !names.contains("acetonitrile"))
        for level in sample.levels where level.compound.pidResponse > 0 {
            let peak = peaks.first { $0.name == level.compound.name }
            let expected = settings.detectorGain * level.concentration * level.compound.pidResponse
            #expect(peak?.kind == .compound)
            #expect(peak.map { abs($0.area - expected) < 1e-9 * expected } == true, "\(level.compound.name)")
        }
        let standard = peaks.first { $0.kind == .internalStandard }
        #expect(standard?.area == settings.detectorGain * InstrumentCompound.internalStandard.amount)
        #expect(peaks.filter { $0.kind == .siloxane }.count == 3)
    }

    @Test func peakWidthsGrowFromOneToFourSeconds() {
        let peaks = BreathSample.typicalControl(seed: 2)
            .recipe(retention: retention, instrument: .standard(), seed: 1).render().peaks
        let widths = peaks.map(\.shape.fwhm)
        #expect(abs(widths.first! - 1) < 1e-6)
        #expect(widths == widths.sorted())
        #expect(widths.last! < 4)
    }

    @Test func breathTraceLooksLikeAPIDChromatogram() {
        let settings = InstrumentSettings.standard()
        let recipe = BreathSample.typicalControl(seed: 30).recipe(retention: retention, instrument: settings, seed: 30)
        let chromatogram = recipe.render()
        let heights = chromatogram.peaks.filter { $0.kind == .compound }.map(\.height)
        // Largest peaks three orders of magnitude above the noise, smallest near or under it.
        #expect(heights.max()! > 1000 * chromatogram.noiseSigma)
        #expect(heights.min()! < chromatogram.noiseSigma)
        // Water quench near the start, bleed rise at the end.
        let dip = recipe.waterDip!
        #expect(dip.time > retention.unretainedTime && dip.time < 60)
        let start = chromatogram.trueBaseline[0]
        let end = chromatogram.trueBaseline[chromatogram.count - 1]
        #expect(end - start > 0.8 * settings.baseline.bleed!.amplitude)
        #expect(chromatogram.spikeIndices.count == settings.spikes.count)
    }

    @Test func retentionDriftMovesTheWholeRun() {
        let sample = BreathSample.typicalControl(seed: 4)
        var drifted = retention
        drifted.drift = RetentionDrift(scale: 1.02)
        let nominal = sample.recipe(retention: retention, instrument: .standard(), seed: 1).render().peaks
        let shifted = sample.recipe(retention: drifted, instrument: .standard(), seed: 1).render().peaks
        #expect(nominal.count == shifted.count)
        for (before, after) in zip(nominal, shifted) {
            #expect(abs(after.apexTime - 1.02 * before.apexTime) < 1e-6)
        }
    }
}

private func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
}

private func variance(_ values: [Double]) -> Double {
    let average = mean(values)
    return values.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(values.count - 1)
}
