import BreathStore
import BreathStoreSamples
import Foundation

/// The result store's benchmark (run it through `Scripts/bench-store.sh`):
///
///     StoreBench --breathctl PATH [--sqlite3 PATH] [--results N] [--timed N] [--batch N]
///                [--repeats N] [--keep FILE]
///
/// 1. fills a fresh database with N results (default 100,000), each with 24 peaks, 10
///    compounds, 12 features and its audit entry, over 20,000 patients and one year of runs:
///    the first `--timed` results one transaction each (as breathd writes them), the rest in
///    transactions of `--batch` (for reference); synchronous=FULL throughout;
/// 2. times the CLI's three typical queries (latest 50; one patient; one week) through the
///    store API, through `breathctl` as a process, and through the `sqlite3` shell running the
///    same SQL (``ResultQuery/shellSQL``) on the same file, and prints them side by side.
@main
struct StoreBench {
    static func main() throws {
        let options = try BenchOptions(CommandLine.arguments.dropFirst())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = options.keep ?? directory.appendingPathComponent("breath.sqlite").path

        let fill = try Fill.run(path: path, options: options)
        print(fill.report)
        let queries = try QueryTiming.run(path: path, fill: fill, options: options)
        print(queries)
    }
}

/// The command line.
struct BenchOptions {
    var breathctl = ""
    var sqlite3 = "sqlite3"
    var results = 100_000
    var timed = 3_000
    var batch = 1_000
    var repeats = 15
    var keep: String?

    init(_ arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let option = arguments.popFirst() {
            guard let value = arguments.popFirst() else { throw BenchError("\(option) needs a value") }
            switch option {
            case "--breathctl": breathctl = value
            case "--sqlite3": sqlite3 = value
            case "--results": results = try Self.count(value, option)
            case "--timed": timed = try Self.count(value, option)
            case "--batch": batch = try Self.count(value, option)
            case "--repeats": repeats = try Self.count(value, option)
            case "--keep": keep = value
            default: throw BenchError("unknown option \(option)")
            }
        }
        guard !breathctl.isEmpty else { throw BenchError("--breathctl PATH is required") }
        guard timed <= results else { throw BenchError("--timed must not exceed --results") }
    }

    private static func count(_ text: String, _ option: String) throws -> Int {
        guard let value = Int(text), value > 0 else { throw BenchError("\(option) needs a positive number, not '\(text)'") }
        return value
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Seconds of wall-clock time that `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// The median of `samples`.
func median(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
