import BreathStore
import BreathStoreSamples
import Foundation

/// Writes runs, screening results, corrections and identity erasures into a store, as the
/// daemon will, and prints `result ID` (or `erased PSEUDONYM`) on standard output after each
/// commit has returned. The crash test kills it with SIGKILL at random points and then checks
/// that everything printed is in the database.
///
///     BreathStoreCrashWriter --db PATH [--seed N] [--count N] [--pause-ms N]
///
/// Without --count it writes until killed. Exits 64 on wrong usage, 74 when the store fails.
@main
enum CrashWriter {
    static func main() {
        let options: Options
        do { options = try Options(CommandLine.arguments.dropFirst()) } catch {
            FileHandle.standardError.write(Data("BreathStoreCrashWriter: \(error)\n".utf8))
            exit(64)
        }
        do throws(StoreError) {
            try write(options)
        } catch {
            FileHandle.standardError.write(Data("BreathStoreCrashWriter: \(error)\n".utf8))
            exit(74)
        }
    }

    static func write(_ options: Options) throws(StoreError) {
        let store = try ResultStore.openForWriting(at: options.database)
        if try !store.operators().contains(where: { $0.username == "crash-test" }) {
            try store.registerOperator(username: "crash-test", displayName: "Crash Test", actor: "admin")
        }
        var random = SplitMix64(seed: options.seed)
        var previous: Int64?
        var written = 0
        while options.count.map({ written < $0 }) ?? true {
            let patient = try store.pseudonym(forPatient: "MRN-\(random.next() % 50)", actor: "crash-test")
            let started = Date(timeIntervalSince1970: 1_767_225_600 + Double(random.next() % 31_536_000))
            let runID = try store.insert(
                run: SyntheticResults.run(startedAt: started), device: SyntheticResults.device,
                trace: SyntheticResults.trace, events: [], actor: "breathd")
            let content = SyntheticResults.content(runID: runID, patient: patient, operatorName: "crash-test", random: &random)
            let id: Int64
            if let previous, random.next() % 5 == 0 {
                id = try store.correctResult(previous, with: content, reason: "re-read by the crash test", actor: "crash-test")
            } else {
                id = try store.insertResult(content, actor: "crash-test")
            }
            emit("result \(id)")
            previous = id
            if random.next() % 10 == 0 {
                let erased = try store.pseudonym(forPatient: "ERASE-\(random.next())", actor: "crash-test")
                try store.eraseIdentity(ofPseudonym: erased, reason: "patient request", actor: "crash-test")
                emit("erased \(erased)")
            }
            written += 1
            if options.pauseMillis > 0 { usleep(UInt32(options.pauseMillis) * 1000) }
        }
    }

    /// One write(2) per line: a line is either wholly in the output or not at all.
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

struct Options {
    var database = ""
    var seed: UInt64 = 1
    var count: Int?
    var pauseMillis = 0

    init(_ arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let option = arguments.popFirst() {
            guard let value = arguments.popFirst() else { throw UsageError("\(option) needs a value") }
            switch option {
            case "--db": database = value
            case "--seed": seed = try Self.number(value, option)
            case "--count": count = Int(try Self.number(value, option))
            case "--pause-ms": pauseMillis = Int(try Self.number(value, option))
            default: throw UsageError("unknown option \(option)")
            }
        }
        guard !database.isEmpty else { throw UsageError("--db PATH is required") }
    }

    private static func number(_ text: String, _ option: String) throws -> UInt64 {
        guard let value = UInt64(text), value < 1 << 32 else { throw UsageError("\(option) needs a number, not '\(text)'") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
