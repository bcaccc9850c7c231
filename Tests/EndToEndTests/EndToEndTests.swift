import Foundation
import Testing

/// breathd acquires from the emulated device and stores; breathctl reads what it stored.
@Suite struct EndToEndTests {
    @Test func daemonStoresARunThatTheCLIListsAndShows() throws {
        let directory = try TemporaryDirectory()
        let daemon = try Command.run("breathd", ["--data-directory", directory.url.path, "--runs", "2", "--seed", "7"])
        #expect(daemon.status == 0, "\(daemon.stderr)")
        // journald priority prefixes on every log line.
        for line in daemon.stderr.split(separator: "\n") { #expect(line.first == "<", "\(line)") }

        let database = directory.url.appendingPathComponent("breath.sqlite").path
        let list = try Command.run("breathctl", ["runs", "list", "--db", database, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 2)
        for run in runs {
            #expect(run["status"] as? String == "complete")
            #expect(run["sample_count"] as? Int == 12_200)
            #expect(run["missing_samples"] as? Int == 0)
            #expect(run["totals_verified"] as? Bool == true)
            let capture = try #require(run["capture_path"] as? String)
            let attributes = try FileManager.default.attributesOfItem(atPath: capture)
            #expect((attributes[.posixPermissions] as? Int) == 0o640)
        }

        let table = try Command.run("breathctl", ["runs", "list", "--db", database])
        #expect(table.status == 0)
        #expect(table.stdout.split(separator: "\n").count == 3)
        #expect(table.stdout.contains("BGC1-EMU-0001"))

        let show = try Command.run("breathctl", ["runs", "show", "1", "--db", database])
        #expect(show.status == 0, "\(show.stderr)")
        for phase in ["breath-sampling", "trap", "desorption", "separation", "cool-down"] {
            #expect(show.stdout.contains(phase))
        }
        #expect(show.stdout.contains("totals verified"))
    }

    @Test func aMissingDatabaseIsOneLineAndExit66() throws {
        let directory = try TemporaryDirectory()
        let result = try Command.run("breathctl", ["runs", "list", "--db", directory.url.appendingPathComponent("none.sqlite").path])
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("breathctl: no database at"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anUnknownRunIsOneLineAndExit66() throws {
        let directory = try TemporaryDirectory()
        #expect(try Command.run("breathd", ["--data-directory", directory.url.path, "--runs", "1"]).status == 0)
        let database = directory.url.appendingPathComponent("breath.sqlite").path
        let result = try Command.run("breathctl", ["runs", "show", "999", "--db", database])
        #expect(result.status == 66)
        #expect(result.stderr == "breathctl: no run '999' in \(database)\n")
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let bogus = directory.url.appendingPathComponent("bogus.sqlite")
        try Data("this is not sqlite".utf8).write(to: bogus)
        let result = try Command.run("breathctl", ["runs", "list", "--db", bogus.path])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("breathctl: database \(bogus.path):"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        ["runs", "list", "--limit", "0"],
        ["runs", "list", "--limit", "many"],
        ["runs", "frobnicate"],
        ["runs", "show"],
    ])
    func wrongUsageExits64(_ arguments: [String]) throws {
        let result = try Command.run("breathctl", arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error:"))
    }

    @Test(arguments: [["--runs", "0"], ["--pace", "fast"], ["--subject", "patient"], ["--seed", "-1"]])
    func daemonRejectsBadOptions(_ arguments: [String]) throws {
        let result = try Command.run("breathd", arguments + ["--data-directory", "/nonexistent/never-created"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/never-created"))
    }

    @Test func aDataDirectoryThatCannotBeCreatedIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("file")
        try Data().write(to: file)
        let result = try Command.run("breathd", ["--data-directory", file.appendingPathComponent("sub").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot create data directory"))
    }
}
