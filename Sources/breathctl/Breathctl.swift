import ArgumentParser
import BreathService

/// The clinic staff's command line.
@main
struct Breathctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breathctl",
        abstract: "Query and check the breath-analysis service.",
        discussion: """
            Every command only reads the database; none changes it. Every command that reads
            it takes --db PATH (default /var/lib/breathd/breath.sqlite).

            Exit codes: 0 success (also for a listing that matches nothing); 1 a check ran and
            found a problem (audit verify, db check, the check of a backup); 64 wrong usage,
            including a malformed option value; 65 unreadable or invalid data (including a
            damaged database or one written by newer software); 66 a database, file or record
            that does not exist; 69 a helper program is missing (rsvg-convert for PNG); 73 a
            file that must be new already exists or cannot be created; 74 an I/O error; 77
            permission denied (the database or its folder). Errors are one line on standard
            error.

            Completions: breathctl --generate-completion-script bash|zsh|fish.
            """,
        version: BreathVersion.software,
        subcommands: [
            Runs.self, Results.self, Audit.self, DatabaseCommand.self, Analyze.self, Plot.self, Replay.self, Status.self, Run.self,
            Device.self, Model.self,
        ])
}

/// Options every database command takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database to read.", valueName: "path"))
    var db: String = "/var/lib/breathd/breath.sqlite"
}

/// Options every listing command takes: how many rows, and table or JSON.
struct ListingOptions: ParsableArguments {
    @Option(help: "At most this many rows.")
    var limit: Int = 50

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }
}
