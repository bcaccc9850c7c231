import Foundation
import Testing

/// Every bad input of the results, export and plot commands: one clear line on standard
/// error, nothing on standard output, and the documented exit code.
@Suite struct BadInputTests {
    static func expectOneLine(_ result: Command, _ status: Int32, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("breathctl: " + prefix), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
    }

    /// Every command that reads a result, with `database` and result `id`.
    static func commands(_ database: String, id: String = "1") -> [[String]] {
        [
            ["results", "list", "--db", database],
            ["results", "show", id, "--db", database],
            ["results", "export", id, "--format", "fhir", "--db", database],
            ["results", "export", id, "--format", "csv", "--db", database],
            ["plot", id, "--db", database],
        ]
    }

    /// `commands` and every other command that opens the database.
    static func everyDatabaseCommand(_ database: String) -> [[String]] {
        commands(database) + [
            ["runs", "list", "--db", database], ["runs", "show", "1", "--db", database], ["audit", "verify", "--db", database],
            ["audit", "list", "--db", database], ["db", "check", "--db", database],
        ]
    }

    @Test func unknownResults() throws {
        let database = try PipelineDatabase()
        for arguments in Self.commands(database.path, id: "999").dropFirst() {
            Self.expectOneLine(try Command.run("breathctl", arguments), 66, "no result 999 in \(database.path)")
        }
    }

    @Test(arguments: ["2026-13-01", "2026-02-30", "soon", "-2y", "2026-03-01 9:00"])
    func malformedDates(_ text: String) throws {
        let database = try PipelineDatabase()
        for option in ["--since", "--until"] {
            Self.expectOneLine(
                try Command.run("breathctl", ["results", "list", "--db", database.path, option, text]), 64,
                "\(option) '\(text)' is not a time; use 2026-03-01 09:00, 2026-03-01, today, yesterday, -2h or -3d")
        }
    }

    @Test func otherMalformedOptions() throws {
        let database = try PipelineDatabase()
        let cases: [([String], String)] = [
            (["--patient", "MRN-0042"], "--patient 'MRN-0042' is not a pseudonym"),
            (["--category", "medium"], "--category 'medium' is not one of low, indeterminate, high"),
            (["--qc", "pass,maybe"], "--qc 'maybe' is not one of pass, warning, fail"),
            (["--sample", "run-7"], "--sample 'run-7' is neither a run number nor a run UUID"),
            (["--since", "today", "--until", "yesterday"], "--until 'yesterday' is not later than --since 'today'"),
        ]
        for (options, message) in cases {
            Self.expectOneLine(try Command.run("breathctl", ["results", "list", "--db", database.path] + options), 64, message)
        }
    }

    @Test func missingDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("none.sqlite").path
        for arguments in Self.everyDatabaseCommand(path) {
            Self.expectOneLine(try Command.run("breathctl", arguments), 66, "no database at \(path)")
        }
    }

    @Test func databaseNewerThanTheCLI() throws {
        let database = try PipelineDatabase()
        try database.addFutureMigration()
        for arguments in Self.everyDatabaseCommand(database.path) {
            Self.expectOneLine(
                try Command.run("breathctl", arguments), 65,
                "database \(database.path) was written by newer software; upgrade breathctl/breathd")
        }
    }

    @Test func permissionDenied() throws {
        let database = try PipelineDatabase()
        let run: ([String]) throws -> Command
        if getuid() == 0 {
            run = { try Command.runAsNobody("breathctl", $0) }
        } else {
            chmod(database.path, 0)
            run = { try Command.run("breathctl", $0) }
        }
        for arguments in Self.everyDatabaseCommand(database.path) {
            Self.expectOneLine(try run(arguments), 77, "permission denied reading \(database.path)")
        }
    }

    @Test func exportAndPlotOutputs() throws {
        let database = try PipelineDatabase()
        let existing = database.directory.url.appendingPathComponent("exists.json").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: existing))
        for arguments in [
            ["results", "export", "1", "--format", "fhir", "--output", existing],
            ["plot", "1", "--output", existing.replacingOccurrences(of: ".json", with: ".svg")],
        ] {
            if arguments[0] == "plot" { try Data("keep".utf8).write(to: URL(fileURLWithPath: arguments[3])) }
            Self.expectOneLine(try Command.run("breathctl", arguments + ["--db", database.path]), 73, "cannot create ")
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep")
        let aia = try Command.run("breathctl", ["results", "export", "1", "--format", "aia", "--db", database.path])
        #expect(aia.status == 64)
        #expect(aia.stderr.contains("--format aia writes a binary file: give --output FILE"))
        let two = try Command.run("breathctl", ["results", "export", "1", "2", "--format", "fhir", "--db", database.path])
        #expect(two.status == 64)
        Self.expectOneLine(try Command.run("breathctl", ["plot", "/nonexistent/trace.cdf"]), 66, "/nonexistent/trace.cdf: no such file or result")
        // PNG without the converter on PATH: one line naming the package, and no file left.
        let png = database.directory.url.appendingPathComponent("plot.png").path
        let noConverter = try Command.run("breathctl", ["plot", "1", "--db", database.path, "--output", png], environment: ["PATH": "/nonexistent"])
        Self.expectOneLine(noConverter, 69, "rsvg-convert not found; install the Debian package librsvg2-bin")
        #expect(!FileManager.default.fileExists(atPath: png))
    }
}
