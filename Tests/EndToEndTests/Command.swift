import Foundation

/// Runs one of the package's built executables and captures what it printed.
struct Command {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `name` (a product built beside the test bundle) with `arguments`.
    static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Command {
        try run(executable: productsDirectory.appendingPathComponent(name).path, arguments, environment: environment)
    }

    /// Runs `name` as the unprivileged user `nobody` (the tests run as root in CI; root reads every file).
    /// The executable is copied into a fresh world-readable folder first, since the build
    /// folder may sit under a home directory that `nobody` cannot enter.
    static func runAsNobody(_ name: String, _ arguments: [String]) throws -> Command {
        let directory = try TemporaryDirectory()
        chmod(directory.url.path, 0o755)
        let copy = directory.url.appendingPathComponent(name)
        try FileManager.default.copyItem(at: productsDirectory.appendingPathComponent(name), to: copy)
        chmod(copy.path, 0o755)
        return try run(executable: "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", copy.path] + arguments)
    }

    static func run(executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Command {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Command(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Where SwiftPM put the executables: the folder holding the test bundle.
    static var productsDirectory: URL {
        var url = Bundle.main.bundleURL
        while url.pathExtension == "xctest" || !FileManager.default.fileExists(atPath: url.appendingPathComponent("breathd").path) {
            let parent = url.deletingLastPathComponent()
            if parent == url { break }
            url = parent
        }
        return url
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
