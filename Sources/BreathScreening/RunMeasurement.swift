import BreathSignal

/// Everything screening measures in one run before any model is applied: retention
/// calibration, identification, features and QC. Model training and the screener share it.
public struct RunMeasurement: Sendable, Hashable {
    public var status: QCStatus
    public var findings: [QCFinding]
    /// Nil when the internal standard was not found (the run then fails QC).
    public var calibration: RunCalibration?
    /// One identity per detected peak; nil without a calibration.
    public var identification: Identification?
    /// The method's features in order; empty without a calibration.
    public var features: [FeatureValue]
    /// Feature areas over the internal standard's, to pass to the next run's carryover check.
    public var normalisedAreas: [String: Double]
}

/// Measures runs with one method.
public struct RunMeasurer: Sendable {
    public let method: ScreeningMethod

    public init(method: ScreeningMethod) {
        self.method = method
    }

    /// Measures one analysed run.
    public func measure(
        chromatogram: Chromatogram, analysis: AnalysisResult, sample: BreathSampleReport,
        deviceFaults: [DeviceFaultReport] = [], previousRunAreas: [String: Double]? = nil
    ) -> RunMeasurement {
        let calibration = RunCalibration(peaks: analysis.peaks, method: method)
        let identification = calibration.map { Identification(peaks: analysis.peaks, calibration: $0, method: method) }
        var features: [FeatureValue] = []
        if let calibration, let identification {
            features = FeatureExtractor(method: method).features(
                chromatogram: chromatogram, analysis: analysis, calibration: calibration, identification: identification,
                breathVolumeML: sample.exhaledVolumeML)
        }
        var areas: [String: Double] = [:]
        for feature in features { areas[feature.name] = feature.areaRatio }
        let findings = QualityControl(method: method).findings(
            chromatogram: chromatogram, analysis: analysis, calibration: calibration, features: features,
            sample: sample, deviceFaults: deviceFaults, previousRunAreas: previousRunAreas)
        return RunMeasurement(
            status: QualityControl.status(of: findings), findings: findings, calibration: calibration,
            identification: identification, features: features, normalisedAreas: areas)
    }
}
