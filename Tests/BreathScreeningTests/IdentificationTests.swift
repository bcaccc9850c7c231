import BreathScreening
import BreathSignal
import XCTest

/// Identification against the generator's ground truth, including ±2 % retention drift.
final class IdentificationTests: XCTestCase {
    /// Every feature target the analyser resolves (a peak within 0.3 s of the truth apex, SNR
    /// above the method's) must be identified as that peak, at drift −2 %, 0 and +2 %.
    func testIdentifiesTargetsUnderTwoPercentDrift() throws {
        let method = try Fixtures.method()
        for drift in [-2.0, 0, 2.0] {
            var checked = 0
            for seed in UInt64(1)...4 {
                let run = Fixtures.analysedRun(seed: seed, driftPercent: drift)
                let peaks = run.analysis.peaks
                let calibration = try XCTUnwrap(RunCalibration(peaks: peaks, method: method), "drift \(drift) %")
                XCTAssertEqual(calibration.driftPercent, drift, accuracy: 0.1)
                let identification = Identification(peaks: peaks, calibration: calibration, method: method)
                XCTAssertEqual(identification.peaks.count, peaks.count, "every peak is kept, identified or not")
                let truth = run.recipe.render().peaks
                for target in method.targets where !target.name.contains("+") {
                    guard let apex = truth.first(where: { $0.name == target.name })?.apexTime,
                          let resolved = peaks.firstIndex(where: { abs($0.retentionTime - apex) < 0.3 && $0.snr >= method.detectionSNR })
                    else { continue }
                    // Only peaks that are this compound's alone: no other truth peak within 1.5 s.
                    guard !truth.contains(where: { $0.name != target.name && abs($0.apexTime - apex) < 1.5 }) else { continue }
                    XCTAssertEqual(identification.targetPeaks[target.name], resolved, "\(target.name) at drift \(drift) %, seed \(seed)")
                    checked += 1
                }
            }
            XCTAssertGreaterThan(checked, 20, "enough resolved targets to test at drift \(drift) %")
        }
    }

    func testUnidentifiedPeaksAreKeptWithTheirRetentionIndex() throws {
        let method = try Fixtures.method()
        let run = Fixtures.analysedRun(seed: 3)
        let calibration = try XCTUnwrap(RunCalibration(peaks: run.analysis.peaks, method: method))
        let identification = Identification(peaks: run.analysis.peaks, calibration: calibration, method: method)
        let unidentified = identification.peaks.filter { $0.role == .unidentified }
        XCTAssertFalse(unidentified.isEmpty)
        XCTAssertTrue(unidentified.filter { run.analysis.peaks[$0.peakIndex].retentionTime > 40 }.allSatisfy { $0.retentionIndex != nil })
        XCTAssertEqual(identification.peaks.filter { $0.role == .internalStandard }.count, 1)
    }

    func testDriftBeyondTheSearchWindowLosesTheInternalStandard() throws {
        let method = try Fixtures.method()
        let run = Fixtures.analysedRun(seed: 2, driftPercent: 8)
        // At +8 % fluorobenzene is 14 s late; whatever is found near its expected time is not it.
        if let calibration = RunCalibration(peaks: run.analysis.peaks, method: method) {
            XCTAssertLessThan(abs(calibration.driftPercent), method.retention.searchDriftPercent + 1)
            XCTAssertNotEqual(calibration.driftPercent, 8, accuracy: 0.5)
        }
    }
}
