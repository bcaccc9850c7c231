import ArgumentParser
import BreathStore
import Foundation

/// `breathctl audit`: the append-only, hash-chained audit trail.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show and verify the audit trail.", subcommands: [Verify.self, List.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every link of the audit chain and every result against its entry.",
            discussion: """
                Prints the number of entries and the hash of the last one, and exits 0, when the
                trail is intact. Otherwise prints one line naming the first broken entry or
                result on standard error and exits 1. Write the head hash down elsewhere: a
                later run that prints a different history up to it shows a rewritten trail.
                """)

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let verification: AuditVerification
            do { verification = try ResultStore.openReadOnly(at: database.db).verifyAuditTrail() } catch {
                throw fail(error.description, error.exitCode)
            }
            switch verification {
            case .intact(let entries, let head):
                print("audit trail intact: \(entries) entries, head \(head)")
            case .broken(let problem):
                throw fail("audit trail broken: \(problem)", ExitStatus.checkFailed)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the most recent audit entries, newest first.")

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var listing: ListingOptions

        func run() throws {
            let entries: [AuditEntry]
            do { entries = try ResultStore.openReadOnly(at: database.db).auditEntries(limit: listing.limit) } catch {
                throw fail(error.description, error.exitCode)
            }
            if listing.json {
                print(try ResultFormatting.json(entries))
            } else if !entries.isEmpty {
                print(ResultFormatting.auditTable(entries))
            }
        }
    }
}
