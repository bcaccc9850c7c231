import Foundation
import Testing

/// `breathctl model cohort | train | evaluate` through the built executable, and their errors.
@Suite struct ModelCommandTests {
    static let screening = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Screening")
    static let method = screening.appendingPathComponent("breath-screening-method.json").path
    static let model = screening.appendingPathComponent("breath-lc-demo-model.json").path

    @Test func cohortTrainAndEvaluate() throws {
        let directory = try TemporaryDirectory()
        let set = directory.url.appendingPathComponent("cohort").path
        let cohort = try Command.run("breathctl", ["model", "cohort", "--out", set, "--subjects", "40", "--seed", "31"])
        #expect(cohort.status == 0, "\(cohort.stderr)")
        #expect(cohort.stdout.contains("not patient data"))

        let modelFile = directory.url.appendingPathComponent("model.json").path
        let card = directory.url.appendingPathComponent("card.md").path
        let train = try Command.run(
            "breathctl", ["model", "train", "--set", set, "--method", Self.method, "--out", modelFile, "--card", card, "--folds", "2"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("NOTE: Synthetic data: not patient data."))
        #expect(train.stdout.contains("SHA-256 "))
        let cardText = try String(contentsOfFile: card, encoding: .utf8)
        #expect(cardText.contains("Not clinically validated"))
        #expect(cardText.contains("## Intended use") && cardText.contains("## Limitations"))

        let evaluate = try Command.run("breathctl", ["model", "evaluate", "--set", set, "--method", Self.method, "--model", Self.model])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.contains("Not clinically validated"))
        #expect(evaluate.stdout.contains("oracle"))

        let json = try Command.run(
            "breathctl", ["model", "evaluate", "--set", set, "--method", Self.method, "--folds", "2", "--shuffle-labels", "3", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["oracleAUC"] == nil, "a shuffled set has no oracle")
        #expect((document["notices"] as? [String] ?? []).contains { $0.contains("permuted") })

        let again = try Command.run("breathctl", ["model", "cohort", "--out", set, "--subjects", "5", "--seed", "1"])
        #expect(again.status == 73)
        #expect(again.stderr == "breathctl: \(set) already exists\n")
    }

    @Test func aMissingSetIsExit66() throws {
        let result = try Command.run("breathctl", ["model", "evaluate", "--set", "/nonexistent/set", "--method", Self.method])
        #expect(result.status == 66)
        #expect(result.stderr == "breathctl: /nonexistent/set/manifest.csv: cannot be read\n")
    }

    @Test func aBadMethodOrModelIsExit65() throws {
        let directory = try TemporaryDirectory()
        let set = directory.url.appendingPathComponent("cohort").path
        #expect(try Command.run("breathctl", ["model", "cohort", "--out", set, "--subjects", "3", "--seed", "4"]).status == 0)
        let badMethod = directory.url.appendingPathComponent("method.json")
        try Data("{\"format\": \"breath-screening-method\", \"formatVersion\": 1}".utf8).write(to: badMethod)
        let method = try Command.run("breathctl", ["model", "evaluate", "--set", set, "--method", badMethod.path])
        #expect(method.status == 65)
        #expect(method.stderr == "breathctl: method file: id: missing\n")

        let badModel = directory.url.appendingPathComponent("model.json")
        try Data("{\"format\": \"breath-screening-model\", \"formatVersion\": 1, \"id\": 3}".utf8).write(to: badModel)
        let model = try Command.run("breathctl", ["model", "evaluate", "--set", set, "--method", Self.method, "--model", badModel.path])
        #expect(model.status == 65)
        #expect(model.stderr.hasPrefix("breathctl: model file is corrupt: "))

        let folds = try Command.run("breathctl", ["model", "evaluate", "--set", set, "--folds", "1"])
        #expect(folds.status == 64)
    }
}
