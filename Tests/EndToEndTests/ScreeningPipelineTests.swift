import Foundation
import Testing

/// breathd with the shipped screening method: every complete run gets a stored screening
/// result, and a replayed capture gives the same result as the live run.
@Suite struct ScreeningPipelineTests {
    static let method = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Screening/breath-screening-method.json").path

    /// The one result of the database in `directory`, from `results list --json`.
    static func onlyResult(in directory: URL) throws -> [String: Any] {
        let list = try Command.run("breathctl", ["results", "list", "--json", "--db", directory.appendingPathComponent("breath.sqlite").path])
        #expect(list.status == 0, "\(list.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        try #require(results.count == 1, "\(list.stdout)")
        return results[0]
    }

    @Test func aLiveRunIsScreenedAndItsReplayGivesTheSameResult() throws {
        let live = try TemporaryDirectory()
        let daemon = try Command.run("breathd", [
            "--data-directory", live.url.path, "--runs", "1", "--seed", "5", "--screening-method", Self.method,
        ])
        #expect(daemon.status == 0, "\(daemon.stderr)")
        let result = try Self.onlyResult(in: live.url)
        #expect(result["qc_outcome"] as? String == "pass")
        #expect(result["model_id"] as? String == "breath-lc-demo")
        let assessment = try #require(result["assessment"] as? [String: Any])
        let risk = try #require(assessment["risk"] as? Double)
        let show = try Command.run("breathctl", ["results", "show", "1", "--db", live.url.appendingPathComponent("breath.sqlite").path])
        #expect(show.stdout.contains("NOT VALIDATED"), "every output of the demo model says it is not validated")

        let captures = live.url.appendingPathComponent("captures")
        let capture = try #require(try FileManager.default.contentsOfDirectory(atPath: captures.path).first { $0.hasSuffix(".bcap") })
        let replayed = try TemporaryDirectory()
        let replay = try Command.run("breathd", [
            "--data-directory", replayed.url.path, "--runs", "1", "--replay", captures.appendingPathComponent(capture).path,
            "--screening-method", Self.method,
        ])
        #expect(replay.status == 0, "\(replay.stderr)")
        let again = try Self.onlyResult(in: replayed.url)
        #expect(again["qc_outcome"] as? String == "pass")
        #expect((again["assessment"] as? [String: Any])?["risk"] as? Double == risk, "bit-identical risk from the replay")
    }

    @Test func anUnusableScreeningMethodStopsBreathdWithExit78() throws {
        let directory = try TemporaryDirectory()
        let bad = directory.url.appendingPathComponent("method.json")
        try Data(#"{"format": "breath-screening-method", "formatVersion": 1}"#.utf8).write(to: bad)
        let daemon = try Command.run("breathd", ["--data-directory", directory.url.appendingPathComponent("data").path,
                                                 "--runs", "1", "--screening-method", bad.path])
        #expect(daemon.status == 78, "\(daemon.stderr)")
        #expect(daemon.stderr.contains("screening_method"))
    }
}
