import Foundation

/// Accuracy and speed benchmark of the BreathSignal analysis core (see Scripts/bench-signal.sh,
/// which runs the whole comparison with the scipy reference).
///
///     SignalBench generate --out DIR      write the generated sets and the speed inputs
///     SignalBench analyze --in DIR        run ChromatogramAnalyzer on them, write DIR/ours.json
///                        [--out FILE] [--repetitions N]
@main
struct SignalBench {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else { usage() }
        arguments.removeFirst()
        do {
            let options = try Options(arguments)
            switch command {
            case "generate":
                try Generate.run(directory: try options.url("--out"))
            case "analyze":
                let directory = try options.url("--in")
                let output = options.values["--out"].map(URL.init(fileURLWithPath:))
                    ?? directory.appendingPathComponent("ours.json")
                let repetitions = try options.values["--repetitions"].map {
                    guard let count = Int($0), count >= 1 else { throw BenchError("--repetitions needs a positive integer") }
                    return count
                } ?? 7
                try Analyze.run(directory: directory, output: output, repetitions: repetitions)
            default:
                usage()
            }
        } catch {
            FileHandle.standardError.write(Data("SignalBench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data("usage: SignalBench generate --out DIR | analyze --in DIR [--out FILE] [--repetitions N]\n".utf8))
        exit(64)
    }
}

/// `--name value` pairs.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        while let name = remaining.popFirst() {
            guard name.hasPrefix("--"), let value = remaining.popFirst() else { throw BenchError("expected --option value, got \(name)") }
            values[name] = value
        }
    }

    func url(_ name: String) throws -> URL {
        guard let path = values[name] else { throw BenchError("\(name) DIR is required") }
        return URL(fileURLWithPath: path)
    }
}
