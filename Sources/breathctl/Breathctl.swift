import ArgumentParser
import BreathService

/// The clinic staff's command line.
@main
struct Breathctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breathctl",
        abstract: "Query and check the breath-analysis service.",
        discussion: """
            Exit codes: 0 success; 64 wrong usage; 65 unreadable or invalid data; 66 a database,
            file or record that does not exist; 74 an I/O error.
            """,
        version: BreathVersion.software,
        subcommands: [Runs.self, Analyze.self])
}

/// Options every database command takes.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database to read.", valueName: "path"))
    var db: String = "/var/lib/breathd/breath.sqlite"
}
