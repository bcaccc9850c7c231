import BreathTestSupport
import Foundation
import Testing

extension UMockdevTests {
    /// breathd itself on the libusb link: the daemon's device supervisor, coordinator, store and
    /// screening against the interactive umockdev device.
    @Suite struct DaemonOverUSB {
        /// The runs breathd stored in `data`, as `breathctl runs list --json` prints them.
        func storedRuns(_ data: URL) throws -> [[String: Any]] {
            let list = try Finished.run(Tools.product("breathctl"), ["runs", "list", "--json", "--db", data.appendingPathComponent("breath.sqlite").path])
            return try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], "\(list.stderr)")
        }

        @Test func theDaemonSurvivesAnUnplugAndScreensTheRunAfterTheReplug() throws {
            try withTemporaryDirectory { data in
                let device = InteractiveDevice(options: ["--fault", "disconnect@400", "--replug-after", "0.5"])
                let (summary, program) = try device.run([
                    "--data-directory", data.path, "--device", "usb", "--runs", "2", "--log-level", "notice",
                    "--screening-method", Tools.packageRoot.appendingPathComponent("Screening/breath-screening-method.json").path,
                ], program: "breathd")
                #expect(program.status == 0, "\(program.stderr)")
                // One process throughout: the unplugged run is closed, the unit re-found at its new address.
                #expect(summary.devnums == [2, 3] && summary.unplugs == 1 && summary.replugs == 1)
                let runs = try storedRuns(data).sorted { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }
                try #require(runs.count == 2, "\(runs)")
                #expect(runs[0]["status"] as? String == "interrupted")
                #expect((runs[0]["sample_count"] as? Int ?? 0) > 0, "the samples before the unplug are kept: \(runs[0])")
                #expect(runs[1]["status"] as? String == "complete")
                let results = try Finished.run(Tools.product("breathctl"), [
                    "results", "list", "--json", "--db", data.appendingPathComponent("breath.sqlite").path,
                ])
                let screened = try #require(try JSONSerialization.jsonObject(with: Data(results.stdout.utf8)) as? [[String: Any]])
                #expect(screened.count == 1, "only the complete run is screened: \(results.stdout)")
            }
        }
    }
}
