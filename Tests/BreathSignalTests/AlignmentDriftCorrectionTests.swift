import Foundation
import Testing

@testable import BreathSignal

/// End to end: a run whose carrier flow drifted (+2 % on every time) is analysed, shifted by
/// cross-correlation and warped through its alkane and internal-standard anchors back onto
/// the reference run's time axis.
@Suite struct AlignmentDriftCorrectionTests {
    static let alkanes = (6...11).map { 100.0 * Double($0) }  // C6–C11: visible on the PID here
    static let internalStandard = InstrumentCompound.internalStandard.retentionIndex  // 680
    /// Analytes between and beyond the anchors, ≥ 10 s from each of them.
    static let analytes = [520.0, 640, 740, 850, 950, 1050, 1150]

    /// A breath-like run on the standard instrument's baseline and noise, peaks placed by RI.
    static func run(drift: RetentionDrift, seed: UInt64) -> (truth: SyntheticChromatogram, times: [Double: Double]) {
        let retention = RetentionModel.standard(drift: drift)
        let instrument = InstrumentSettings.standard()
        var times: [Double: Double] = [:]
        let indices = alkanes + [internalStandard] + analytes
        let peaks = indices.enumerated().map { offset, index -> TruthPeak in
            let apex = retention.retentionTime(forIndex: index)
            times[index] = apex
            // FWHM growing from ≈ 1 s to ≈ 4 s over the run as on the instrument; heights
            // 40–90 noise σ.
            let fwhm = 1 + 3 * (apex - 30) / 570
            return AnalysisFixtures.peak(apex: apex, height: 150 + 25 * Double(offset % 7), sigma: fwhm / 2.6)
        }
        let recipe = ChromatogramRecipe(
            duration: instrument.runDuration, samplePeriod: instrument.samplePeriod, peaks: peaks,
            baseline: instrument.baseline, noise: instrument.noise, seed: seed)
        return (recipe.render(), times)
    }

    @Test func aDriftedRunIsWarpedOntoTheReferenceTimes() throws {
        let (referenceRun, referenceTimes) = Self.run(drift: .none, seed: 31)
        let (driftedRun, driftedTimes) = Self.run(drift: RetentionDrift(scale: 1.02), seed: 32)
        let reference = AnalysisFixtures.analyze(referenceRun)
        let drifted = AnalysisFixtures.analyze(driftedRun)
        // Known: one extra peak is reported in a crowded region of these runs; the warp below
        // only uses matched anchors, so it does not depend on the counts.
        withKnownIssue("One extra peak in a crowded region of the breath-like run (open issue)", isIntermittent: true) {
            #expect(reference.peaks.count == referenceRun.peaks.count)
            #expect(drifted.peaks.count == driftedRun.peaks.count)
        }

        // Anchor times as the reference run measured them.
        let anchorIndices = Self.alkanes + [Self.internalStandard]
        let anchorTimes = try anchorIndices.map { index in
            try #require(AnalysisFixtures.detected(near: referenceTimes[index]!, in: reference.peaks, tolerance: 0.2)).retentionTime
        }.sorted()

        let shift = Alignment.globalShift(
            of: AnalysisFixtures.chromatogram(driftedRun), to: AnalysisFixtures.chromatogram(referenceRun), maximumShift: 20)
        // +2 % is 2.5 s at C6 and 9.5 s at C11: no single shift fits, the best one lies between.
        #expect(shift < -2 && shift > -10, "shift \(shift)")
        // After the shift, anchors are within ≈ 4 s of their reference; neighbours are ≥ 10 s away.
        let warp = RetentionWarp.matching(
            referenceTimes: anchorTimes, detectedTimes: drifted.peaks.map(\.retentionTime), shift: shift, tolerance: 6)
        #expect(warp.anchors.count == anchorIndices.count)

        var worstShifted = 0.0
        for index in Self.analytes {
            let observed = try #require(AnalysisFixtures.detected(near: driftedTimes[index]!, in: drifted.peaks, tolerance: 0.2))
            let target = referenceTimes[index]!
            // The drift is linear, so is the warp between and beyond anchors; what is left is the
            // apex error of three peaks (≈ 0.02–0.05 s each at SNR ≥ 40). 0.3 s as specified.
            #expect(abs(warp(observed.retentionTime) - target) < 0.3, "RI \(index): warped to \(warp(observed.retentionTime)), reference \(target)")
            worstShifted = max(worstShifted, abs(observed.retentionTime + shift - target))
        }
        // The shift alone leaves seconds of error: the warp is what does the work.
        #expect(worstShifted > 1)
    }
}
