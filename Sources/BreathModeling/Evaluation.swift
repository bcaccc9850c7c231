import BreathScreening
import BreathSignal
import Foundation

/// Cross-validated and external evaluation of the screening model.
public enum Evaluation {
    /// Patient-grouped, stratified k-fold cross-validation of the whole training procedure:
    /// each fold's model is trained (feature selection, penalty, thresholds included) on the
    /// other folds only and scores the held-out valid runs.
    public static func crossValidate(
        _ runs: [MeasuredRun], candidates: [String], settings: TrainingSettings, notices: [String]
    ) -> EvaluationReport {
        let valid = runs.filter(\.isValid)
        let folds = FoldAssignment(runs: valid, folds: settings.folds, seed: settings.seed)
        var scored: [EvaluationReport.Scored] = []
        var lows: [Double] = [], highs: [Double] = []
        for fold in 0..<settings.folds {
            let model = ModelTrainer.train(valid.filter { folds.fold(of: $0) != fold }, candidates: candidates, settings: settings)
            lows.append(model.lowThreshold)
            highs.append(model.highThreshold)
            for run in valid where folds.fold(of: run) == fold {
                let risk = model.risk(run.features)
                scored.append(EvaluationReport.Scored(run: run, risk: risk, category: model.category(of: risk)))
            }
        }
        return EvaluationReport(
            design: "\(settings.folds)-fold patient-grouped stratified cross-validation (all choices inside the folds)",
            scored: scored, allRuns: runs, lowThreshold: median(lows), highThreshold: median(highs), notices: notices)
    }

    /// A fixed model on a labelled set it was not trained on.
    public static func external(_ runs: [MeasuredRun], model: ScreeningModel, setName: String, notices: [String]) -> EvaluationReport {
        let scored = runs.filter(\.isValid).map { run in
            let risk = model.risk(model.features.map { run.features[$0.name]! })
            return EvaluationReport.Scored(run: run, risk: risk, category: model.category(of: risk))
        }
        return EvaluationReport(
            design: "model \(model.id) \(model.version) applied unchanged to \(setName)", scored: scored, allRuns: runs,
            lowThreshold: model.thresholds.low, highThreshold: model.thresholds.high, notices: notices)
    }

    /// The same runs with case/control labels permuted between subjects (all runs of a subject
    /// keep one label): the leakage check, whose AUC must be near 0.5.
    public static func shuffledLabels(_ runs: [MeasuredRun], seed: UInt64) -> [MeasuredRun] {
        var labelOfSubject: [String: Bool] = [:]
        for run in runs { labelOfSubject[run.subjectID] = run.isCase }
        let subjects = labelOfSubject.keys.sorted()
        var labels = subjects.map { labelOfSubject[$0]! }
        var random = SeededGenerator(seed: seed, stream: 9)
        for index in stride(from: labels.count - 1, to: 0, by: -1) {
            labels.swapAt(index, random.nextInt(below: index + 1))
        }
        let shuffled = Dictionary(uniqueKeysWithValues: zip(subjects, labels))
        return runs.map { run in
            var copy = run
            copy.isCase = shuffled[run.subjectID]!
            copy.oracleScore = nil
            return copy
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

extension TrainedModel {
    /// The model file contents for this fit.
    public func screeningModel(
        id: String, version: String, method: ScreeningMethod, settings: TrainingSettings, card: ScreeningModel.CardSummary
    ) -> ScreeningModel {
        ScreeningModel(
            id: id, version: version, method: .init(id: method.id, version: method.version),
            features: featureNames.indices.map {
                ScreeningModel.ModelFeature(name: featureNames[$0], mean: means[$0], standardDeviation: standardDeviations[$0])
            },
            intercept: fit.intercept, coefficients: fit.coefficients, calibration: .identity,
            thresholds: .init(
                low: lowThreshold, high: highThreshold,
                rule: String(
                    format: "low keeps sensitivity >= %.2f, high keeps specificity >= %.2f, on inner cross-validated risks",
                    settings.ruleOutSensitivity, settings.referralSpecificity)),
            card: card)
    }
}
