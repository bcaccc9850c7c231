import Foundation
import BreathSignal

/// Turns identified peak areas into concentration features.
///
/// A compound's concentration in ppb is its area over the internal standard's, times the
/// standard's amount and the ratio of PID responses, divided by the breath volume relative to
/// the method's nominal volume (breath compounds scale with the trapped volume; the on-board
/// standard does not). Dividing by the standard cancels detector sensitivity drift.
///
/// The limit of detection is computed per run: the area of a peak `detectionSNR` noise σ tall
/// with the width peaks have at that retention time in this run (a straight line fitted through
/// the widths of the run's clear peaks). A target the peak detector did not report is
/// quantified by a targeted fit at its calibrated retention time (``TargetedArea``) and counts
/// as detected when that area reaches the LOD.
public struct FeatureExtractor: Sendable {
    public let method: ScreeningMethod

    public init(method: ScreeningMethod) {
        self.method = method
    }

    /// The method's features for one run, in the order of ``ScreeningMethod/featureTargets``.
    public func features(
        chromatogram: Chromatogram, analysis: AnalysisResult, calibration: RunCalibration, identification: Identification,
        breathVolumeML: Double
    ) -> [FeatureValue] {
        let peaks = analysis.peaks, noise = analysis.noise
        let targeted = TargetedArea(
            times: (chromatogram.startTime, chromatogram.samplePeriod), signal: chromatogram.intensity,
            baseline: analysis.baseline, tailingRatio: method.peakTailingRatio)
        let standard = peaks[calibration.internalStandardPeak]
        let widths = PeakWidthLine(peaks: peaks, fallback: standard)
        let neighbours = peaks.map { (time: $0.retentionTime, fwhm: $0.fwhm) }
        let volumeFactor = (breathVolumeML > 0 ? breathVolumeML : method.nominalBreathVolumeML) / method.nominalBreathVolumeML
        return method.featureTargets.map { target in
            let perArea = method.internalStandard.amountPPB / standard.area
                * method.internalStandard.pidResponse / target.pidResponse / volumeFactor
            let expectedTime = calibration.warp.inverse(calibration.ladder.retentionTime(forIndex: target.retentionIndex))
            // 1.064 · height · FWHM is the area of a Gaussian peak.
            let lodArea = method.detectionSNR * noise * 1.064 * widths.fwhm(at: expectedTime)
            let lod = max(lodArea * perArea, .leastNormalMagnitude)
            // A peak split from a neighbour by a drop line or a tangent keeps a share of the
            // neighbour or loses part of itself; the fit on both shapes divides them better.
            let found = identification.targetPeaks[target.name].flatMap {
                [.baseline, .deconvolved].contains(peaks[$0].integration) ? $0 : nil
            }
            let area = found.map { peaks[$0].area }
                ?? targeted.area(at: expectedTime, fwhm: widths.fwhm(at: expectedTime), neighbours: neighbours) ?? 0
            if area >= lodArea {
                return FeatureValue(
                    name: target.name, value: log(area * perArea), concentrationPPB: area * perArea, limitOfDetectionPPB: lod,
                    areaRatio: area / standard.area, limitOfDetectionAreaRatio: lodArea / standard.area,
                    isTargetedFit: found == nil)
            }
            return FeatureValue(
                name: target.name, value: log(lod / 2), concentrationPPB: nil, limitOfDetectionPPB: lod, areaRatio: nil,
                limitOfDetectionAreaRatio: lodArea / standard.area, isTargetedFit: found == nil)
        }
    }
}

/// FWHM as a straight line in retention time (GC peaks widen along a temperature ramp),
/// least squares through the run's clear peaks.
struct PeakWidthLine {
    let intercept: Double
    let slope: Double

    init(peaks: [DetectedPeak], fallback: DetectedPeak) {
        let clear = peaks.filter { $0.snr >= 20 && $0.fwhm > 0 }
        let meanTime = clear.reduce(0) { $0 + $1.retentionTime } / Double(max(clear.count, 1))
        let meanWidth = clear.reduce(0) { $0 + $1.fwhm } / Double(max(clear.count, 1))
        var covariance = 0.0, variance = 0.0
        for peak in clear {
            covariance += (peak.retentionTime - meanTime) * (peak.fwhm - meanWidth)
            variance += (peak.retentionTime - meanTime) * (peak.retentionTime - meanTime)
        }
        if clear.count >= 3, variance > 0 {
            slope = covariance / variance
            intercept = meanWidth - slope * meanTime
        } else {
            slope = 0
            intercept = fallback.fwhm
        }
    }

    /// Expected FWHM at `time`, never below a tenth of a second.
    func fwhm(at time: Double) -> Double { max(0.1, intercept + slope * time) }
}

extension RetentionWarp {
    /// The observed time whose reference time is `reference` (the warp is monotone increasing).
    func inverse(_ reference: Double) -> Double {
        var low = -1e6, high = 1e6
        for _ in 0..<80 {
            let middle = (low + high) / 2
            if self(middle) < reference { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
