import ArgumentParser
import BreathStore
import Foundation

/// `breathctl results`: screening results.
struct Results: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show screening results.", subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the results in force (not superseded by a correction), most recently sampled first.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this patient's results.", valueName: "pseudonym"))
        var patient: String?

        @Option(help: ArgumentHelp(
            "Only breath samples taken at or after this time (UTC day YYYY-MM-DD, or ISO 8601 with a zone).",
            valueName: "time"))
        var since: String?

        @Option(help: ArgumentHelp("Only breath samples taken before this time (same forms as --since).", valueName: "time"))
        var before: String?

        @OptionGroup var listing: ListingOptions

        func validate() throws {
            _ = try query()
        }

        /// The query the options describe; a malformed option is a usage error naming it.
        func query() throws -> ResultQuery {
            var query = ResultQuery(limit: listing.limit)
            if let patient {
                guard let pseudonym = Pseudonym(patient) else {
                    throw ValidationError("--patient must be a pseudonym: 26 letters A-Z and digits 2-7")
                }
                query.patient = pseudonym
            }
            query.sampledFrom = try since.map { try Self.time($0, option: "--since") }
            query.sampledBefore = try before.map { try Self.time($0, option: "--before") }
            if let from = query.sampledFrom, let before = query.sampledBefore, before <= from {
                throw ValidationError("--before must be later than --since")
            }
            return query
        }

        static func time(_ text: String, option: String) throws -> Date {
            let day = Date.ISO8601FormatStyle().year().month().day()
            if let date = try? day.parse(text) { return date }
            if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
            if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            throw ValidationError("\(option) must be a day (2026-01-31) or an ISO 8601 time (2026-01-31T08:00:00Z), not '\(text)'")
        }

        func run() throws {
            let query = try query()
            let results: [ResultSummary]
            do { results = try ResultStore.openReadOnly(at: database.db).results(query) } catch {
                throw fail(error.description, error.exitCode)
            }
            if listing.json {
                print(try ResultFormatting.json(results))
            } else if !results.isEmpty {
                print(ResultFormatting.table(results))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one result: QC, risk, model, peaks, compounds, features, corrections and audit entries.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The result's number (any version of it).", valueName: "result"))
        var id: Int64

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let found: (history: ResultHistory, run: RunRecord?, audit: [AuditEntry])?
            do throws(StoreError) {
                let store = try ResultStore.openReadOnly(at: database.db)
                if let history = try store.result(id), let version = history.versions.first(where: { $0.id == id }) {
                    found = (
                        history, try store.run("\(version.content.runID)"),
                        try store.auditEntries(about: history.versions.map { "result:\($0.id)" }))
                } else {
                    found = nil
                }
            } catch {
                throw fail(error.description, error.exitCode)
            }
            guard let (history, run, audit) = found else {
                throw fail("no result \(id) in \(database.db)", ExitStatus.noInput)
            }
            if json {
                print(try ResultFormatting.json(ResultFormatting.ShowDocument(history: history, audit: audit)))
            } else {
                print(ResultFormatting.details(history, id: id, run: run, audit: audit))
            }
        }
    }
}
