import BreathModeling
@testable import BreathScreening
import BreathSignal
import XCTest

final class MetricsTests: XCTestCase {
    func testAUC() {
        XCTAssertEqual(Metrics.auc(scores: [1, 2, 3, 4], labels: [false, false, true, true]).estimate, 1)
        XCTAssertEqual(Metrics.auc(scores: [1, 2, 3, 4], labels: [true, true, false, false]).estimate, 0)
        // Ties count one half: one of four pairs tied, one of the others ordered.
        XCTAssertEqual(Metrics.auc(scores: [1, 2, 2, 3], labels: [false, false, true, true]).estimate, 0.875)
        let wide = Metrics.auc(scores: [1, 3, 2, 4, 5, 0], labels: [false, false, true, true, true, false])
        XCTAssertLessThan(wide.lower, wide.estimate)
        XCTAssertGreaterThan(wide.upper, wide.estimate)
    }

    func testWilsonInterval() {
        let proportion = Proportion(successes: 8, total: 10)
        XCTAssertEqual(proportion.lower, 0.4902, accuracy: 1e-4)
        XCTAssertEqual(proportion.upper, 0.9433, accuracy: 1e-4)
        XCTAssertEqual(Proportion(successes: 0, total: 20).lower, 0)
    }

    func testPredictiveValuesAtScreeningPrevalence() {
        // The notes' arithmetic: 92 % sensitivity and specificity at 0.6 % prevalence, PPV ≈ 6 %.
        let values = Metrics.predictiveValues(sensitivity: 0.92, specificity: 0.92, prevalence: 0.006)
        XCTAssertEqual(values.ppv, 0.0648, accuracy: 0.001)
        XCTAssertEqual(values.npv, 0.9995, accuracy: 0.0001)
    }

    func testCalibrationOfKnownRisks() {
        var random = SeededGenerator(seed: 3)
        let risks = (0..<20000).map { _ in Logistic.sigmoid(2 * random.nextStandardNormal()) }
        let truth = risks.map { random.nextUniform() < $0 }
        let calibrated = Metrics.calibration(risks: risks, labels: truth)
        XCTAssertEqual(calibrated.slope, 1, accuracy: 0.1)
        XCTAssertEqual(calibrated.intercept, 0, accuracy: 0.1)
        // Overconfident risks (logits doubled) show a slope near one half.
        let overconfident = Metrics.calibration(risks: risks.map { Logistic.sigmoid(2 * Logistic.logit($0)) }, labels: truth)
        XCTAssertEqual(overconfident.slope, 0.5, accuracy: 0.05)
        XCTAssertEqual(Metrics.brier(risks: [1, 0], labels: [true, false]), 0)
    }

    func testFoldsKeepSubjectsTogetherAndCaseMixEven() {
        let runs = (0..<200).map { index in
            MeasuredRun(
                runID: "R\(index)", subjectID: "S\(index % 150)", isCase: (index % 150) < 60,
                measurement: RunMeasurement(status: .pass, findings: [], calibration: nil, identification: nil, features: [], normalisedAreas: [:]),
                oracleScore: nil)
        }
        let folds = FoldAssignment(runs: runs, folds: 5, seed: 4)
        var foldOfSubject: [String: Int] = [:]
        for run in runs {
            if let earlier = foldOfSubject[run.subjectID] { XCTAssertEqual(earlier, folds.fold(of: run)) }
            foldOfSubject[run.subjectID] = folds.fold(of: run)
        }
        for fold in 0..<5 {
            let subjects = foldOfSubject.filter { $0.value == fold }.map(\.key)
            XCTAssertEqual(subjects.count, 30)
            XCTAssertEqual(subjects.filter { Int($0.dropFirst())! < 60 }.count, 12, "stratified: 60 cases over 5 folds")
        }
    }

    func testLogisticFitRecoversCoefficients() {
        var random = SeededGenerator(seed: 5)
        let x = (0..<5000).map { _ in [random.nextStandardNormal(), random.nextStandardNormal()] }
        let labels = x.map { random.nextUniform() < Logistic.sigmoid(-0.5 + 1.5 * $0[0] - 0.8 * $0[1]) }
        let fit = LogisticFit(x: x, labels: labels, lambda: 0)
        XCTAssertEqual(fit.intercept, -0.5, accuracy: 0.12)
        XCTAssertEqual(fit.coefficients[0], 1.5, accuracy: 0.15)
        XCTAssertEqual(fit.coefficients[1], -0.8, accuracy: 0.12)
    }
}
