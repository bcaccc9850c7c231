import BreathCohort
import BreathModeling
import BreathScreening
import BreathSignal
import XCTest

/// The synthetic cohort generator: deterministic per seed, labelled, and drawing from the
/// same likelihood its oracle uses.
final class CohortTests: XCTestCase {
    func testDeterministicPerSeed() {
        let design = CohortDesign(subjects: 40)
        let first = SyntheticCohort(design: design, seed: 12), again = SyntheticCohort(design: design, seed: 12)
        XCTAssertEqual(first.subjects, again.subjects)
        XCTAssertEqual(first.runs, again.runs)
        XCTAssertEqual(first.runs[3].trace(), again.runs[3].trace())
        XCTAssertNotEqual(SyntheticCohort(design: design, seed: 13).subjects.map(\.oracleScore), first.subjects.map(\.oracleScore))
    }

    func testDesignIsHonoured() {
        let cohort = SyntheticCohort(design: CohortDesign(subjects: 200, caseFraction: 0.3, repeatFraction: 0.1), seed: 3)
        XCTAssertEqual(cohort.subjects.filter(\.isCase).count, 60)
        XCTAssertEqual(cohort.runs.count, 220)
        XCTAssertEqual(Set(cohort.runs.map(\.subjectID)).count, 200)
        XCTAssertTrue(cohort.runs.allSatisfy { abs($0.driftPercent) <= 2 })
        XCTAssertEqual(Set(cohort.runs.map(\.id)).count, 220)
    }

    /// Smokers are commoner among cases and carry benzene 2.6 times higher, as the likelihood says.
    func testConfoundersFollowTheLikelihood() {
        let subjects = SyntheticCohort(design: CohortDesign(subjects: 1500), seed: 8).subjects
        let smokingCases = Double(subjects.filter { $0.isCase && $0.profile.currentSmoker }.count) / Double(subjects.filter(\.isCase).count)
        let smokingControls = Double(subjects.filter { !$0.isCase && $0.profile.currentSmoker }.count) / Double(subjects.filter { !$0.isCase }.count)
        XCTAssertEqual(smokingCases, 0.45, accuracy: 0.06)
        XCTAssertEqual(smokingControls, 0.20, accuracy: 0.04)
        func meanLogBenzene(smokers: Bool) -> Double {
            let values = subjects.filter { $0.profile.currentSmoker == smokers }.map { log($0.breath.level(of: "benzene")!.concentration) }
            return values.reduce(0, +) / Double(values.count)
        }
        XCTAssertEqual(meanLogBenzene(smokers: true) - meanLogBenzene(smokers: false), log(2.6), accuracy: 0.1)
    }

    /// The oracle is the likelihood ratio of the generator: binned, its case share must follow
    /// the predicted posterior at the cohort's case fraction.
    func testOracleIsCalibratedToTheGenerator() {
        let subjects = SyntheticCohort(design: CohortDesign(subjects: 3000, caseFraction: 0.4), seed: 21).subjects
        let prior = log(0.4 / 0.6)
        let risks = subjects.map { Logistic.sigmoid(prior + $0.oracleScore) }
        let calibration = Metrics.calibration(risks: risks, labels: subjects.map(\.isCase))
        XCTAssertEqual(calibration.slope, 1, accuracy: 0.15)
        XCTAssertEqual(calibration.intercept, 0, accuracy: 0.12)
        XCTAssertGreaterThan(Metrics.auc(scores: subjects.map(\.oracleScore), labels: subjects.map(\.isCase)).estimate, 0.7)
    }
}
