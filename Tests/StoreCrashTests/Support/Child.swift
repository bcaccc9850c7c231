import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One of the package's executables running as a separate process, its output going to files
/// (which keep what was written even when the process is killed, and never fill up and block it).
///
/// posix_spawn and waitpid rather than Foundation's Process, whose waitUntilExit polls in
/// 50 ms steps on Linux: the crash test starts over a hundred processes.
struct Child {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String

    /// How a child ended.
    enum Ending: Equatable {
        case exited(Int32)
        case killed(Int32)
    }

    /// Starts executable `name` (a product built beside the tests) with `arguments`.
    static func spawn(_ name: String, _ arguments: [String], in directory: URL) throws -> Child {
        let path = productsDirectory.appendingPathComponent(name).path
        let tag = UUID().uuidString
        let stdoutPath = directory.appendingPathComponent("\(name)-\(tag).out").path
        let stderrPath = directory.appendingPathComponent("\(name)-\(tag).err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard code == 0 else { throw ChildError("cannot start \(path): \(String(cString: strerror(code)))") }
        return Child(pid: pid, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    /// Runs `name` to the end and returns how it ended and what it printed.
    static func run(_ name: String, _ arguments: [String], in directory: URL) throws -> (ending: Ending, stdout: String, stderr: String) {
        let child = try spawn(name, arguments, in: directory)
        let ending = child.wait()
        return (ending, child.stdout, child.stderr)
    }

    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Blocks until the child ends.
    func wait() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Self.ending(status)
    }

    /// How the child ended, or nil while it runs.
    func poll() -> Ending? {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? Self.ending(status) : nil
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// WIFEXITED and friends are macros Swift cannot import.
    private static func ending(_ status: Int32) -> Ending {
        status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .killed(status & 0x7F)
    }

    /// Where SwiftPM put the executables: the folder holding the test bundle.
    static var productsDirectory: URL {
        var url = Bundle.main.bundleURL
        while url.pathExtension == "xctest"
            || !FileManager.default.fileExists(atPath: url.appendingPathComponent("BreathStoreCrashWriter").path)
        {
            let parent = url.deletingLastPathComponent()
            if parent == url { break }
            url = parent
        }
        return url
    }
}

struct ChildError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A fresh temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("breath-store-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
