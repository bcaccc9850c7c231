import BreathSignal
import BreathStore
import ChromatogramImport
import Foundation
import Testing

/// `results export` and `plot` on a database built by the pipeline, with the exports checked
/// by our importer here and by independent tools in Scripts/check-exports.py.
@Suite struct ExportCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checkPython = packageRoot.appendingPathComponent(".venv-checks/bin/python").path

    @Test func fhirCSVAIAAndPlotsOfOneResult() throws {
        let database = try PipelineDatabase()
        let directory = database.directory.url
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func breathctl(_ arguments: [String]) throws -> Command {
            let result = try Command.run("breathctl", arguments + ["--db", database.path])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result
        }

        // FHIR: the version in force, to a new 0640 file; a superseded id exports the correction with a note.
        _ = try breathctl(["results", "export", "2", "--format", "fhir", "--output", path("bundle.json")])
        #expect((try FileManager.default.attributesOfItem(atPath: path("bundle.json"))[.posixPermissions] as? Int) == 0o640)
        let corrected = try breathctl(["results", "export", "1", "--format", "fhir"])
        #expect(corrected.stderr == "breathctl: note: result 1 was corrected; exported result 4, the version in force\n")
        #expect(corrected.stdout.contains(#""status" : "corrected""#))
        #expect(corrected.stdout.contains("Corrects result 1: wrong calibration file"))
        try Data(corrected.stdout.utf8).write(to: URL(fileURLWithPath: path("corrected.json")))
        let failed = try breathctl(["results", "export", "3", "--format", "fhir", "--output", path("failed.json")])
        #expect(failed.stdout.isEmpty)

        // CSV: one row per identified compound of each result.
        let csv = try breathctl(["results", "export", "2", "3", "4", "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0].hasPrefix("result_id,status,corrects_result_id,"))
        #expect(rows.count == 1 + 30)
        #expect(rows.filter { $0.hasPrefix("4,corrected,1,wrong calibration file,") }.count == 10)

        // AIA: read back by our importer, identical to the store.
        _ = try breathctl(["results", "export", "2", "--format", "aia", "--output", path("result-2.cdf")])
        let store = try ResultStore.openReadOnly(at: database.path)
        let stored = try #require(try store.trace(runID: 2))
        let result = try #require(try store.result(2)).current
        let file = try AIAImporter().read(path: path("result-2.cdf"))
        #expect(file.chromatogram.intensity == stored.detector.map(Double.init))
        #expect(file.chromatogram.samplePeriod == 0.05)
        #expect(file.peaks.map(\.retentionTime) == result.content.peaks.map(\.retentionTime))
        #expect(file.peaks.map(\.startTime) == result.content.peaks.map(\.start))
        #expect(file.peaks.map(\.endTime) == result.content.peaks.map(\.end))
        #expect(file.peaks.map(\.height) == result.content.peaks.map(\.height))
        #expect(file.peaks.map(\.area) == result.content.peaks.map(\.area))
        let named = Set(file.peaks.compactMap(\.name))
        #expect(named == Set(result.content.compounds.map(\.name)))

        // Plots: SVG, PNG through rsvg-convert, the terminal preview, and a file instead of a result.
        _ = try breathctl(["plot", "2", "--output", path("result-2.svg")])
        let png = try Command.run("breathctl", ["plot", "2", "--db", database.path, "--output", path("result-2.png")])
        let converter = FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert")
        #expect(png.status == (converter ? 0 : 69), "\(png.stderr)")
        let preview = try breathctl(["plot", "2", "--columns", "80"])
        let lines = preview.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.contains("^") })
        #expect(preview.stdout.contains("\(result.content.peaks.count) peaks marked ^"))
        let fromFile = try breathctl(["plot", path("result-2.cdf"), "--output", path("file.svg")])
        #expect(fromFile.stdout.hasPrefix("wrote \(path("file.svg")):"))

        // The independent checks: fhir.resources (R4), netCDF4, SVG structure, PNG header.
        let expected: [String: Any] = [
            "trace": stored.detector.map(Double.init), "sample_period_s": 0.05,
            "peaks": result.content.peaks.map {
                ["retention_time": $0.retentionTime, "start": $0.start, "end": $0.end, "height": $0.height, "area": $0.area]
            },
            "labels": result.content.compounds.map(\.name),
        ]
        try JSONSerialization.data(withJSONObject: expected).write(to: URL(fileURLWithPath: path("expected.json")))
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.checkPython) || ProcessInfo.processInfo.environment["CI"] == nil,
            "Scripts/install-deps.sh creates .venv-checks; CI must run the checks")
        guard FileManager.default.isExecutableFile(atPath: Self.checkPython) else { return }
        let script = Self.packageRoot.appendingPathComponent("Scripts/check-exports.py").path
        for bundle in ["bundle.json", "corrected.json", "failed.json"] {
            var arguments = [script, "--expected", path("expected.json"), "--fhir", path(bundle)]
            if bundle == "bundle.json" {
                arguments += ["--aia", path("result-2.cdf"), "--svg", path("result-2.svg")] + (converter ? ["--png", path("result-2.png")] : [])
            }
            let check = try Command.run(executable: Self.checkPython, arguments)
            print(check.stdout, terminator: "")
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            #expect(check.stdout.hasSuffix("exports: all checks passed\n"))
        }
    }

    @Test func theCheckerCatchesABrokenExport() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.checkPython) else { return }
        let database = try PipelineDatabase()
        let directory = database.directory.url
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let export = try Command.run("breathctl", ["results", "export", "2", "--format", "fhir", "--db", database.path])
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path("expected.json")))
        let script = Self.packageRoot.appendingPathComponent("Scripts/check-exports.py").path
        let breakages = [
            // A status R4 does not have (a required binding; fhir.resources checks no codes).
            (#""status" : "unavailable""#, #""status" : "eaten""#, "FAIL FHIR R4 binding: Specimen.status 'eaten'"),
            // An element R4 does not have.
            (#""resourceType" : "Specimen","#, #""resourceType" : "Specimen", "colour" : "blue","#, "FAIL FHIR R4 validation"),
            // A number where R4 wants a decimal.
            (#""probabilityDecimal" : "#, #""probabilityDecimal" : "high", "x" : "#, "FAIL FHIR R4 validation"),
        ]
        for (original, replacement, message) in breakages {
            let broken = export.stdout.replacingOccurrences(of: original, with: replacement)
            #expect(broken != export.stdout, "\(original) not in the export")
            try Data(broken.utf8).write(to: URL(fileURLWithPath: path("broken.json")))
            let check = try Command.run(executable: Self.checkPython, [script, "--expected", path("expected.json"), "--fhir", path("broken.json")])
            #expect(check.status == 1)
            #expect(check.stdout.hasPrefix(message), "\(check.stdout)")
        }
    }
}
