import Foundation
import Testing

/// `breathctl results list` and `results show` on a database built by the pipeline.
@Suite struct ResultsCommandTests {
    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    static func ids(_ database: PipelineDatabase, _ options: [String]) throws -> [Int] {
        let result = try Command.run("breathctl", ["results", "list", "--db", database.path, "--json"] + options)
        #expect(result.status == 0, "\(options): \(result.stderr)")
        #expect(result.stderr.isEmpty)
        return (try json(result.stdout) as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    @Test func filtersSelectTheResultsInForce() throws {
        let database = try PipelineDatabase()
        // Runs 1..3 start in that order; result 4 corrects 1 and takes its place.
        #expect(try Self.ids(database, []) == [3, 2, 4])
        #expect(try Self.ids(database, ["--patient", database.patientA.text]) == [3, 4])
        #expect(try Self.ids(database, ["--patient", database.patientB.text.lowercased()]) == [2])
        #expect(try Self.ids(database, ["--sample", "2"]) == [2])
        #expect(try Self.ids(database, ["--sample", database.runUUIDs[3]!.uppercased()]) == [3])
        #expect(try Self.ids(database, ["--category", "low"]) == [4])
        #expect(try Self.ids(database, ["--category", "high,indeterminate"]) == [2])
        #expect(try Self.ids(database, ["--qc", "fail"]) == [3])
        #expect(try Self.ids(database, ["--qc", "pass", "--qc", "warning"]) == [2, 4])
        #expect(try Self.ids(database, ["--device", "BGC1-EMU-0001"]) == [3, 2, 4])
        #expect(try Self.ids(database, ["--device", "BGC1-OTHER"]) == [])
        #expect(try Self.ids(database, ["--limit", "1"]) == [3])
        // Time filters in an explicit zone: run 2 starts after run 1, run 3 after run 2.
        let second = database.startedAt[2]!
        let utc = ["TZ": "UTC"]
        func at(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
        let since = try Command.run("breathctl", ["results", "list", "--db", database.path, "--json", "--since", at(second)], environment: utc)
        #expect((try Self.json(since.stdout) as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [3, 2])
        let until = try Command.run("breathctl", ["results", "list", "--db", database.path, "--json", "--until", at(second)], environment: utc)
        #expect((try Self.json(until.stdout) as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [4])
        // The old name still works.
        let before = try Command.run("breathctl", ["results", "list", "--db", database.path, "--json", "--before", at(second)], environment: utc)
        #expect(before.stdout == until.stdout)
        // Relative forms against the real clock: breathd stamped the runs just now.
        #expect(try Self.ids(database, ["--since", "-1h"]) == [3, 2, 4])
        #expect(try Self.ids(database, ["--since", "today", "--until", "tomorrow"]).count == 3)
        #expect(try Self.ids(database, ["--until", "yesterday"]) == [])
    }

    @Test func tableJSONAndCSVAgree() throws {
        let database = try PipelineDatabase()
        let table = try Command.run("breathctl", ["results", "list", "--db", database.path])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("ID"))
        #expect(lines[3].contains("low") && lines[3].contains("0.120"))
        #expect(lines[4].hasPrefix("NOT VALIDATED: "), "a table with risks ends with the notice")
        let csv = try Command.run("breathctl", ["results", "list", "--db", database.path, "--csv"])
        #expect(csv.status == 0)
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0] == "id,sampled_at,patient,run_id,qc_outcome,category,risk,model_id,supersedes_id,recorded_at")
        #expect(rows.count == 4)
        #expect(rows[1].hasPrefix("3,") && rows[1].contains(",fail,,,"))
        #expect(rows[3].hasPrefix("4,") && rows[3].contains(",low,0.12,") && rows[3].contains(",1,"))
        let json = try #require(try Self.json(try Command.run("breathctl", ["results", "list", "--db", database.path, "--json"]).stdout) as? [[String: Any]])
        // The failed result has no assessment; the correction names the result it supersedes.
        #expect(Set(json[0].keys) == ["id", "run_id", "patient", "sampled_at", "recorded_at", "qc_outcome", "model_id"])
        #expect(Set(json[2].keys) == ["id", "run_id", "patient", "sampled_at", "recorded_at", "qc_outcome", "assessment", "model_id", "supersedes"])
        #expect((json[2]["assessment"] as? [String: Any])?["category"] as? String == "low")
    }

    @Test func anEmptyListingIsQuietAndSucceeds() throws {
        let database = try PipelineDatabase()
        for (format, expected) in [([], ""), (["--json"], "[\n\n]\n"), (["--csv"], "id,sampled_at,patient,run_id,qc_outcome,category,risk,model_id,supersedes_id,recorded_at\r\n")] {
            let result = try Command.run("breathctl", ["results", "list", "--db", database.path, "--qc", "warning", "--category", "low"] + format)
            #expect(result.status == 0)
            #expect(result.stderr.isEmpty)
            #expect(result.stdout == expected || (format == ["--json"] && result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]"),
                    "\(format): \(result.stdout)")
        }
    }

    @Test func showTellsEverythingAboutOneResult() throws {
        let database = try PipelineDatabase()
        let show = try Command.run("breathctl", ["results", "show", "1", "--db", database.path])
        #expect(show.status == 0, "\(show.stderr)")
        let text = show.stdout
        for expected in [
            "Result 1  superseded by result 4, version 1 of 2", "on BGC1-EMU-0001, source emulator", "QC:            pass", "0.810 (high)", "lung-voc-logistic-2026.1",
            "NOT VALIDATED", "method breath-screen-v1", "software 0.1.0", "Capture:", ".bcap, SHA-256 ", "BGC1-EMU-0001, hardware",
            "Peaks:", "Compounds:", "acetone", "History:", "corrects result 1: wrong calibration file", "Audit trail:", "result.corrected",
        ] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        let failed = try Command.run("breathctl", ["results", "show", "3", "--db", database.path])
        #expect(failed.stdout.contains("QC:            fail"))
        #expect(failed.stdout.contains("LOW_BREATH_VOLUME: 212 mL, below 500 mL"))
        #expect(failed.stdout.contains("none (QC failed)"))

        let json = try #require(try Self.json(try Command.run("breathctl", ["results", "show", "4", "--db", database.path, "--json"]).stdout) as? [String: Any])
        #expect(json["status"] as? String == "corrected")
        #expect(json["model_validated"] as? Bool == false)
        let run = try #require(json["run"] as? [String: Any])
        #expect((run["capture_sha256"] as? String)?.count == 64)
        #expect(((json["history"] as? [String: Any])?["versions"] as? [Any])?.count == 2)
    }
}
