import Foundation
import BreathSignal

/// The method's QC rules applied to one run. Each rule gives at most one finding; the run's
/// status is the worst finding's severity, PASS when there is none.
public struct QualityControl: Sendable {
    public let method: ScreeningMethod

    public init(method: ScreeningMethod) {
        self.method = method
    }

    /// Findings for a run. `calibration` is nil when the internal standard was not found (and
    /// `features` then empty). `previousRunAreas` are the feature areas over the internal
    /// standard's of the run before on the same device, when known.
    public func findings(
        chromatogram: Chromatogram, analysis: AnalysisResult, calibration: RunCalibration?,
        features: [FeatureValue], sample: BreathSampleReport, deviceFaults: [DeviceFaultReport],
        previousRunAreas: [String: Double]?
    ) -> [QCFinding] {
        let qc = method.qc
        var findings: [QCFinding] = []
        func check(_ value: Double, _ limits: QCLimits, low: QCCode, high: QCCode, _ what: String) {
            if let finding = Self.judge(value, limits, low: low, high: high, what: what) { findings.append(finding) }
        }
        check(sample.exhaledVolumeML, qc.breathVolumeML, low: .breathVolumeLow, high: .breathVolumeHigh, "breath volume (mL)")
        check(sample.endTidalCO2Percent, qc.endTidalCO2Percent, low: .co2Low, high: .co2High, "end-tidal CO2 (%)")
        check(sample.durationS, qc.breathDurationS, low: .durationShort, high: .durationLong, "breath sampling duration (s)")
        for fault in deviceFaults {
            findings.append(QCFinding(
                severity: fault.severity == .warning ? .warn : .fail, code: .deviceFault,
                detail: "device reported \(fault.severity.rawValue) \(fault.name) (0x\(String(fault.code, radix: 16)))"))
        }
        if let peak = chromatogram.intensity.max(), peak >= qc.saturationLevel {
            let count = chromatogram.intensity.lazy.filter { $0 >= qc.saturationLevel }.count
            findings.append(QCFinding(
                severity: .fail, code: .detectorSaturated,
                detail: "\(count) sample(s) at or above the saturation level \(qc.saturationLevel)"))
        }
        check(analysis.noise, qc.baselineNoise, low: .baselineNoise, high: .baselineNoise, "baseline noise")
        if analysis.repairedSamples > 0 {
            findings.append(QCFinding(
                severity: .warn, code: .repairedSamples,
                detail: "\(analysis.repairedSamples) non-finite sample(s) interpolated"))
        }
        guard let calibration else {
            findings.append(QCFinding(
                severity: .fail, code: .internalStandardMissing,
                detail: "no \(method.internalStandard.name) peak within \(method.retention.searchDriftPercent) % of its retention time"))
            return findings
        }
        let recovery = analysis.peaks[calibration.internalStandardPeak].area / method.internalStandard.expectedArea
        check(
            recovery, qc.internalStandardRecovery, low: .internalStandardRecoveryLow,
            high: .internalStandardRecoveryHigh, "internal-standard recovery")
        check(abs(calibration.driftPercent), qc.retentionDriftPercent, low: .retentionDrift, high: .retentionDrift, "retention drift (%)")
        if let previousRunAreas {
            check(
                carryoverShare(previous: previousRunAreas, features: features), qc.carryoverShare, low: .carryover,
                high: .carryover, "worst-case carryover share of a feature")
        }
        return findings
    }

    /// The run's status from its findings.
    public static func status(of findings: [QCFinding]) -> QCStatus {
        findings.map(\.severity).max() ?? .pass
    }

    /// The largest share of a feature's area in this run that the previous run's carryover
    /// could explain at the method's worst-case carryover fraction; a feature below the LOD
    /// now counts at its LOD (below it, carryover cannot make a detection).
    private func carryoverShare(previous: [String: Double], features: [FeatureValue]) -> Double {
        features.reduce(0) { worst, feature in
            guard let before = previous[feature.name], before > 0 else { return worst }
            let now = max(feature.areaRatio ?? 0, feature.limitOfDetectionAreaRatio)
            return max(worst, method.qc.carryoverFraction * before / now)
        }
    }

    static func judge(_ value: Double, _ limits: QCLimits, low: QCCode, high: QCCode, what: String) -> QCFinding? {
        let shown = value.formatted3
        if !value.isFinite { return QCFinding(severity: .fail, code: low, detail: "\(what) is not a number") }
        if let limit = limits.failBelow, value < limit {
            return QCFinding(severity: .fail, code: low, detail: "\(what) \(shown) below \(limit.formatted3)")
        }
        if let limit = limits.failAbove, value > limit {
            return QCFinding(severity: .fail, code: high, detail: "\(what) \(shown) above \(limit.formatted3)")
        }
        if let limit = limits.warnBelow, value < limit {
            return QCFinding(severity: .warn, code: low, detail: "\(what) \(shown) below \(limit.formatted3)")
        }
        if let limit = limits.warnAbove, value > limit {
            return QCFinding(severity: .warn, code: high, detail: "\(what) \(shown) above \(limit.formatted3)")
        }
        return nil
    }
}

extension Double {
    /// Three significant digits, for messages.
    var formatted3: String { String(format: "%.3g", self) }
}
