import BreathSignal

/// One run's retention calibration: its drift against the method's alkane-ladder calibration,
/// found through the internal standard and the other reference peaks.
public struct RunCalibration: Sendable, Hashable {
    /// Maps observed times to the calibration run's times: time zero (the start of desorption)
    /// and every reference peak found are its anchors, so a flow change (a scale) is removed
    /// exactly and anything else piecewise-linearly.
    public let warp: RetentionWarp
    /// The calibration run's index ↔ time relation.
    public let ladder: RetentionModel
    /// Index in the peak table of the internal standard.
    public let internalStandardPeak: Int
    /// Indices in the peak table of the reference peaks found, by name (internal standard included).
    public let referencePeaks: [String: Int]
    /// Observed over expected retention time of the internal standard, minus one, in percent.
    public let driftPercent: Double

    /// Calibrates a run from its peak table, or returns nil when the internal standard is not
    /// within the method's search window (above the detection SNR).
    public init?(peaks: [DetectedPeak], method: ScreeningMethod) {
        let spec = method.retention
        let ladder = RetentionModel(
            deadTime: spec.deadTimeS,
            ladder: spec.ladder.map { AlkaneMarker(carbonNumber: $0.carbon, time: $0.timeS) })
        let standard = method.internalStandard
        let expected = ladder.retentionTime(forIndex: standard.retentionIndex)
        let reach = expected * spec.searchDriftPercent / 100 + spec.referenceToleranceS
        // The internal standard is the largest peak near its expected time: a fixed, ample amount.
        guard let found = peaks.indices
            .filter({ abs(peaks[$0].retentionTime - expected) <= reach && peaks[$0].snr >= method.detectionSNR })
            .max(by: { peaks[$0].area < peaks[$1].area })
        else { return nil }
        let scale = peaks[found].retentionTime / expected
        var references = [standard.name: found]
        var anchors = [
            RetentionWarp.Anchor(observed: 0, reference: 0),
            RetentionWarp.Anchor(observed: peaks[found].retentionTime, reference: expected),
        ]
        for reference in spec.referencePeaks.dropFirst() {
            let nominal = ladder.retentionTime(forIndex: reference.retentionIndex)
            let predicted = nominal * scale
            guard let nearest = peaks.indices
                .filter({ abs(peaks[$0].retentionTime - predicted) <= spec.referenceToleranceS && peaks[$0].snr >= method.detectionSNR })
                .min(by: { abs(peaks[$0].retentionTime - predicted) < abs(peaks[$1].retentionTime - predicted) })
            else { continue }
            references[reference.name] = nearest
            anchors.append(RetentionWarp.Anchor(observed: peaks[nearest].retentionTime, reference: nominal))
        }
        warp = RetentionWarp(anchors: anchors)
        self.ladder = ladder
        internalStandardPeak = found
        referencePeaks = references
        driftPercent = (scale - 1) * 100
    }

    /// Retention index of a peak observed at `time`, or nil at or before the dead time.
    public func retentionIndex(at time: Double) -> Double? {
        ladder.retentionIndex(at: warp(time))
    }
}
