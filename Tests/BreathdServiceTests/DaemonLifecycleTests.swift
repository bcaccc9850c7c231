import BreathCapture
import BreathControl
import BreathStore
import BreathTestSupport
import Foundation
import Glibc
import Testing

/// breathd run as systemd runs it (Type=notify, WatchdogSec) against the in-process emulator:
/// READY, a run driven through the control socket and stored, SIGTERM in the middle of a run,
/// restart, SIGKILL in the middle of a run, restart and recovery.
@Suite(.serialized) struct DaemonLifecycleTests {
    static let patientID = "MRN-0042-SECRET"

    static func configuration(_ directory: URL, pace: String) -> String {
        """
        # written by DaemonLifecycleTests
        data_directory = \(directory.appendingPathComponent("data").path)
        control_socket = \(directory.appendingPathComponent("control.sock").path)
        emulator_pace = \(pace)
        reconnect_initial_delay_ms = 50
        """
    }

    static func startRun(_ client: TestControlClient, sample: String) throws -> RunProgress {
        let reply = try client.send(ControlRequest(op: .startRun, sampleID: sample, patientID: patientID, operatorID: "alice"))
        #expect(reply.ok, "\(String(describing: reply.error))")
        return try #require(reply.run)
    }

    /// Starts a run once the device is connected and returns when the device reports its first
    /// phase: from then on the run is in progress (14.5 min at real-time pace).
    static func startRunAndWaitForItsFirstPhase(_ socket: String, sample: String) throws -> RunProgress {
        let watcher = try TestControlClient(path: socket)
        #expect(try watcher.send(ControlRequest(op: .subscribe)).ok)
        let control = try TestControlClient(path: socket)
        try waitForDevice(control)
        let run = try startRun(control, sample: sample)
        _ = try watcher.waitForEvent { $0.kind == "phase" && $0.run?.runUUID == run.runUUID }
        return run
    }

    @Test func fullLifecycle() throws {
        try withTemporaryDirectory { directory in
            let socket = directory.appendingPathComponent("control.sock").path
            let database = directory.appendingPathComponent("data/breath.sqlite").path

            // 1. Start, READY, watchdog pings; a run driven over the socket is stored and analysed.
            let first = try DaemonProcess(directory: directory, configuration: Self.configuration(directory, pace: "max"), name: "first")
            let ready = try first.notify.waitFor("READY=1")
            #expect(first.notify.messages[ready].contains("STATUS="))
            try first.notify.waitFor("WATCHDOG=1", after: ready)
            let subscriber = try TestControlClient(path: socket)
            #expect(try subscriber.send(ControlRequest(op: .subscribe)).ok)
            let control = try TestControlClient(path: socket)
            try waitForDevice(control)
            let started = try Self.startRun(control, sample: "TUBE-1")
            #expect(started.patientPseudonym.count == 26)
            let stored = try subscriber.waitForEvent { $0.kind == "run-stored" && $0.run?.runUUID == started.runUUID }
            #expect(stored.status == "complete")
            let analysed = try subscriber.waitForEvent { $0.kind == "analysis" && $0.runID == stored.runID }
            #expect(analysed.detail?.hasSuffix("peaks") == true)
            first.signal(SIGTERM)
            try first.notify.waitFor("STOPPING=1")
            let firstExit = try first.waitForExit()
            #expect(firstExit.reason == .exit && firstExit.status == 0, "\(first.log)")

            let store = try ResultStore.openReadOnly(at: database)
            let run = try #require(try store.run(started.runUUID))
            #expect(run.status == .complete)
            #expect(run.sampleCount == 12_200)
            #expect(try store.events(runID: run.id!).contains { $0.kind == "analysis" })
            let startEntry = try #require(try store.auditEntries(about: ["run:\(started.runUUID)"]).first { $0.action == "run.started" })
            #expect(startEntry.actor == "uid:\(getuid())")
            #expect(startEntry.detailFields["patient"] == started.patientPseudonym)
            #expect(startEntry.detailFields["sample"] == "TUBE-1")
            #expect(startEntry.detailFields["operator"] == "alice")

            // 2. Real-time pace: SIGTERM in the middle of a run closes it as interrupted, capture kept.
            let second = try DaemonProcess(directory: directory, configuration: Self.configuration(directory, pace: "1"), name: "second")
            try second.notify.waitFor("READY=1")
            let interrupted = try Self.startRunAndWaitForItsFirstPhase(socket, sample: "TUBE-2")
            second.signal(SIGTERM)
            let stopping = try second.notify.waitFor("STOPPING=1")
            #expect(second.notify.messages[stopping].contains("STATUS=stopping"))
            let secondExit = try second.waitForExit()
            #expect(secondExit.reason == .exit && secondExit.status == 0, "\(second.log)")
            let closed = try #require(try ResultStore.openReadOnly(at: database).run(interrupted.runUUID))
            #expect(closed.status == .interrupted)
            #expect(closed.statusReason?.hasPrefix("breathd stopped during the run") == true, "\(closed.statusReason ?? "")")
            let capture = try CaptureFile(contentsOf: URL(fileURLWithPath: closed.capturePath))
            #expect(!capture.isComplete)
            #expect(capture.records.contains { $0.kind == .transfer })
            #expect(closed.captureSHA256 == (try SHA256Digest.ofFile(atPath: closed.capturePath)))

            // 3. Restart: nothing left open; then SIGKILL in the middle of a run.
            let third = try DaemonProcess(directory: directory, configuration: Self.configuration(directory, pace: "1"), name: "third")
            let thirdReady = try third.notify.waitFor("READY=1")
            #expect(third.notify.messages[thirdReady].contains("0 open runs recovered"))
            let killed = try Self.startRunAndWaitForItsFirstPhase(socket, sample: "TUBE-3")
            third.signal(SIGKILL)
            let thirdExit = try third.waitForExit()
            #expect(thirdExit.reason == .uncaughtSignal && thirdExit.status == SIGKILL)
            #expect(try ResultStore.openReadOnly(at: database).run(killed.runUUID) == nil)

            // 4. Restart after the crash: the open run is stored as interrupted, its capture checked.
            let fourth = try DaemonProcess(directory: directory, configuration: Self.configuration(directory, pace: "1"), name: "fourth")
            let fourthReady = try fourth.notify.waitFor("READY=1")
            #expect(fourth.notify.messages[fourthReady].contains("1 open runs recovered"))
            let recovered = try #require(try ResultStore.openReadOnly(at: database).run(killed.runUUID))
            #expect(recovered.status == .interrupted)
            let reason = recovered.statusReason ?? ""
            #expect(reason.contains("found open at start"), "\(reason)")
            #expect(reason.contains("capture kept"), "\(reason)")
            // Killed in the breath-sampling phase: the capture is replayed, but holds no samples yet.
            #expect(reason.contains("0 samples recovered from the capture"), "\(reason)")
            #expect(recovered.captureSHA256 == (try SHA256Digest.ofFile(atPath: recovered.capturePath)))
            #expect(try CaptureFile(contentsOf: URL(fileURLWithPath: recovered.capturePath)).header.runID.description == killed.runUUID)
            let status = try TestControlClient(path: socket).send(ControlRequest(op: .status))
            #expect(status.status?.state == "idle" || status.status?.state == "acquiring")
            fourth.signal(SIGINT)
            try fourth.notify.waitFor("STOPPING=1")
            #expect(try fourth.waitForExit().status == 0)

            // The audit trail holds every step and still verifies; no log or entry holds the identifier.
            let final = try ResultStore.openReadOnly(at: database)
            guard case .intact = try final.verifyAuditTrail() else {
                Issue.record("the audit trail does not verify")
                return
            }
            for entry in try final.auditEntries(limit: 1000) { #expect(!entry.details.contains(Self.patientID)) }
            for daemon in [first, second, third, fourth] {
                #expect(!daemon.log.contains(Self.patientID))
                for line in daemon.log.split(separator: "\n") { #expect(line.first == "<", "\(line)") }
            }
        }
    }
}

/// Waits until the daemon reports its device connected.
func waitForDevice(_ client: TestControlClient) throws {
    for _ in 0..<600 {
        if try client.send(ControlRequest(op: .status)).status?.device.connection == "connected" { return }
        usleep(50_000)
    }
    throw HarnessError("the device never connected")
}
