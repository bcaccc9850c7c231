import BreathScreening
import Foundation

/// The model card written next to a trained model: the TRIPOD+AI items a reader needs to
/// judge it (data, intended use, predictors, development, performance, limitations).
public struct ModelCard: Sendable {
    public var model: ScreeningModel
    public var modelSHA256: String
    public var method: ScreeningMethod
    public var trainingSet: String
    /// The set's own comment lines (a synthetic set describes its generator there).
    public var setDescription: [String]
    public var runs: [MeasuredRun]
    public var settings: TrainingSettings
    public var penalty: Double
    public var crossValidation: EvaluationReport
    public var softwareVersion: String

    public init(
        model: ScreeningModel, modelSHA256: String, method: ScreeningMethod, trainingSet: String, setDescription: [String],
        runs: [MeasuredRun], settings: TrainingSettings, penalty: Double, crossValidation: EvaluationReport, softwareVersion: String
    ) {
        self.model = model
        self.modelSHA256 = modelSHA256
        self.method = method
        self.trainingSet = trainingSet
        self.setDescription = setDescription
        self.runs = runs
        self.settings = settings
        self.penalty = penalty
        self.crossValidation = crossValidation
        self.softwareVersion = softwareVersion
    }

    /// The card as Markdown.
    public func markdown() -> String {
        let valid = runs.filter(\.isValid)
        let subjects = Set(runs.map(\.subjectID))
        let caseSubjects = Set(runs.filter(\.isCase).map(\.subjectID))
        let status = model.card.clinicallyValidated ? "Clinically validated." : "**\(model.card.notice)**"
        let features = zip(model.features, model.coefficients).map { feature, coefficient in
            String(format: "| %@ | %.3f | %.3f | %+.3f |", feature.name, feature.mean, feature.standardDeviation, coefficient)
        }
        let candidates = method.featureTargets.map { target in
            let below = Double(valid.filter { $0.belowLOD.contains(target.name) }.count) / Double(max(valid.count, 1))
            let auc = Metrics.auc(scores: valid.map { $0.features[target.name] ?? 0 }, labels: valid.map(\.isCase))
            let used = model.features.contains { $0.name == target.name }
            return String(format: "| %@ | %.0f %% | %.3f (%.3f-%.3f) | %@ |", target.name, 100 * below, auc.estimate, auc.lower, auc.upper, used ? "yes" : "no")
        }
        var failures: [String: Int] = [:]
        for run in runs where !run.isValid {
            for finding in run.findings where finding.severity == .fail { failures[finding.code, default: 0] += 1 }
        }
        return """
            # Model card: \(model.id) \(model.version)

            \(status)

            ## Model details
            - Model file SHA-256: `\(modelSHA256)`
            - Method: \(method.id) \(method.version); software \(softwareVersion)
            - Type: L2-penalised logistic regression on standardised features (penalty \(penalty) chosen by \
            \(settings.innerFolds)-fold inner cross-validation from \(settings.penalties.map { "\($0)" }.joined(separator: ", "))).
            - Output: a risk and a category — low (< \(String(format: "%.3f", model.thresholds.low))), indeterminate \
            (retest), high (≥ \(String(format: "%.3f", model.thresholds.high)); refer for low-dose CT). Thresholds: \
            \(model.thresholds.rule).

            ## Intended use
            - Purpose: research and engineering demonstration of the screening pipeline (identification, QC, calibrated \
            risk, evaluation) on the breath micro-GC. Not for clinical decisions.
            - Intended population (once validated): adults eligible for lung-cancer screening, tested with this device \
            and method. Users: clinic staff and engineers through breathd/breathctl.
            - The risk is calibrated to the development set's case mix (\(String(format: "%.0f", 100 * Double(caseSubjects.count) / Double(max(subjects.count, 1)))) % \
            cases), not to screening prevalence; see the PPV/NPV figures below for 0.5–2 % prevalence.

            ## Data
            - Training set: `\(trainingSet)`: \(runs.count) runs from \(subjects.count) subjects \
            (\(caseSubjects.count) case subjects); \(valid.count) runs passed QC.
            \(setDescription.map { "- " + $0 }.joined(separator: "\n"))
            - Runs that failed QC are excluded from training and counted as invalid tests: \
            \(failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")).

            ## Outcome and predictors
            - Outcome: case (lung cancer) versus control as labelled in the set's manifest.
            - Predictors: ln concentration (ppb) of each method feature, from its area over the internal standard's, \
            per litre of breath (a target the peak detector missed or split off a neighbour is quantified \
            by a targeted fit at its calibrated retention time); a compound below the run's limit of detection gets ln(LOD/2). Features below the LOD in \
            more than \(Int(settings.maximumBelowLODShare * 100)) % of training runs are dropped.

            Candidate features on the valid training runs (univariate AUC, case vs control):

            | feature | below LOD | univariate AUC (95 % CI) | in the model |
            |---|---|---|---|
            \(candidates.joined(separator: "\n"))

            Model features:

            | feature | mean | SD | coefficient (per SD) |
            |---|---|---|---|
            \(features.joined(separator: "\n"))

            Intercept \(String(format: "%+.3f", model.intercept)).

            ## Performance (\(crossValidation.design))
            ```
            \(crossValidation.text())
            ```

            ## Limitations
            - \(model.card.syntheticTrainingData ? "Trained and evaluated on synthetic data only: literature-based distributions, not patients. Real effects are smaller and less consistent than any synthetic model can show; performance on patients is unknown." : "See the training set's description.")
            - Case-control design: spectrum and prevalence differ from screening; PPV at screening prevalence is low.
            - Single device model and method; site, batch and instrument effects beyond those simulated are not represented.
            - No external or temporal validation on real patients; no subgroup (sex, age, smoking) analysis.
            """ + "\n"
    }
}
