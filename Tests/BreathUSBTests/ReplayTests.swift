import BreathTestSupport
import Foundation
import Testing

extension UMockdevTests {
    /// breath-usb against umockdev's own usbmon replay (`umockdev-run -p`) of recordings made
    /// from the interactive device (Tests/umockdev/record-pcaps.sh regenerates them).
    @Suite struct Replay {
        let recordings = Tools.umockdevFolder.appendingPathComponent("recordings")
        let syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"

        /// Replays `recording` to `breath-usb acquire` with the recorded run id.
        func replay(_ recording: String, runID: String, _ arguments: [String] = []) throws -> (RunLine, Finished) {
            try withTemporaryDirectory { captures in
                let before = UMockdevLeftovers.current()
                let program = try Finished.run("/usr/bin/umockdev-run", [
                    "-d", recordings.appendingPathComponent("breath-microgc.umockdev").path,
                    "-p", "\(syspath)=\(recordings.appendingPathComponent(recording).path)",
                    "--", Tools.product("breath-usb"), "acquire", "--capture-directory", captures.path,
                    "--run-id", runID,
                ] + arguments)
                _ = UMockdevLeftovers.removeNew(since: before)
                let runs = try RunLine.lines(program.stdout)
                let run = try #require(runs.count == 1 ? runs[0] : nil, "stdout:\n\(program.stdout)\nstderr:\n\(program.stderr)")
                return (run, program)
            }
        }

        @Test func fullRunWithTransfersInFlight() throws {
            let (run, program) = try replay("full-run.pcap", runID: "6f1c2a3b-0000-4000-8000-000000000001")
            #expect(program.status == 0)
            #expect(run.status == "complete" && run.totalsVerified == true)
            #expect(run.receivedSamples == run.samples && (run.samples ?? 0) > 0)
            #expect(run.missingSamples == 0 && run.sequenceGaps == 0 && run.droppedBytes == 0)
            #expect(run.usb.bytesIn == recordedBytesIn("full-run.pcap"))
        }

        @Test func unplugMidRun() throws {
            let (run, program) = try replay(
                "unplug.pcap", runID: "6f1c2a3b-0000-4000-8000-000000000002", ["--reconnect-timeout", "1"])
            #expect(program.status == 0)
            #expect(run.status == "interrupted")
            #expect(run.reason?.contains("disconnected") == true)
            #expect((run.receivedSamples ?? 0) > 0 && run.missingSamples == 0)
            #expect(run.usb.bytesIn == recordedBytesIn("unplug.pcap"))
        }

        @Test func aRecordingOfAnotherRunDoesNotComplete() throws {
            // The replay is strict: with another run id the recorded RUN_COMPLETE is not this
            // run's, so the run must not be reported complete.
            let (run, _) = try replay("full-run.pcap", runID: "6f1c2a3b-0000-4000-8000-0000000000ff", ["--stall-timeout", "1"])
            #expect(run.status != "complete")
        }

        /// Bytes the recording's bulk and interrupt IN completions carry (usbmon, link type 220).
        func recordedBytesIn(_ recording: String) -> Int {
            guard let data = FileManager.default.contents(atPath: recordings.appendingPathComponent(recording).path) else { return -1 }
            let bytes = [UInt8](data)
            func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
            var offset = 24, total = 0
            while offset + 16 + 64 <= bytes.count {
                let captured = u32(offset + 8)
                let header = offset + 16
                let event = bytes[header + 8], type = bytes[header + 9], endpoint = bytes[header + 10]
                if event == UInt8(ascii: "C"), type != 2, endpoint & 0x80 != 0 { total += u32(header + 36) }
                offset = header + captured
            }
            return total
        }
    }
}
