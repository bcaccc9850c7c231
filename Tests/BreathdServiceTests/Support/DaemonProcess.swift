import BreathTestSupport
import Foundation
import Glibc

/// breathd started the way systemd starts it: NOTIFY_SOCKET, WATCHDOG_USEC, a config file.
final class DaemonProcess {
    let process = Process()
    let logURL: URL
    let notify: NotifySocket

    /// Starts breathd with `configuration` (`key = value` lines) written to a file in `directory`.
    init(directory: URL, configuration: String, watchdogMicros: Int = 400_000, name: String = UUID().uuidString) throws {
        let configURL = directory.appendingPathComponent("breathd-\(name).conf")
        try configuration.write(to: configURL, atomically: true, encoding: .utf8)
        notify = try NotifySocket(path: directory.appendingPathComponent("notify-\(name.prefix(8))").path)
        logURL = directory.appendingPathComponent("breathd-\(name).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = BuiltProducts.executable("breathd")
        process.arguments = ["--config", configURL.path]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "\(watchdogMicros)"
        environment.removeValue(forKey: "WATCHDOG_PID")
        process.environment = environment
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end and returns its status; throws if it does not within `seconds`.
    func waitForExit(seconds: Int = 60) throws -> (reason: Process.TerminationReason, status: Int32) {
        for _ in 0..<(seconds * 20) where process.isRunning { usleep(50_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            throw HarnessError("breathd did not exit within \(seconds) s; log:\n\(log)")
        }
        return (process.terminationReason, process.terminationStatus)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
