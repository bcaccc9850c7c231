import Foundation
import Testing

/// breathctl's read commands on a database breathd built from Samples/: every capture replayed
/// through the whole pipeline (acquisition, capture, analysis, screening with the shipped
/// method, store), so the results are real screening results, not seeded ones.
@Suite struct SampleDatabaseCommandTests {
    static let root = SampleRegressionTests.root

    /// Replays every sample into one data directory.
    static func build() throws -> (directory: TemporaryDirectory, db: String) {
        let directory = try TemporaryDirectory()
        let samples = try FileManager.default.contentsOfDirectory(atPath: SampleRegressionTests.samples.path)
            .filter { $0.hasSuffix(".bcap") }.sorted()
        for sample in samples {
            let daemon = try Command.run("breathd", [
                "--data-directory", directory.url.path, "--runs", "1", "--log-level", "error",
                "--replay", SampleRegressionTests.samples.appendingPathComponent(sample).path,
                "--screening-method", root.appendingPathComponent("Screening/breath-screening-method.json").path,
            ])
            try #require(daemon.status == 0, "\(sample): \(daemon.stderr)")
        }
        return (directory, directory.url.appendingPathComponent("breath.sqlite").path)
    }

    @Test func everyReadCommandWorksOnTheScreenedSamples() throws {
        let (directory, db) = try Self.build()
        let runs = try Command.run("breathctl", ["runs", "list", "--json", "--db", db])
        let runList = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(runList.count == SampleRegressionTests.expected.count)

        let list = try Command.run("breathctl", ["results", "list", "--json", "--db", db])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let screened = SampleRegressionTests.expected.values.filter { $0.qc_outcome != nil }
        #expect(results.count == screened.count, "one result per complete run")
        #expect(results.contains { $0["qc_outcome"] as? String == "fail" && $0["assessment"] == nil })
        let failed = try Command.run("breathctl", ["results", "list", "--qc", "fail", "--csv", "--db", db])
        #expect(failed.stdout.split(whereSeparator: \.isNewline).count == 2, "header and the low-volume result: \(failed.stdout)")

        let table = try Command.run("breathctl", ["results", "list", "--db", db])
        #expect(table.stdout.contains("NOT VALIDATED"))
        for result in results {
            let id = try #require(result["id"] as? Int)
            let show = try Command.run("breathctl", ["results", "show", "\(id)", "--db", db])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("NOT VALIDATED") && show.stdout.contains("breath-lc-screen"))
            func output(_ name: String) -> String { directory.url.appendingPathComponent("\(id)-\(name)").path }
            for (format, file) in [("fhir", "bundle.json"), ("csv", "compounds.csv"), ("aia", "run.cdf")] {
                let export = try Command.run("breathctl", ["results", "export", "\(id)", "--format", format, "--output", output(file), "--db", db])
                #expect(export.status == 0, "\(format): \(export.stderr)")
            }
            let plot = try Command.run("breathctl", ["plot", "\(id)", "--output", output("plot.svg"), "--db", db])
            #expect(plot.status == 0, "\(plot.stderr)")
        }
        // The independent FHIR R4 check on one real result, where CI has the checker's venv.
        let python = ExportCommandTests.checkPython
        guard FileManager.default.isExecutableFile(atPath: python), let first = results.first?["id"] as? Int else { return }
        let expected = directory.url.appendingPathComponent("expected.json")
        try Data("{}".utf8).write(to: expected)
        let check = try Command.run(executable: python, [
            Self.root.appendingPathComponent("Scripts/check-exports.py").path, "--expected", expected.path,
            "--fhir", directory.url.appendingPathComponent("\(first)-bundle.json").path,
        ])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
