import ArgumentParser
import BreathStore
import Foundation

/// `breathctl runs`: acquired runs.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show acquired runs.", subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the most recent runs, newest first.")

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var listing: ListingOptions

        func run() throws {
            let runs: [RunRecord]
            do { runs = try ResultStore.openReadOnly(at: database.db).runs(limit: listing.limit) } catch {
                throw fail(error.description, error.exitCode)
            }
            if listing.json {
                print(try RunFormatting.json(runs))
            } else if !runs.isEmpty {
                print(RunFormatting.table(runs))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run: metadata, breath sample, events.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The run's number or UUID.", valueName: "run"))
        var key: String

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let found: (record: RunRecord, events: [RunEventRecord], trace: RunTrace?)?
            do throws(StoreError) {
                let store = try ResultStore.openReadOnly(at: database.db)
                if let record = try store.run(key), let id = record.id {
                    found = (record, try store.events(runID: id), try store.trace(runID: id))
                } else {
                    found = nil
                }
            } catch {
                throw fail(error.description, error.exitCode)
            }
            guard let (record, events, trace) = found else {
                throw fail("no run '\(key)' in \(database.db)", ExitStatus.noInput)
            }
            if json {
                print(try RunFormatting.json(record))
            } else {
                print(RunFormatting.details(record, events: events, trace: trace))
            }
        }
    }
}
