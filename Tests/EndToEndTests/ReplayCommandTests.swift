import Foundation
import Testing

/// `breathctl replay` on captures breathd recorded, and on bad input.
@Suite struct ReplayCommandTests {
    /// Runs breathd once against the emulator and returns its capture file. breathd keeps one
    /// session per connection and captures each run from its method upload on, so these
    /// captures hold no handshake and their answers carry the daemon's request numbers.
    static func recordCapture(in directory: TemporaryDirectory, seed: Int = 3) throws -> URL {
        let daemon = try Command.run("breathd", ["--data-directory", directory.url.path, "--runs", "1", "--seed", "\(seed)"])
        #expect(daemon.status == 0, "\(daemon.stderr)")
        let captures = directory.url.appendingPathComponent("captures")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: captures.path).first { $0.hasSuffix(".bcap") })
        return captures.appendingPathComponent(name)
    }

    @Test func replayingACaptureTwicePrintsTheSameResult() throws {
        let directory = try TemporaryDirectory()
        let capture = try Self.recordCapture(in: directory)
        let first = try Command.run("breathctl", ["replay", capture.path, "--json"])
        let second = try Command.run("breathctl", ["replay", capture.path, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let run = try #require(document["run"] as? [String: Any])
        #expect(run["status"] as? String == "complete")
        #expect(run["totals_verified"] as? Bool == true)
        #expect(run["capture"] == nil, "a replay writes no capture")
        let analysis = try #require(document["analysis"] as? [String: Any])
        #expect((analysis["peaks"] as? [Any])?.count ?? 0 >= 5)
        // The replay neither stores nor records: the data directory holds what breathd left.
        let files = try FileManager.default.contentsOfDirectory(atPath: capture.deletingLastPathComponent().path)
        #expect(files.count == 1)
    }

    @Test func aTruncatedCaptureReplaysAsAnInterruptedRun() throws {
        let directory = try TemporaryDirectory()
        let capture = try Self.recordCapture(in: directory)
        let bytes = try Data(contentsOf: capture)
        let cut = directory.url.appendingPathComponent("cut.bcap")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let result = try Command.run("breathctl", ["replay", cut.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(": interrupted (no RUN_COMPLETE: the device disconnected)"), "\(result.stdout)")
    }

    @Test func badInputIsOneLineWithItsExitCode() throws {
        let directory = try TemporaryDirectory()
        let missing = try Command.run("breathctl", ["replay", directory.url.appendingPathComponent("none.bcap").path])
        #expect(missing.status == 66)
        #expect(missing.stderr.hasSuffix("no such file\n") && missing.stderr.split(separator: "\n").count == 1)

        let garbage = directory.url.appendingPathComponent("garbage.bcap")
        try Data("not a capture".utf8).write(to: garbage)
        let notCapture = try Command.run("breathctl", ["replay", garbage.path])
        #expect(notCapture.status == 65)
        #expect(notCapture.stderr.split(separator: "\n").count == 1)

        let capture = try Self.recordCapture(in: directory)
        let header = directory.url.appendingPathComponent("header-only.bcap")
        try Data(contentsOf: capture).prefix(30).write(to: header)
        let torn = try Command.run("breathctl", ["replay", header.path])
        #expect(torn.status == 65, "a cut inside the header is unreadable: \(torn.stderr)")

        let pace = try Command.run("breathctl", ["replay", capture.path, "--pace", "fast"])
        #expect(pace.status == 64)
    }
}
