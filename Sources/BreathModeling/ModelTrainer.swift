import BreathScreening
import BreathSignal
import Foundation

/// A model fitted by ``ModelTrainer``: the selected features, their standardisation, the
/// logistic fit, the penalty chosen and the thresholds placed.
public struct TrainedModel: Sendable, Hashable {
    public var featureNames: [String]
    public var means: [Double]
    public var standardDeviations: [Double]
    public var fit: LogisticFit
    public var penalty: Double
    public var lowThreshold: Double
    public var highThreshold: Double

    public func risk(_ features: [String: Double]) -> Double {
        Logistic.sigmoid(fit.linearPredictor(standardised(features)))
    }

    func standardised(_ features: [String: Double]) -> [Double] {
        featureNames.indices.map { (features[featureNames[$0]]! - means[$0]) / standardDeviations[$0] }
    }

    public func category(of risk: Double) -> ScreeningCategory {
        risk < lowThreshold ? .low : (risk >= highThreshold ? .high : .indeterminate)
    }
}

/// Fits the screening model on valid labelled runs; every data-driven choice (feature
/// selection, standardisation, penalty, thresholds) is made here, so cross-validation that
/// calls it per fold keeps them all inside the folds.
public enum ModelTrainer {
    public static func train(_ runs: [MeasuredRun], candidates: [String], settings: TrainingSettings) -> TrainedModel {
        let valid = runs.filter(\.isValid)
        // Feature selection: drop features mostly below the detection limit or constant.
        let selected = candidates.filter { name in
            let below = Double(valid.filter { $0.belowLOD.contains(name) }.count) / Double(max(valid.count, 1))
            let values = valid.map { $0.features[name]! }
            return below <= settings.maximumBelowLODShare && standardDeviation(values) > 1e-9
        }
        let means = selected.map { name in valid.reduce(0) { $0 + $1.features[name]! } / Double(valid.count) }
        let deviations = selected.map { name in standardDeviation(valid.map { $0.features[name]! }) }
        let x = valid.map { run in selected.indices.map { (run.features[selected[$0]]! - means[$0]) / deviations[$0] } }
        let labels = valid.map(\.isCase)

        // Penalty: the lowest inner cross-validated log loss; its out-of-fold risks place the thresholds.
        let folds = FoldAssignment(runs: valid, folds: settings.innerFolds, seed: settings.seed &+ 0x1A2B)
        var best: (penalty: Double, loss: Double, risks: [Double]) = (settings.penalties[0], .infinity, [])
        for penalty in settings.penalties {
            var risks = [Double](repeating: 0, count: valid.count)
            for fold in 0..<settings.innerFolds {
                let training = valid.indices.filter { folds.fold(of: valid[$0]) != fold }
                let fit = LogisticFit(x: training.map { x[$0] }, labels: training.map { labels[$0] }, lambda: penalty)
                for index in valid.indices where folds.fold(of: valid[index]) == fold {
                    risks[index] = Logistic.sigmoid(fit.linearPredictor(x[index]))
                }
            }
            let loss = zip(risks, labels).reduce(0) { $0 - log(max($1.1 ? $1.0 : 1 - $1.0, 1e-12)) }
            if loss < best.loss { best = (penalty, loss, risks) }
        }
        let fit = LogisticFit(x: x, labels: labels, lambda: best.penalty)
        let (low, high) = thresholds(risks: best.risks, labels: labels, settings: settings)
        return TrainedModel(
            featureNames: selected, means: means, standardDeviations: deviations, fit: fit, penalty: best.penalty,
            lowThreshold: low, highThreshold: high)
    }

    /// Low: the highest risk that still keeps the rule-out sensitivity; high: the lowest that
    /// keeps the referral specificity; if they cross, one threshold at their midpoint.
    static func thresholds(risks: [Double], labels: [Bool], settings: TrainingSettings) -> (Double, Double) {
        let cases = zip(risks, labels).filter(\.1).map(\.0).sorted()
        let controls = zip(risks, labels).filter { !$0.1 }.map(\.0).sorted()
        guard !cases.isEmpty, !controls.isEmpty else { return (0.5, 0.5) }
        let missed = Int((Double(cases.count) * (1 - settings.ruleOutSensitivity)).rounded(.down))
        let low = missed == 0 ? cases[0] : (cases[missed - 1] + cases[missed]) / 2
        let cleared = Int((Double(controls.count) * settings.referralSpecificity).rounded(.up))
        let high = cleared >= controls.count ? controls[controls.count - 1] + 1e-9 : (controls[cleared - 1] + controls[cleared]) / 2
        let clampedLow = min(max(low, 1e-6), 1 - 1e-6), clampedHigh = min(max(high, 1e-6), 1 - 1e-6)
        if clampedLow <= clampedHigh { return (clampedLow, clampedHigh) }
        let middle = (clampedLow + clampedHigh) / 2
        return (middle, middle)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }
}

/// Patient-grouped, stratified fold assignment: every run of one subject lands in the same
/// fold, and cases and controls are dealt to the folds separately so each fold has the
/// set's case mix.
public struct FoldAssignment: Sendable {
    private let foldOfSubject: [String: Int]

    public init(runs: [MeasuredRun], folds: Int, seed: UInt64) {
        var labelOfSubject: [String: Bool] = [:]
        for run in runs { labelOfSubject[run.subjectID] = run.isCase }
        var random = SeededGenerator(seed: seed, stream: 7)
        var assignment: [String: Int] = [:]
        for label in [true, false] {
            // Sorted first so the assignment depends on the seed and the subjects, not on hashing.
            var subjects = labelOfSubject.filter { $0.value == label }.map(\.key).sorted()
            for index in stride(from: subjects.count - 1, to: 0, by: -1) {
                subjects.swapAt(index, random.nextInt(below: index + 1))
            }
            for (index, subject) in subjects.enumerated() { assignment[subject] = index % folds }
        }
        foldOfSubject = assignment
    }

    public func fold(of run: MeasuredRun) -> Int { foldOfSubject[run.subjectID]! }
}
