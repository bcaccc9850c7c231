import BreathTestSupport
import Foundation

/// Where the tests find the repository's files and the package's executables.
enum Tools {
    /// The package root, from this file's place in Tests/BreathUSBTests.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let umockdevFolder = packageRoot.appendingPathComponent("Tests/umockdev")

    /// Debian's Python: it has python3-gi and the UMockdev typelib (a pyenv python may not).
    static let python = "/usr/bin/python3"

    static func product(_ name: String) -> String {
        productsDirectory(containing: "breath-usb").appendingPathComponent(name).path
    }
}

/// A finished child process and what it printed.
struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `executable` with `arguments` and waits for it.
    static func run(_ executable: String, _ arguments: [String]) throws -> Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read stderr on another thread so that neither pipe can fill up and block the child.
        let errors = ErrorCollector(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: errors.wait())
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// umockdev leaves `umockdev.*` folders in the temporary directory when a run is aborted.
enum UMockdevLeftovers {
    static func current() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        return Set(names.filter { $0.hasPrefix("umockdev.") })
    }

    /// Removes the folders that appeared since `before` and returns their names.
    static func removeNew(since before: Set<String>) -> Set<String> {
        let new = current().subtracting(before)
        for name in new {
            try? FileManager.default.removeItem(atPath: (NSTemporaryDirectory() as NSString).appendingPathComponent(name))
        }
        return new
    }
}
