import ArgumentParser
import BreathCohort
import BreathModeling
import BreathScreening
import BreathService
import Foundation

/// `breathctl model …`: synthetic cohorts, training and evaluation of screening models.
struct Model: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train and evaluate screening models on labelled sets of runs.",
        discussion: """
            A labelled set is a directory with manifest.csv and the chromatogram files it names
            (Screening/FORMATS.md). Every figure comes with its 95 % confidence interval.
            """,
        subcommands: [ModelCohort.self, ModelTrain.self, ModelEvaluate.self])
}

/// Options naming a labelled set and a method.
struct LabelledSetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The labelled set directory (with manifest.csv).", valueName: "dir"))
    var set: String

    @Option(help: ArgumentHelp("The screening method file.", valueName: "file"))
    var method: String = "Screening/breath-screening-method.json"

    @Option(help: ArgumentHelp("Permute case/control labels between subjects with this seed (the leakage check).", valueName: "seed"))
    var shuffleLabels: UInt64?

    func load() throws -> (ScreeningMethod, LabelledSet, [MeasuredRun]) {
        let loadedMethod: ScreeningMethod
        do { loadedMethod = try ScreeningMethod.load(path: method) } catch {
            throw fail(error.description, isMissing(error) ? ExitStatus.noInput : ExitStatus.dataError)
        }
        let labelled: LabelledSet
        var runs: [MeasuredRun]
        do {
            labelled = try LabelledSet.read(directory: set)
            runs = try labelled.measure(method: loadedMethod)
        } catch {
            if case .unreadable = error { throw fail(error.description, ExitStatus.noInput) }
            throw fail(error.description, ExitStatus.dataError)
        }
        if let shuffleLabels { runs = Evaluation.shuffledLabels(runs, seed: shuffleLabels) }
        return (loadedMethod, labelled, runs)
    }

    func notices(for set: LabelledSet) -> [String] {
        var notices: [String] = []
        if set.comments.contains(where: { $0.lowercased().contains("synthetic") }) {
            notices.append("Synthetic data: not patient data.")
        }
        if let shuffleLabels { notices.append("Labels permuted between subjects (seed \(shuffleLabels)): leakage check; expect AUC near 0.5.") }
        return notices
    }

    private func isMissing(_ error: MethodError) -> Bool {
        if case .unreadable = error { return !FileManager.default.fileExists(atPath: method) }
        return false
    }
}

/// Cross-validation options.
struct FoldOptions: ParsableArguments {
    @Option(help: "Cross-validation folds (patient-grouped, stratified).")
    var folds: Int = 5

    @Option(help: "Seed of the fold assignment.")
    var foldSeed: UInt64 = 1

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    var settings: TrainingSettings {
        var settings = TrainingSettings()
        settings.folds = folds
        settings.seed = foldSeed
        return settings
    }
}

/// `breathctl model cohort`: writes a synthetic labelled set.
struct ModelCohort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Generate a synthetic labelled set (not patient data) into a new directory.")

    @Option(help: ArgumentHelp("The directory to create.", valueName: "dir"))
    var out: String

    @Option(help: "Number of subjects.")
    var subjects: Int = 1000

    @Option(help: "Generator seed; a cohort is reproducible from it.")
    var seed: UInt64

    @Option(help: "Fraction of subjects who are cases.")
    var caseFraction: Double = 0.4

    func validate() throws {
        guard subjects > 0 else { throw ValidationError("--subjects must be at least 1") }
        guard (0.05...0.95).contains(caseFraction) else { throw ValidationError("--case-fraction must lie in [0.05, 0.95]") }
    }

    func run() throws {
        let files = FileManager.default
        if files.fileExists(atPath: out) { throw fail("\(out) already exists", ExitStatus.cannotCreate) }
        do { try files.createDirectory(atPath: out + "/runs", withIntermediateDirectories: true) } catch {
            throw fail("cannot create \(out): \(error.localizedDescription)", ExitStatus.cannotCreate)
        }
        let design = CohortDesign(subjects: subjects, caseFraction: caseFraction)
        let cohort = SyntheticCohort(design: design, seed: seed)
        let runs = cohort.runs
        let failures = LockedFlag()
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            let text = ChromatogramCSV.text(runs[index].trace())
            if !files.createFile(atPath: "\(out)/runs/\(runs[index].id).csv", contents: Data(text.utf8)) { failures.set() }
        }
        if failures.isSet { throw fail("cannot write the chromatograms into \(out)/runs", ExitStatus.ioError) }
        let set = LabelledSet(
            directory: out,
            comments: [
                "SYNTHETIC cohort: not patient data. breathctl \(BreathVersion.software) model cohort --subjects \(subjects) --seed \(seed) --case-fraction \(caseFraction)",
                "Generator: literature-based log-normal breath levels; smoking, age, sex and diet confounders; room air; sampling artifacts; carryover; retention and sensitivity drift (Sources/BreathCohort)",
                "oracle_score: ln likelihood ratio of case vs control from the subject's true breath levels under the generator's own model",
            ],
            entries: runs.map { run in
                LabelledSet.Entry(
                    runID: run.id, subjectID: run.subjectID, isCase: run.isCase, chromatogram: "runs/\(run.id).csv",
                    sample: run.sample, faults: run.faults, oracleScore: run.oracleScore)
            })
        guard files.createFile(atPath: out + "/manifest.csv", contents: Data(set.manifest().utf8)) else {
            throw fail("cannot write \(out)/manifest.csv", ExitStatus.ioError)
        }
        let cases = cohort.subjects.filter(\.isCase).count
        print("Synthetic cohort (not patient data): \(subjects) subjects (\(cases) cases), \(runs.count) runs, seed \(seed) → \(out)")
    }
}

/// `breathctl model train`: cross-validated evaluation, then the final fit, its file and its card.
struct ModelTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a screening model on a labelled set; report its cross-validated performance; write the model and its card.")

    @OptionGroup var input: LabelledSetOptions

    @Option(help: ArgumentHelp("The model file to write.", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp("The model card to write (Markdown).", valueName: "file"))
    var card: String?

    @Option(help: "Model identifier (must match the method's model.id to be used by it).")
    var id: String = "breath-lc-demo"

    @Option(help: "Model version.")
    var modelVersion: String = "1.0.0"

    @OptionGroup var folds: FoldOptions

    func run() throws {
        let (method, set, runs) = try input.load()
        let settings = folds.settings
        let candidates = method.featureTargets.map(\.name)
        let notices = input.notices(for: set)
        let report = Evaluation.crossValidate(runs, candidates: candidates, settings: settings, notices: notices)
        let trained = ModelTrainer.train(runs, candidates: candidates, settings: settings)
        let synthetic = set.comments.contains { $0.lowercased().contains("synthetic") }
        let cardName = card.map { URL(fileURLWithPath: $0).lastPathComponent }
        let summary = ScreeningModel.CardSummary(
            clinicallyValidated: false, syntheticTrainingData: synthetic,
            notice: synthetic
                ? "Not clinically validated: trained on synthetic data only; research use, not for clinical decisions."
                : "Not clinically validated: research use, not for clinical decisions.",
            document: cardName)
        let model = trained.screeningModel(id: id, version: modelVersion, method: method, settings: settings, card: summary)
        let data: Data
        do { data = try LoadedModel.encoded(model) } catch { throw fail("cannot encode the model: \(error)", ExitStatus.ioError) }
        guard FileManager.default.createFile(atPath: out, contents: data) else { throw fail("cannot write \(out)", ExitStatus.cannotCreate) }
        let sha = try LoadedModel.decode(data).sha256
        if let card {
            let document = ModelCard(
                model: model, modelSHA256: sha, method: method, trainingSet: input.set, setDescription: set.comments, runs: runs,
                settings: settings, penalty: trained.penalty, crossValidation: report, softwareVersion: BreathVersion.software)
            guard FileManager.default.createFile(atPath: card, contents: Data(document.markdown().utf8)) else {
                throw fail("cannot write \(card)", ExitStatus.cannotCreate)
            }
        }
        print(report.text())
        print("Model \(id) \(modelVersion): \(trained.featureNames.count) features, penalty \(trained.penalty) → \(out)")
        print("SHA-256 \(sha)")
        print("NOTE: \(summary.notice)")
    }
}

/// `breathctl model evaluate`: a given model on a labelled set, or cross-validation.
struct ModelEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a model on a labelled set it was not trained on, or cross-validate the training procedure on it.")

    @OptionGroup var input: LabelledSetOptions

    @Option(help: ArgumentHelp("The model to evaluate; without it, cross-validate training on the set.", valueName: "file"))
    var model: String?

    @OptionGroup var folds: FoldOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let (method, set, runs) = try input.load()
        var notices = input.notices(for: set)
        let report: EvaluationReport
        if let model {
            let loaded: LoadedModel
            do {
                loaded = try LoadedModel.load(path: model)
                try loaded.check(against: method)
            } catch {
                if case .unreadable = error, !FileManager.default.fileExists(atPath: model) {
                    throw fail(error.description, ExitStatus.noInput)
                }
                throw fail(error.description, ExitStatus.dataError)
            }
            if !loaded.model.card.clinicallyValidated { notices.append(loaded.model.card.notice) }
            notices.append("Model SHA-256 \(loaded.sha256)")
            report = Evaluation.external(runs, model: loaded.model, setName: input.set, notices: notices)
        } else {
            report = Evaluation.crossValidate(
                runs, candidates: method.featureTargets.map(\.name), settings: folds.settings, notices: notices)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text())
        }
    }
}

/// A flag set by concurrent workers.
final class LockedFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
