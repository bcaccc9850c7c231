import BreathCohort
import BreathScreening
import BreathSignal
import XCTest

/// Every QC rule, each on a run that breaks only that rule.
final class QualityControlTests: XCTestCase {
    private var method: ScreeningMethod!

    override func setUpWithError() throws {
        method = try Fixtures.method()
    }

    private func measure(
        seed: UInt64 = 11, driftPercent: Double = 0, sample: BreathSampleReport = Fixtures.goodSample,
        faults: [DeviceFaultReport] = [], previous: [String: Double]? = nil,
        recipe mutate: (inout ChromatogramRecipe) -> Void = { _ in }, trace: (inout [Double]) -> Void = { _ in }
    ) -> RunMeasurement {
        let run = Fixtures.analysedRun(seed: seed, driftPercent: driftPercent, mutate: mutate)
        var intensity = run.chromatogram.intensity
        trace(&intensity)
        let chromatogram = try! Chromatogram(samplePeriod: run.chromatogram.samplePeriod, intensity: intensity)
        let analysis = ChromatogramAnalyzer().analyze(chromatogram)
        return RunMeasurer(method: method).measure(
            chromatogram: chromatogram, analysis: analysis, sample: sample, deviceFaults: faults, previousRunAreas: previous)
    }

    private func assertFinding(
        _ measurement: RunMeasurement, _ code: QCCode, _ severity: QCStatus, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertTrue(
            measurement.findings.contains { $0.code == code.rawValue && $0.severity == severity },
            "expected \(severity) \(code.rawValue), got \(measurement.findings)", file: file, line: line)
        XCTAssertEqual(measurement.status, severity, file: file, line: line)
    }

    private func scaleInternalStandard(by factor: Double) -> (inout ChromatogramRecipe) -> Void {
        { $0.scaleInternalStandard(by: factor) }
    }

    func testCleanRunPasses() {
        let measurement = measure()
        XCTAssertEqual(measurement.status, .pass, "\(measurement.findings)")
        XCTAssertEqual(measurement.features.count, method.featureTargets.count)
    }

    func testBreathVolume() {
        assertFinding(measure(sample: .init(exhaledVolumeML: 700, endTidalCO2Percent: 4.8, durationS: 180)), .breathVolumeLow, .warn)
        assertFinding(measure(sample: .init(exhaledVolumeML: 400, endTidalCO2Percent: 4.8, durationS: 180)), .breathVolumeLow, .fail)
    }

    func testEndTidalCO2() {
        assertFinding(measure(sample: .init(exhaledVolumeML: 1000, endTidalCO2Percent: 3.2, durationS: 180)), .co2Low, .warn)
        assertFinding(measure(sample: .init(exhaledVolumeML: 1000, endTidalCO2Percent: 2.0, durationS: 180)), .co2Low, .fail)
        assertFinding(measure(sample: .init(exhaledVolumeML: 1000, endTidalCO2Percent: 9.5, durationS: 180)), .co2High, .fail)
    }

    func testBreathDuration() {
        assertFinding(measure(sample: .init(exhaledVolumeML: 1000, endTidalCO2Percent: 4.8, durationS: 45)), .durationShort, .fail)
        assertFinding(measure(sample: .init(exhaledVolumeML: 1000, endTidalCO2Percent: 4.8, durationS: 330)), .durationLong, .warn)
        assertFinding(measure(sample: .init(exhaledVolumeML: .nan, endTidalCO2Percent: 4.8, durationS: 180)), .breathVolumeLow, .fail)
    }

    func testMissingInternalStandardFails() {
        let measurement = measure(recipe: { $0.peaks.removeAll { $0.kind == .internalStandard } })
        assertFinding(measurement, .internalStandardMissing, .fail)
        XCTAssertNil(measurement.calibration)
        XCTAssertTrue(measurement.features.isEmpty, "no features without the standard to normalise them")
    }

    func testInternalStandardRecovery() {
        assertFinding(measure(recipe: scaleInternalStandard(by: 0.6)), .internalStandardRecoveryLow, .warn)
        assertFinding(measure(recipe: scaleInternalStandard(by: 0.4)), .internalStandardRecoveryLow, .fail)
        assertFinding(measure(recipe: scaleInternalStandard(by: 1.4)), .internalStandardRecoveryHigh, .warn)
        assertFinding(measure(recipe: scaleInternalStandard(by: 2.0)), .internalStandardRecoveryHigh, .fail)
    }

    func testRetentionDrift() {
        assertFinding(measure(driftPercent: 3), .retentionDrift, .warn)
        assertFinding(measure(driftPercent: -4.5), .retentionDrift, .fail)
    }

    func testBaselineNoise() {
        assertFinding(measure(recipe: { $0.noise = NoiseModel(whiteSigma: 15, correlatedSigma: 0, phi: 0) }), .baselineNoise, .warn)
        assertFinding(measure(recipe: { $0.noise = NoiseModel(whiteSigma: 45, correlatedSigma: 0, phi: 0) }), .baselineNoise, .fail)
    }

    func testDetectorSaturation() {
        let saturation = method.qc.saturationLevel
        let measurement = measure(trace: { trace in
            for index in 700..<712 { trace[index] = saturation }
        })
        assertFinding(measurement, .detectorSaturated, .fail)
    }

    func testCarryover() {
        let clean = measure()
        let name = "acetoin"
        let now = clean.features.first { $0.name == name }!
        let floor = max(now.areaRatio ?? 0, now.limitOfDetectionAreaRatio)
        // The previous run had so much acetoin that 2 % of it is half of, then twice, this run's.
        assertFinding(measure(previous: [name: 0.5 * floor / method.qc.carryoverFraction]), .carryover, .warn)
        assertFinding(measure(previous: [name: 2 * floor / method.qc.carryoverFraction]), .carryover, .fail)
        XCTAssertEqual(measure(previous: [name: 0.1 * floor / method.qc.carryoverFraction]).status, .pass)
    }

    func testDeviceFaults() {
        assertFinding(measure(faults: [.init(code: 0x0008, name: "HIGH_HUMIDITY", severity: .warning)]), .deviceFault, .warn)
        assertFinding(measure(faults: [.init(code: 0x0003, name: "DETECTOR_LAMP_FAILURE", severity: .error)]), .deviceFault, .fail)
    }

    func testRepairedSamplesWarn() {
        assertFinding(measure(trace: { $0[100] = .nan }), .repairedSamples, .warn)
    }

    func testWorstFindingDecides() {
        let findings = [
            QCFinding(severity: .warn, code: .co2Low, detail: ""), QCFinding(severity: .fail, code: .deviceFault, detail: ""),
        ]
        XCTAssertEqual(QualityControl.status(of: findings), .fail)
        XCTAssertEqual(QualityControl.status(of: []), .pass)
    }
}
