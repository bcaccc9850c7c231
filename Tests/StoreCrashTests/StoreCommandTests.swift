import BreathStore
import BreathStoreSamples
import Foundation
import GRDB
import Testing

/// breathctl's store commands as scripts see them: output, one-line errors, documented exit codes.
@Suite struct StoreCommandTests {
    /// A database with 12 results written by the crash writer (which exits normally here).
    static func database(in directory: TemporaryDirectory) throws -> String {
        let database = directory.path("breath.sqlite")
        let writer = try Child.run("BreathStoreCrashWriter", ["--db", database, "--count", "12", "--seed", "5"], in: directory.url)
        try #require(writer.ending == .exited(0), "\(writer.stderr)")
        return database
    }

    static func breathctl(_ arguments: [String], _ directory: TemporaryDirectory) throws -> (ending: Child.Ending, stdout: String, stderr: String) {
        try Child.run("breathctl", arguments, in: directory.url)
    }

    @Test func auditVerifyExitsZeroWhenIntactAndOneNamingTheFirstBrokenEntry() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.database(in: directory)
        let intact = try Self.breathctl(["audit", "verify", "--db", database], directory)
        #expect(intact.ending == .exited(0))
        #expect(intact.stdout.range(of: #"^audit trail intact: \d+ entries, head [0-9a-f]{64}\n$"#, options: .regularExpression) != nil)

        // Edit one byte of the first operator.registered entry's actor in the file itself.
        let queue = try DatabaseQueue(path: database)
        try queue.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        try queue.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        let range = try #require(bytes.range(of: Data("operator.registered".utf8)))
        bytes[range.lowerBound] = UInt8(ascii: "O")
        try bytes.write(to: URL(fileURLWithPath: database))

        let broken = try Self.breathctl(["audit", "verify", "--db", database], directory)
        #expect(broken.ending == .exited(1))
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr == "breathctl: audit trail broken: audit entry 2 was altered: its hash does not match its contents\n")
    }

    @Test func dbCheckAndBackup() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.database(in: directory)
        let check = try Self.breathctl(["db", "check", "--db", database], directory)
        #expect(check.ending == .exited(0))
        #expect(check.stdout == "ok: integrity_check and foreign_key_check found no problems\n")

        let copy = directory.path("backup.sqlite")
        let backup = try Self.breathctl(["db", "backup", copy, "--db", database], directory)
        #expect(backup.ending == .exited(0), "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backed up to \(copy): "))
        #expect(backup.stdout.contains("integrity ok, audit trail intact ("))
        let listed = try Self.breathctl(["results", "list", "--db", copy, "--json"], directory)
        #expect(listed.stdout == (try Self.breathctl(["results", "list", "--db", database, "--json"], directory)).stdout)

        let again = try Self.breathctl(["db", "backup", copy, "--db", database], directory)
        #expect(again.ending == .exited(73))
        #expect(again.stderr == "breathctl: \(copy) already exists\n")
        let nowhere = directory.path("missing/backup.sqlite")
        let missing = try Self.breathctl(["db", "backup", nowhere, "--db", database], directory)
        #expect(missing.ending == .exited(73))
        #expect(missing.stderr == "breathctl: cannot create \(nowhere): No such file or directory\n")
    }

    @Test func resultsListAndShow() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.database(in: directory)
        let json = try Self.breathctl(["results", "list", "--db", database, "--json", "--limit", "3"], directory)
        #expect(json.ending == .exited(0))
        let results = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(results.count == 3)
        let first = try #require(results.first)
        #expect(Set(first.keys).isSuperset(of: ["id", "run_id", "patient", "sampled_at", "recorded_at", "qc_outcome", "model_id"]))
        let patient = try #require(first["patient"] as? String)

        let mine = try Self.breathctl(["results", "list", "--db", database, "--patient", patient.lowercased()], directory)
        #expect(mine.ending == .exited(0))
        #expect(mine.stdout.hasPrefix("ID  SAMPLED (UTC)"))
        // Rows after the header, up to the not-validated notice that ends a table with risks.
        let rows = mine.stdout.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("NOT VALIDATED") }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains(patient) })

        let id = try #require(first["id"] as? Int)
        let show = try Self.breathctl(["results", "show", "\(id)", "--db", database], directory)
        #expect(show.ending == .exited(0))
        for label in ["Result \(id)", "Patient:       \(patient)", "QC:", "Model:", "Peaks:", "Compounds:", "Features:", "Audit trail:"] {
            #expect(show.stdout.contains(label), "\(label)")
        }
        // A corrected result shows which version is in force, and its history.
        let all = try Self.breathctl(["results", "list", "--db", database, "--json"], directory)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        let correction = try #require(listed.first { $0["supersedes"] is Int }, "seed 5 writes a correction")
        let (newer, older) = (try #require(correction["id"] as? Int), try #require(correction["supersedes"] as? Int))
        let superseded = try Self.breathctl(["results", "show", "\(older)", "--db", database], directory)
        #expect(superseded.stdout.hasPrefix("Result \(older)  superseded by result \(newer), version 1 of 2\n"))
        let current = try Self.breathctl(["results", "show", "\(newer)", "--db", database], directory)
        #expect(current.stdout.hasPrefix("Result \(newer)  in force, version 2 of 2\n"))
        #expect(current.stdout.contains("corrects result \(older): re-read by the crash test"))

        let missing = try Self.breathctl(["results", "show", "9999", "--db", database], directory)
        #expect(missing.ending == .exited(66))
        #expect(missing.stderr == "breathctl: no result 9999 in \(database)\n")
    }

    @Test(arguments: [
        (["results", "list", "--patient", "not-a-pseudonym"], "breathctl: --patient 'not-a-pseudonym' is not a pseudonym"),
        (["results", "list", "--since", "soon"], "breathctl: --since 'soon' is not a time; use 2026-03-01 09:00"),
        (["results", "list", "--before", "2026-13-01"], "breathctl: --until '2026-13-01' is not a time"),
        (["results", "list", "--since", "2026-02-01", "--before", "2026-01-01"], "--until '2026-01-01' is not later than --since '2026-02-01'"),
        (["results", "list", "--limit", "0"], "--limit must be at least 1"),
        (["results", "show", "seven"], "Error:"),
        (["audit", "list", "--limit", "-3"], "Error:"),
        (["db", "backup"], "Error:"),
    ])
    func wrongUsageExits64(_ arguments: [String], _ message: String) throws {
        let directory = try TemporaryDirectory()
        let result = try Self.breathctl(arguments + ["--db", directory.path("none.sqlite")], directory)
        #expect(result.ending == .exited(64), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aDatabaseFromNewerSoftwareOrNeedingMigrationIsRefusedClearly() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.database(in: directory)
        try DatabaseQueue(path: database).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        for command in [["results", "list"], ["audit", "verify"], ["db", "check"], ["runs", "list"]] {
            let result = try Self.breathctl(command + ["--db", database], directory)
            #expect(result.ending == .exited(65))
            #expect(result.stderr == "breathctl: database \(database) was written by newer software; upgrade breathctl/breathd\n")
        }

        let old = directory.path("v1.sqlite")
        try DatabaseQueue(path: old).write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1: devices and acquired runs')")
        }
        let result = try Self.breathctl(["results", "list", "--db", old], directory)
        #expect(result.ending == .exited(65))
        #expect(result.stderr == "breathctl: database \(old) needs migrating; start breathd once to upgrade it\n")
    }

    /// breathd records run starts and stored runs, with the capture file's SHA-256.
    @Test func theDaemonAuditsRunsAndHashesCaptures() throws {
        let directory = try TemporaryDirectory()
        let daemon = try Child.run("breathd", ["--data-directory", directory.url.path, "--runs", "2"], in: directory.url)
        #expect(daemon.ending == .exited(0), "\(daemon.stderr)")
        let database = directory.path("breath.sqlite")
        let audit = try Self.breathctl(["audit", "list", "--db", database, "--json"], directory)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
        #expect(entries.compactMap { $0["action"] as? String }.reversed()
            == ["database.migrated", "run.started", "run.completed", "run.started", "run.completed"])
        #expect(entries.dropLast().allSatisfy { $0["actor"] as? String == "breathd" })

        let runs = try Self.breathctl(["runs", "list", "--db", database, "--json"], directory)
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(stored.count == 2)
        for run in stored {
            let capture = try #require(run["capture_path"] as? String)
            #expect(run["capture_sha256"] as? String == (try SHA256Digest.ofFile(atPath: capture)).hex)
        }
        #expect((try Self.breathctl(["audit", "verify", "--db", database], directory)).ending == .exited(0))
    }
}
