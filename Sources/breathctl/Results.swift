import ArgumentParser
import BreathExport
import BreathStore
import Foundation

/// `breathctl results`: screening results.
struct Results: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show and export screening results.", subcommands: [List.self, Show.self, Export.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the results in force (not superseded by a correction), most recently sampled first.",
            discussion: """
                Times without a zone are local time (the TZ environment variable, else the
                system's zone); a day alone means its midnight, as in journalctl. Accepted:
                "2026-03-01 09:00", "2026-03-01", "today", "yesterday", "now", "-2h", "-30m",
                "-3d", "-1w", or ISO 8601 with a zone ("2026-03-01T09:00:00Z").

                --json prints an array of objects with the keys id, run_id, patient,
                sampled_at and recorded_at (ISO 8601, UTC), qc_outcome, assessment (risk and
                category; absent when QC failed), model_id and supersedes (absent for an
                original result). --csv prints RFC 4180 CSV with
                the header
                id,sampled_at,patient,run_id,qc_outcome,category,risk,model_id,supersedes_id,recorded_at
                Both stay stable across versions; new keys or columns may only be added at
                the end. The table is for people and may change.
                No matching result prints nothing (an empty array for --json, the header for
                --csv) and exits 0.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this patient's results.", valueName: "pseudonym"))
        var patient: String?

        @Option(help: ArgumentHelp("Only results of this breath sample (run number or run UUID).", valueName: "run"))
        var sample: String?

        // Unconditional: "-2h" is a value here, not an option.
        @Option(parsing: .unconditional, help: ArgumentHelp("Only breath samples taken at or after this time.", valueName: "time"))
        var since: String?

        @Option(
            name: [.customLong("until"), .customLong("before")], parsing: .unconditional,
            help: ArgumentHelp("Only breath samples taken before this time (--before is the old name).", valueName: "time"))
        var until: String?

        @Option(parsing: .singleValue, help: ArgumentHelp(
            "Only this risk category: low, indeterminate or high (repeat, or separate with commas).", valueName: "category"))
        var category: [String] = []

        @Option(parsing: .singleValue, help: ArgumentHelp(
            "Only this QC outcome: pass, warning or fail (repeat, or separate with commas).", valueName: "outcome"))
        var qc: [String] = []

        @Option(help: ArgumentHelp("Only results of runs on the device with this serial number.", valueName: "serial"))
        var device: String?

        @OptionGroup var listing: ListingOptions

        @Flag(help: "Print CSV instead of a table.")
        var csv = false

        /// The query the options describe, read against `now` in `timeZone`; a malformed
        /// option is one line naming it and its value, and exit 64.
        func query(now: Date = Date(), timeZone: TimeZone = .current) throws -> ResultQuery {
            var query = ResultQuery(limit: listing.limit)
            if let patient {
                guard let pseudonym = Pseudonym(patient) else {
                    throw fail("--patient '\(patient)' is not a pseudonym (26 letters A-Z and digits 2-7)", ExitStatus.usage)
                }
                query.patient = pseudonym
            }
            if let sample {
                guard Int64(sample).map({ $0 > 0 }) ?? (UUID(uuidString: sample) != nil) else {
                    throw fail("--sample '\(sample)' is neither a run number nor a run UUID", ExitStatus.usage)
                }
                query.run = sample
            }
            func time(_ text: String?, _ option: String) throws -> Date? {
                guard let text else { return nil }
                do { return try TimeExpression.parse(text, now: now, timeZone: timeZone) } catch {
                    throw fail("\(option) '\(text)' is not a time; use \(TimeExpression.forms)", ExitStatus.usage)
                }
            }
            query.sampledFrom = try time(since, "--since")
            query.sampledBefore = try time(until, "--until")
            if let from = query.sampledFrom, let before = query.sampledBefore, before <= from {
                throw fail("--until '\(until!)' is not later than --since '\(since!)'", ExitStatus.usage)
            }
            query.categories = Set(try Self.values(category, "--category", RiskCategory.self))
            query.qcOutcomes = Set(try Self.values(qc, "--qc", QCOutcome.self))
            query.deviceSerial = device
            return query
        }

        /// The values of a repeatable, comma-separated option naming cases of `type`.
        static func values<T: RawRepresentable & CaseIterable>(_ texts: [String], _ option: String, _ type: T.Type) throws -> [T]
        where T.RawValue == String {
            try texts.flatMap { $0.split(separator: ",") }.map { text in
                let word = text.trimmingCharacters(in: .whitespaces).lowercased()
                guard let value = T(rawValue: word) else {
                    let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail("\(option) '\(text)' is not one of \(allowed)", ExitStatus.usage)
                }
                return value
            }
        }

        func validate() throws {
            guard !(listing.json && csv) else { throw ValidationError("--json and --csv exclude each other") }
        }

        func run() throws {
            let query = try query()
            let results: [ResultSummary]
            do { results = try ResultStore.openReadOnly(at: database.db).results(query) } catch {
                throw fail(error.description, error.exitCode)
            }
            if listing.json {
                print(try ResultFormatting.json(results))
            } else if csv {
                print(CSVTable.summaries(results).text, terminator: "")
            } else if !results.isEmpty {
                print(ResultFormatting.table(results))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one result: QC, risk, model, peaks, compounds, features, provenance, corrections and audit entries.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The result's number (any version of it).", valueName: "result"))
        var id: Int64

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let (record, audit) = try ResultLookup.record(id, database: database.db, withAudit: true)
            if json {
                print(try ResultFormatting.json(ResultFormatting.ShowDocument(record: record, audit: audit)))
            } else {
                print(ResultFormatting.details(record, id: id, audit: audit))
            }
        }
    }
}
