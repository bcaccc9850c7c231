import BreathDevice
import BreathService
import BreathTestSupport
import BreathWire
import Foundation
import Logging
import Synchronization
import Testing

/// A device that falls silent during a run: the recorder asks whether it is still there.
@Suite struct StalledRecordingTests {
    /// A short stall period so the tests are quick; `answerTimeout` generous where the device
    /// does answer, so a loaded machine cannot turn a slow answer into a missing one.
    private static func recorder(in directory: URL, answerTimeout: Duration) -> RunRecorder {
        RunRecorder(
            captureDirectory: directory, softwareVersion: "0.0.0-test",
            sessionOptions: .init(answerTimeout: answerTimeout, stallTimeout: .milliseconds(150), keepAliveInterval: nil),
            logger: Logger(label: "breath.test.stall"))
    }

    @Test func aSilentDeviceThatNoLongerAnswersEndsTheRunAsInterruptedWithItsCaptureKept() async throws {
        try await withTemporaryDirectory { directory in
            let answering = ScriptedLink.answeringInfo()
            // The handshake, the upload and the start are answered; after that, nothing.
            let link = ScriptedLink { frame in
                frame.type == MessageType.getStatus.rawValue ? [] : answering.answers(to: frame)
            }
            let run = try await withTimeout {
                try await Self.recorder(in: directory, answerTimeout: .seconds(1)).record(
                    over: link, method: .breathScreenV1, source: "test")
            }
            #expect(run.status == .interrupted)
            #expect(run.reason?.contains("stopped answering") == true, "\(run.reason ?? "")")
            #expect(run.acquisition.stalls.count == 1)
            let capture = try #require(run.captureURL)
            #expect(FileManager.default.fileExists(atPath: capture.path))
            #expect(link.closeCount >= 1, "the dead link is released")
        }
    }

    @Test func aSilentDeviceThatStillAnswersKeepsTheRunGoing() async throws {
        try await withTemporaryDirectory { directory in
            let answering = ScriptedLink.answeringInfo()
            let status = Mutex(0)
            let link = ScriptedLink { frame in
                guard frame.type == MessageType.getStatus.rawValue else { return answering.answers(to: frame) }
                status.withLock { $0 += 1 }
                let reply = Message.status(DeviceStatus(
                    requestSequence: frame.sequence, state: .running, phase: .separation, runID: nil, deviceTimeMicros: 1_000,
                    columnTemperatureC: 40, carrierPressureKPa: 150, activeFault: nil))
                return [Transfer(endpoint: .dataIn, bytes: reply.frame(sequence: 100).encoded())]
            }
            let recording = Task {
                try await Self.recorder(in: directory, answerTimeout: .seconds(30)).record(
                    over: link, method: .breathScreenV1, source: "test")
            }
            // Two stalls answered by a running device: the run must still be waiting, then the device leaves.
            try await withTimeout { while status.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(20)) } }
            link.unplug()
            let run = try await withTimeout { try await recording.value }
            #expect(run.status == .interrupted)
            #expect(run.acquisition.stalls.count >= 2)
            #expect(run.reason?.contains("disconnected") == true, "\(run.reason ?? "")")
        }
    }
}
