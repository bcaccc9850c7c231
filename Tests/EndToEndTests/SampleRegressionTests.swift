import Foundation
import Testing

/// Every capture in Samples/ replays to the outcome Samples/expected.json records: the run as
/// `breathctl replay` sees it, and the screening result `breathd --replay` stores.
@Suite struct SampleRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = root.appendingPathComponent("Samples")
    /// One entry of expected.json.
    struct Outcome: Decodable, Sendable {
        var status: String
        var samples, received_samples, missing_samples, sequence_gaps, peaks: Int
        var totals_verified: Bool
        var reason: String?
        var faults: [String]
        var qc_outcome: String?
        var category: String?
    }

    static let expected: [String: Outcome] = {
        guard let data = try? Data(contentsOf: samples.appendingPathComponent("expected.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Outcome].self, from: data)) ?? [:]
    }()

    @Test func theSixReferenceSituationsAreAllThere() {
        let names = Set(Self.expected.keys)
        for prefix in ["control", "case-like", "low-breath-volume", "retention-drift", "device-fault", "disconnect-reconnect"] {
            #expect(names.contains { $0.hasPrefix(prefix) }, "no sample for \(prefix)")
        }
        #expect(Self.expected["low-breath-volume.bcap"]?.qc_outcome == "fail")
        #expect(Self.expected["low-breath-volume.bcap"]?.category == nil, "a QC failure never has a category")
        #expect(Self.expected["device-fault.bcap"]?.status == "failed")
        #expect(Self.expected["disconnect-reconnect-1.bcap"]?.status == "interrupted")
        #expect(Self.expected["disconnect-reconnect-2.bcap"]?.status == "complete")
    }

    @Test(arguments: expected.keys.sorted())
    func replayGivesTheRecordedOutcome(_ name: String) throws {
        let expected = try #require(Self.expected[name])
        let path = Self.samples.appendingPathComponent(name).path
        let replay = try Command.run("breathctl", ["replay", path, "--json"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])
        let run = try #require(document["run"] as? [String: Any])
        #expect(run["status"] as? String == expected.status, "\(name)")
        #expect(run["samples"] as? Int == expected.samples, "\(name)")
        #expect(run["received_samples"] as? Int == expected.received_samples, "\(name)")
        #expect(run["missing_samples"] as? Int == expected.missing_samples, "\(name)")
        #expect(run["sequence_gaps"] as? Int == expected.sequence_gaps, "\(name)")
        #expect(run["totals_verified"] as? Bool == expected.totals_verified, "\(name)")
        #expect(run["reason"] as? String == expected.reason, "\(name)")
        #expect((run["faults"] as? [String]) ?? [] == expected.faults, "\(name)")
        let peaks = ((document["analysis"] as? [String: Any])?["peaks"] as? [Any])?.count ?? 0
        #expect(peaks == expected.peaks, "\(name): peaks")

        let data = try TemporaryDirectory()
        let daemon = try Command.run("breathd", [
            "--data-directory", data.url.path, "--runs", "1", "--replay", path, "--log-level", "error",
            "--screening-method", Self.root.appendingPathComponent("Screening/breath-screening-method.json").path,
        ])
        #expect(daemon.status == 0, "\(daemon.stderr)")
        let list = try Command.run("breathctl", ["results", "list", "--json", "--db", data.url.appendingPathComponent("breath.sqlite").path])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let qc = results.first?["qc_outcome"] as? String
        let category = (results.first?["assessment"] as? [String: Any])?["category"] as? String
        #expect(qc == expected.qc_outcome, "\(name): QC")
        #expect(category == expected.category, "\(name): category")
    }
}
