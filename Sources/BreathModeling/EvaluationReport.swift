import BreathScreening
import Foundation

/// Every figure of a model evaluation, as the tooling prints and the model card records.
public struct EvaluationReport: Sendable, Hashable, Codable {
    public struct PredictiveValue: Sendable, Hashable, Codable {
        public var prevalence: Double
        public var ppv: Double
        public var npv: Double
    }

    /// What was evaluated, e.g. "5-fold patient-grouped stratified cross-validation".
    public var design: String
    public var runs: Int
    public var subjects: Int
    /// Valid runs by label.
    public var validCases: Int
    public var validControls: Int
    /// Runs that failed QC, over all runs.
    public var invalidRate: Proportion
    public var auc: Interval
    /// AUC of the generator's oracle score on the same valid runs (synthetic sets only).
    public var oracleAUC: Interval?
    /// Referral (risk ≥ high threshold): sensitivity and specificity.
    public var referralSensitivity: Proportion
    public var referralSpecificity: Proportion
    /// Rule-out (risk < low threshold means negative): sensitivity and specificity.
    public var ruleOutSensitivity: Proportion
    public var ruleOutSpecificity: Proportion
    /// Valid runs in the indeterminate (retest) band.
    public var indeterminate: Proportion
    /// PPV and NPV of the referral rule at screening prevalences.
    public var predictiveValues: [PredictiveValue]
    public var calibrationSlope: Double
    public var calibrationIntercept: Double
    public var brier: Double
    /// The thresholds used (their medians over folds for cross-validation).
    public var lowThreshold: Double
    public var highThreshold: Double
    /// Statements that go with every presentation of the figures.
    public var notices: [String]

    /// A risk per valid run, with the thresholds that categorised it.
    public struct Scored: Sendable, Hashable {
        public var run: MeasuredRun
        public var risk: Double
        public var category: ScreeningCategory
    }

    public init(design: String, scored: [Scored], allRuns: [MeasuredRun], lowThreshold: Double, highThreshold: Double, notices: [String]) {
        self.design = design
        runs = allRuns.count
        subjects = Set(allRuns.map(\.subjectID)).count
        let labels = scored.map(\.run.isCase)
        validCases = labels.filter { $0 }.count
        validControls = labels.count - validCases
        invalidRate = Proportion(successes: allRuns.filter { !$0.isValid }.count, total: allRuns.count)
        auc = Metrics.auc(scores: scored.map(\.risk), labels: labels)
        let oracle = scored.compactMap(\.run.oracleScore)
        oracleAUC = oracle.count == scored.count && !oracle.isEmpty ? Metrics.auc(scores: oracle, labels: labels) : nil
        let cases = scored.filter(\.run.isCase), controls = scored.filter { !$0.run.isCase }
        referralSensitivity = Proportion(successes: cases.filter { $0.category == .high }.count, total: cases.count)
        referralSpecificity = Proportion(successes: controls.filter { $0.category != .high }.count, total: controls.count)
        ruleOutSensitivity = Proportion(successes: cases.filter { $0.category != .low }.count, total: cases.count)
        ruleOutSpecificity = Proportion(successes: controls.filter { $0.category == .low }.count, total: controls.count)
        indeterminate = Proportion(successes: scored.filter { $0.category == .indeterminate }.count, total: scored.count)
        let sensitivity = referralSensitivity.estimate, specificity = referralSpecificity.estimate
        predictiveValues = [0.005, 0.01, 0.02].map { prevalence in
            let (ppv, npv) = Metrics.predictiveValues(sensitivity: sensitivity, specificity: specificity, prevalence: prevalence)
            return PredictiveValue(prevalence: prevalence, ppv: ppv, npv: npv)
        }
        (calibrationSlope, calibrationIntercept) = Metrics.calibration(risks: scored.map(\.risk), labels: labels)
        brier = Metrics.brier(risks: scored.map(\.risk), labels: labels)
        self.lowThreshold = lowThreshold
        self.highThreshold = highThreshold
        self.notices = notices
    }

    /// The report for people.
    public func text() -> String {
        func percent(_ p: Proportion) -> String {
            String(format: "%5.1f %% (95 %% CI %.1f-%.1f; %d/%d)", 100 * p.estimate, 100 * p.lower, 100 * p.upper, p.successes, p.total)
        }
        func interval(_ i: Interval) -> String { String(format: "%.3f (95 %% CI %.3f-%.3f)", i.estimate, i.lower, i.upper) }
        var lines = notices.map { "NOTE: " + $0 }
        lines.append("Evaluation: \(design)")
        lines.append("Runs: \(runs) from \(subjects) subjects; valid: \(validCases) case and \(validControls) control runs")
        lines.append("Invalid-test rate (QC FAIL): " + percent(invalidRate))
        if let oracleAUC {
            lines.append(String(
                format: "AUC: pipeline %@   oracle %@   difference %+.3f", interval(auc), interval(oracleAUC),
                auc.estimate - oracleAUC.estimate))
        } else {
            lines.append("AUC: " + interval(auc))
        }
        lines.append(String(format: "Calibration: slope %.3f, intercept %+.3f; Brier score %.4f", calibrationSlope, calibrationIntercept, brier))
        lines.append(String(format: "Thresholds: low < %.3f ≤ indeterminate (retest) < %.3f ≤ high (refer for low-dose CT)", lowThreshold, highThreshold))
        lines.append("Referral (high): sensitivity " + percent(referralSensitivity))
        lines.append("                 specificity " + percent(referralSpecificity))
        lines.append("Rule-out (low):  sensitivity " + percent(ruleOutSensitivity))
        lines.append("                 specificity " + percent(ruleOutSpecificity))
        lines.append("Indeterminate (retest): " + percent(indeterminate))
        for value in predictiveValues {
            lines.append(String(
                format: "Referral at prevalence %.1f %%: PPV %.2f %%, NPV %.3f %%", 100 * value.prevalence, 100 * value.ppv,
                100 * value.npv))
        }
        return lines.joined(separator: "\n")
    }
}
