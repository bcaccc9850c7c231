import Foundation
import Testing

/// Bad device options of breath-usb and breathd: one clear line and the documented exit code,
/// nothing created.
@Suite struct DeviceOptionErrorTests {
    @Test(arguments: [
        ["list", "--vid", "zz"], ["acquire", "--capture-directory", "/tmp", "--method", "fast"],
        ["acquire", "--capture-directory", "/tmp", "--run-id", "not-a-uuid"],
        ["acquire", "--capture-directory", "/tmp", "--runs", "2", "--run-id", "6f1c2a3b-0000-4000-8000-000000000001"],
    ])
    func breathUSBRefusesBadOptionsWith64(_ arguments: [String]) throws {
        let result = try Command.run("breath-usb", arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("Error:"), "\(result.stderr)")
    }

    @Test func breathdRefusesAReplayFileThatIsNotACapture() throws {
        let directory = try TemporaryDirectory()
        let garbage = directory.url.appendingPathComponent("garbage.bcap")
        try Data("not a capture".utf8).write(to: garbage)
        let data = directory.url.appendingPathComponent("data")
        let daemon = try Command.run("breathd", ["--data-directory", data.path, "--runs", "1", "--replay", garbage.path])
        #expect(daemon.status == 69, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("cannot set up the device link") && daemon.stderr.contains("not a breath capture"), "\(daemon.stderr)")
        // No run was started, so nothing is stored.
        let runs = try Command.run("breathctl", ["runs", "list", "--json", "--db", data.appendingPathComponent("breath.sqlite").path])
        let stored = try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [Any]
        #expect(stored?.isEmpty == true, "\(runs.stdout)\(runs.stderr)")
    }

    @Test func breathdRefusesAMissingReplayFileAsAConfigurationError() throws {
        let directory = try TemporaryDirectory()
        let daemon = try Command.run("breathd", [
            "--data-directory", directory.url.path, "--runs", "1", "--replay", directory.url.appendingPathComponent("none.bcap").path,
        ])
        #expect(daemon.status == 64, "a bad option is a usage error: \(daemon.stderr)")
        #expect(daemon.stderr.contains("--replay"), "\(daemon.stderr)")
    }
}
