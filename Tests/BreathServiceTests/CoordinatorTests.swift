import BreathCapture
import BreathControl
import BreathDevice
import BreathEmulator
import BreathService
import BreathStore
import BreathTestSupport
import BreathWire
import Foundation
import Logging
import Synchronization
import Testing

/// The run coordinator in process: reconnection after the device goes away, and recovery of
/// runs a crash left open.
@Suite struct CoordinatorTests {
    /// Real emulator links, one configuration per connection attempt; a nil entry fails that attempt.
    final class ScriptedConnector: DeviceConnector {
        let kind = "emulator"
        private let script: Mutex<[EmulatorConfiguration?]>
        let attempts = Mutex(0)

        init(_ script: [EmulatorConfiguration?]) {
            self.script = Mutex(script)
        }

        struct Unavailable: Error {}

        func connect() async throws -> any DeviceLink {
            attempts.withLock { $0 += 1 }
            let next = script.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
            guard let next else { throw Unavailable() }
            return EmulatorLink(configuration: next, pacing: .asFastAsPossible)
        }
    }

    static func coordinator(_ fixture: PipelineFixture, _ connector: any DeviceConnector, metrics: DaemonMetrics) -> RunCoordinator {
        RunCoordinator(
            pipeline: fixture.pipeline, connector: connector, notifier: SystemdNotifier(environment: [:]), metrics: metrics,
            backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(40)), logger: Logger(label: "breath.test.coordinator"))
    }

    @Test func theDaemonSurvivesAnUnplugAndAcquiresAgain() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            var unplugging = EmulatorConfiguration()
            unplugging.faults = [.disconnect(atRunTime: 300.2)]
            // Unplugged mid-run, then absent once, then back.
            let connector = ScriptedConnector([unplugging, nil, EmulatorConfiguration()])
            let metrics = DaemonMetrics(path: nil)
            let coordinator = Self.coordinator(fixture, connector, metrics: metrics)
            let supervisor = Task { await coordinator.superviseDevice() }
            let context = RunContext(sampleID: "S-1", patientPseudonym: "", operatorID: "alice")
            try await withTimeout {
                #expect(await coordinator.waitUntil(stored: nil))
                #expect(await coordinator.begin(context, actor: "uid:1").ok)
                #expect(await coordinator.waitUntil(stored: 1))
                #expect(await coordinator.waitUntil(stored: nil))
                #expect(await coordinator.begin(context, actor: "uid:1").ok)
                #expect(await coordinator.waitUntil(stored: 2))
            }
            let runs = try fixture.store.runs()
            #expect(runs.map(\.status) == [.complete, .interrupted])
            #expect(runs[1].statusReason?.contains("disconnected") == true)
            #expect(connector.attempts.withLock { $0 } == 3)
            let status = await coordinator.status
            #expect(status.device.connection == "connected")
            #expect(status.device.reconnects == 2)
            let counters = metrics.snapshot
            #expect(counters.deviceDisconnects == 1)
            #expect(counters.deviceConnectFailures == 1)
            #expect(counters.deviceConnects == 2)
            #expect(counters.runsByStatus == ["complete": 1, "interrupted": 1])
            #expect(counters.analysisCount == 1)
            await coordinator.drain(reason: "test over")
            await supervisor.value
        }
    }

    @Test func aStartWithoutADeviceOrWhileStoppingIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            let coordinator = Self.coordinator(fixture, ScriptedConnector([nil]), metrics: DaemonMetrics(path: nil))
            let context = RunContext(sampleID: "S-1", patientPseudonym: "", operatorID: "alice")
            #expect(await coordinator.begin(context, actor: "uid:1").error?.code == .noDevice)
            await coordinator.drain(reason: "test over")
            #expect(await coordinator.begin(context, actor: "uid:1").error?.code == .shuttingDown)
            #expect(try fixture.store.runs().isEmpty)
        }
    }

    @Test func openRunsAreStoredAsInterruptedWithTheirCapturesChecked() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            try FileManager.default.createDirectory(at: fixture.captureDirectory, withIntermediateDirectories: true)
            // A run recorded (never stored) as `torn` gives a real capture to cut, as a crash
            // would; three runs are then left open.
            let torn = "11111111-1111-4111-8111-111111111111"
            let garbage = "22222222-2222-4222-8222-222222222222"
            let missing = "33333333-3333-4333-8333-333333333333"
            let recorder = RunRecorder(
                captureDirectory: fixture.captureDirectory, softwareVersion: "test", logger: Logger(label: "breath.test.recovery"))
            let donor = try await recorder.record(
                over: EmulatorLink(configuration: EmulatorConfiguration(), pacing: .asFastAsPossible), method: .breathScreenV1,
                source: "emulator", runID: RunID(try #require(UUID(uuidString: torn))))
            let tornURL = fixture.captureDirectory.appendingPathComponent("\(torn).bcap")
            let bytes = try Data(contentsOf: tornURL)
            try bytes.prefix(bytes.count / 2).write(to: tornURL)
            try Data("not a capture".utf8).write(to: fixture.captureDirectory.appendingPathComponent("\(garbage).bcap"))
            for uuid in [torn, garbage, missing] {
                try fixture.store.recordRunStart(runUUID: uuid, deviceSerial: "BGC1-EMU-0001", methodID: "breath-screen-v1", actor: "uid:1")
            }
            #expect(try fixture.store.openRuns().map(\.runUUID) == [torn, garbage, missing])

            let recovery = RunRecovery(
                store: fixture.store, captureDirectory: fixture.captureDirectory, softwareVersion: "test",
                logger: Logger(label: "breath.test.recovery"))
            let recovered = try await recovery.recover()
            #expect(recovered.map(\.runUUID) == [torn, garbage, missing])
            #expect(recovered.allSatisfy { $0.status == .interrupted })
            let reasons = recovered.map { $0.statusReason ?? "" }
            #expect(reasons[0].contains("capture kept:") && reasons[0].contains("no end record"), "\(reasons[0])")
            // The torn capture is replayed: the run keeps every sample before the cut.
            #expect(reasons[0].contains("samples recovered from the capture"), "\(reasons[0])")
            #expect(recovered[0].sampleCount > 1_000 && recovered[0].sampleCount < donor.acquisition.detector.count)
            let tornID = try #require(recovered[0].id)
            let trace = try #require(try fixture.store.trace(runID: tornID))
            #expect(trace.detector.map(\.bitPattern) == donor.acquisition.detector.prefix(trace.detector.count).map(\.bitPattern))
            #expect(recovered[1].sampleCount == 0 && recovered[2].sampleCount == 0)
            #expect(reasons[1].contains("capture unreadable"), "\(reasons[1])")
            #expect(reasons[2].contains("capture missing"), "\(reasons[2])")
            #expect(recovered[0].deviceSerial == "BGC1-EMU-0001")
            #expect(recovered[0].captureSHA256 == (try SHA256Digest.ofFile(atPath: recovered[0].capturePath)))
            #expect(recovered[2].captureSHA256 == nil)
            // The capture is read, never changed; a second start finds nothing open.
            #expect(try Data(contentsOf: fixture.captureDirectory.appendingPathComponent("\(torn).bcap")) == bytes.prefix(bytes.count / 2))
            #expect(try await recovery.recover().isEmpty)
            let audit = try fixture.store.auditEntries(about: ["run:\(torn)"])
            #expect(audit.map(\.action) == ["run.started", "run.interrupted"])
            #expect(audit.last?.actor == RunRecovery.actor)
        }
    }
}
