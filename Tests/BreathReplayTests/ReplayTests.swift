import BreathCapture
import BreathDevice
import BreathEmulator
import BreathReplay
import BreathService
import BreathTestSupport
import BreathWire
import Foundation
import Logging
import Testing

/// A capture plays back through the same recorder and session as the live run.
@Suite struct ReplayTests {
    private static let logger = Logger(label: "breath.test.replay")

    /// Records one emulated run into `directory` and returns it.
    static func recordLive(_ configuration: EmulatorConfiguration, into directory: URL) async throws -> RecordedRun {
        let recorder = RunRecorder(captureDirectory: directory, softwareVersion: "0.0.0-test", logger: logger)
        return try await withTimeout {
            try await recorder.record(
                over: EmulatorLink(configuration: configuration, pacing: .asFastAsPossible), method: .breathScreenV1,
                source: "emulator")
        }
    }

    /// Replays the capture at `url` without writing a new one.
    static func replay(_ url: URL, pacing: ReplayLink.Pacing = .asFastAsPossible) async throws -> RecordedRun {
        let capture = try CaptureFile(contentsOf: url)
        let link = ReplayLink(capture: capture, pacing: pacing)
        let options = DeviceSession.Options(stallTimeout: nil, keepAliveInterval: nil)
        let recorder = RunRecorder(captureDirectory: nil, softwareVersion: "0.0.0-test", sessionOptions: options, logger: logger)
        return try await withTimeout {
            try await recorder.record(
                over: link, method: capture.header.method, source: "replay", runID: capture.header.runID)
        }
    }

    /// The parts of a run that replay must reproduce exactly (bit patterns, so NaN compares).
    static func fingerprint(_ run: RecordedRun) -> [String] {
        let acquisition = run.acquisition
        return [
            "\(acquisition.runID)", run.status.rawValue, run.reason ?? "-",
            acquisition.detector.map { String($0.bitPattern, radix: 16) }.joined(separator: ","),
            acquisition.columnTemperature.map { String($0.bitPattern, radix: 16) }.joined(separator: ","),
            "\(acquisition.phases)", "\(acquisition.faults)", "\(String(describing: acquisition.breathMetrics))",
            "\(String(describing: acquisition.completion))", "\(acquisition.sequenceGaps)", "\(acquisition.malformedFrames)",
            "\(acquisition.missingSamples)", "\(acquisition.verification)",
        ]
    }

    @Test func replayingTwiceIsBitIdenticalToTheLiveRun() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = EmulatorConfiguration()
            configuration.seed = 7
            let live = try await Self.recordLive(configuration, into: directory)
            let url = try #require(live.captureURL)
            let first = try await Self.replay(url)
            let second = try await Self.replay(url)
            #expect(live.status == .complete)
            #expect(first.acquisition.detector.count > 10_000)
            #expect(Self.fingerprint(first) == Self.fingerprint(live))
            #expect(Self.fingerprint(second) == Self.fingerprint(first))
            #expect(first.captureURL == nil, "a preview replay writes no capture")
        }
    }

    @Test(arguments: [
        InjectedFault.disconnect(atRunTime: 400),
        InjectedFault.corruptDataFrame(ordinal: 40),
        InjectedFault.dropDataFrame(ordinal: 41),
        InjectedFault.deviceFault(code: 0x0201, severity: 2, atRunTime: 300),
    ])
    func faultyRunsReplayToTheSameOutcome(_ fault: InjectedFault) async throws {
        try await withTemporaryDirectory { directory in
            var configuration = EmulatorConfiguration()
            configuration.seed = 11
            configuration.faults = [fault]
            let live = try await Self.recordLive(configuration, into: directory)
            let replayed = try await Self.replay(try #require(live.captureURL))
            #expect(live.status != .complete || live.acquisition.sequenceGaps > 0 || live.acquisition.malformedFrames > 0,
                    "the fault must show in the live run: \(live.status) \(live.reason ?? "")")
            #expect(Self.fingerprint(replayed) == Self.fingerprint(live))
        }
    }

    @Test func pacedReplayGivesTheSameRun() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await Self.recordLive(EmulatorConfiguration(), into: directory)
            let paced = try await Self.replay(try #require(live.captureURL), pacing: .realTime(speed: 1))
            #expect(Self.fingerprint(paced) == Self.fingerprint(live))
        }
    }

    @Test func aHostThatSendsAnotherCommandIsToldTheReplayDiverged() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await Self.recordLive(EmulatorConfiguration(), into: directory)
            let link = ReplayLink(capture: try CaptureFile(contentsOf: try #require(live.captureURL)))
            // The recorded host began with GET_INFO; this one asks for the status first.
            let frame = Message.getStatus.frame(sequence: 0).encoded()
            await #expect(throws: ReplayError.diverged(expected: "GET_INFO", got: "GET_STATUS")) {
                try await link.write(frame)
            }
            await link.close()
        }
    }

    @Test func aCaptureCutShortReplaysAsAnInterruptedRunWithEverythingBeforeTheCut() async throws {
        try await withTemporaryDirectory { directory in
            let live = try await Self.recordLive(EmulatorConfiguration(), into: directory)
            let url = try #require(live.captureURL)
            // Cut the file in the middle of the separation data, as a crash would.
            var bytes = try [UInt8](Data(contentsOf: url))
            bytes.removeLast(bytes.count / 3)
            let cut = directory.appendingPathComponent("cut.bcap")
            try Data(bytes).write(to: cut)
            let replayed = try await Self.replay(cut)
            #expect(replayed.status == .interrupted)
            #expect(replayed.reason?.contains("disconnected") == true)
            let received = replayed.acquisition.detector
            #expect(received.count > 1_000 && received.count < live.acquisition.detector.count)
            #expect(received.map(\.bitPattern) == live.acquisition.detector.prefix(received.count).map(\.bitPattern))
        }
    }
}
