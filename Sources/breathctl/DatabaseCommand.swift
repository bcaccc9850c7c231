import ArgumentParser
import BreathStore
import Foundation

/// `breathctl db`: checking and backing up the database file.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Check or back up the database.", subcommands: [Check.self, Backup.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQLite's integrity_check and foreign_key_check.",
            discussion: "Exits 0 when both find nothing, 1 (listing the problems) otherwise.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let problems: [String]
            do { problems = try ResultStore.openReadOnly(at: database.db).integrityProblems() } catch {
                throw fail(error.description, error.exitCode)
            }
            guard let first = problems.first else {
                print("ok: integrity_check and foreign_key_check found no problems")
                return
            }
            print(problems.joined(separator: "\n"))
            throw fail("database \(database.db) is damaged: \(first) (\(problems.count) problems)", ExitStatus.checkFailed)
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the database with SQLite's online backup API, then check the copy.",
            discussion: """
                Safe while breathd writes: the copy is a consistent snapshot. DEST must not exist;
                it is created with mode 0640 as a single self-contained file. The copy must pass
                integrity_check (otherwise it is removed, exit 74 or 65); its audit trail is
                verified too, and a broken one exits 1 but keeps the copy, which is evidence.
                """)

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The new file to write.", valueName: "dest"))
        var destination: String

        func run() throws {
            let report: BackupReport
            do { report = try ResultStore.openReadOnly(at: database.db).backup(to: destination) } catch {
                throw fail(error.description, error.exitCode)
            }
            switch report.audit {
            case .intact(let entries, let head):
                print("backed up to \(report.path): \(report.pages) pages, integrity ok, audit trail intact (\(entries) entries, head \(head))")
            case .broken(let problem):
                print("backed up to \(report.path): \(report.pages) pages, integrity ok")
                throw fail("the copy's audit trail is broken: \(problem)", ExitStatus.checkFailed)
            }
        }
    }
}
