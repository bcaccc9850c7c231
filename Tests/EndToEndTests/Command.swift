import BreathTestSupport
import Foundation

/// Runs one of the package's built executables and captures what it printed.
struct Command {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `name` (a product built beside the test bundle) with `arguments`.
    static func run(_ name: String, _ arguments: [String]) throws -> Command {
        let result = try runChild(BuiltProducts.executable(name), arguments)
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
