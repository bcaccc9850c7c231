import BreathTestSupport
import Foundation

/// Runs one of the package's built executables and captures what it printed.
struct Command {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `name` (a product built beside the test bundle) with `arguments`.
    static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Command {
        try run(executable: BuiltProducts.executable(name).path, arguments, environment: environment)
    }

    /// Runs `name` as the unprivileged user `nobody` (the tests run as root in CI; root reads every file).
    /// The executable is copied into a fresh world-readable folder first, since the build
    /// folder may sit under a home directory that `nobody` cannot enter.
    static func runAsNobody(_ name: String, _ arguments: [String]) throws -> Command {
        let directory = try TemporaryDirectory()
        chmod(directory.url.path, 0o755)
        let copy = directory.url.appendingPathComponent(name)
        try FileManager.default.copyItem(at: BuiltProducts.executable(name), to: copy)
        chmod(copy.path, 0o755)
        return try run(executable: "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", copy.path] + arguments)
    }

    static func run(executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Command {
        let result = try runChild(URL(fileURLWithPath: executable), arguments, environment: environment)
        return Command(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}

/// A fresh temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("breath-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
