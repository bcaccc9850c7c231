import BreathControl
import BreathStore
import BreathTestSupport
import Foundation
import Glibc
import Testing

/// Bad clients: malformed, oversized and unauthorised requests get an error line and never
/// disturb the run in progress; breathctl turns each failure into one line and an exit code.
@Suite(.serialized) struct ControlSocketTests {
    /// At 20 times real speed a run takes about 45 s, far longer than these tests keep it
    /// running, and an abort's 60 s cool-down takes 3 s.
    static func startDaemon(_ directory: URL) throws -> (DaemonProcess, String) {
        let socket = directory.appendingPathComponent("control.sock").path
        let daemon = try DaemonProcess(directory: directory, configuration: """
            data_directory = \(directory.appendingPathComponent("data").path)
            control_socket = \(socket)
            emulator_pace = 20
            """)
        try daemon.notify.waitFor("READY=1")
        return (daemon, socket)
    }

    @Test func badRequestsAreAnsweredAndTheRunContinues() throws {
        try withTemporaryDirectory { directory in
            let (daemon, socket) = try Self.startDaemon(directory)
            let client = try TestControlClient(path: socket)
            try waitForDevice(client)
            let run = try #require(try client.send(ControlRequest(
                op: .startRun, sampleID: "S-1", patientID: "P-1", operatorID: "op")).run)

            let attacker = try TestControlClient(path: socket)
            let cases: [(bytes: [UInt8], code: ControlError.Code)] = [
                (Array("not json\n".utf8), .malformed),
                (Array("[1,2,3]\n".utf8), .malformed),
                (Array("{\"op\":\"format-disk\"}\n".utf8), .malformed),
                (Array("{\"op\":7}\n".utf8), .malformed),
                (Array("{}\n".utf8), .malformed),
                ([0xFF, 0xFE, 0x00, 0x0A], .malformed),
                (Array(repeating: UInt8(ascii: "x"), count: ControlWire.maximumLineBytes + 1) + [0x0A], .tooLong),
                (Array("{\"op\":\"start-run\",\"sample_id\":\"S-2\",\"operator_id\":\"op\"}\n".utf8), .invalidArgument),
                (Array("{\"op\":\"start-run\",\"sample_id\":\"S\\n2\",\"patient_id\":\"P\",\"operator_id\":\"op\"}\n".utf8), .invalidArgument),
                (Array("{\"op\":\"start-run\",\"sample_id\":\"S-2\",\"patient_id\":\"P-2\",\"operator_id\":\"op\"}\n".utf8), .busy),
            ]
            for (bytes, code) in cases {
                try attacker.sendRaw(bytes)
                let reply = try attacker.nextReply()
                #expect(!reply.ok)
                #expect(reply.error?.code == code, "\(String(decoding: bytes.prefix(80), as: UTF8.self)): \(String(describing: reply.error))")
            }
            // A request split across writes, and one far over the limit sent in pieces, still frame correctly.
            try attacker.sendRaw(Array("{\"op\":".utf8))
            try attacker.sendRaw(Array("\"status\",\"id\":9}\n".utf8))
            #expect(try attacker.nextReply().id == 9)
            for _ in 0..<64 { try attacker.sendRaw(Array(repeating: UInt8(ascii: "y"), count: 1024)) }
            try attacker.sendRaw([0x0A])
            #expect(try attacker.nextReply().error?.code == .tooLong)

            // The same connection and the run are unharmed.
            let status = try #require(try attacker.send(ControlRequest(op: .status)).status)
            #expect(status.state == "acquiring")
            #expect(status.run?.runUUID == run.runUUID)
            let watcher = try TestControlClient(path: socket)
            #expect(try watcher.send(ControlRequest(op: .subscribe)).ok)
            #expect(try client.send(ControlRequest(op: .abortRun)).ok)
            do {
                _ = try watcher.waitForEvent { $0.kind == "run-stored" && $0.run?.runUUID == run.runUUID }
            } catch {
                Issue.record("\(error); daemon log:\n\(daemon.log)")
                throw error
            }
            daemon.signal(SIGTERM)
            #expect(try daemon.waitForExit().status == 0)
            let stored = try #require(try ResultStore.openReadOnly(at: directory.appendingPathComponent("data/breath.sqlite").path)
                .run(run.runUUID))
            #expect(stored.status == .interrupted)
            #expect(stored.statusReason?.contains("abort requested by uid:\(getuid())") == true, "\(stored.statusReason ?? "")")
        }
    }

    @Test func breathctlSaysTheDaemonIsNotRunning() throws {
        try withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("none.sock").path
            for command in [["status"], ["device", "info"], ["run", "abort"], ["run", "start", "--sample", "s", "--patient", "p", "--operator", "o"]] {
                let result = try Breathctl.run(command + ["--socket", missing])
                #expect(result.status == 69, "\(command): \(result.stderr)")
                #expect(result.stderr == "breathctl: breathd is not running (no control socket at \(missing))\n")
            }
            // A socket file left behind by a daemon that died: nobody listens.
            let stale = directory.appendingPathComponent("stale.sock").path
            let fd = try UnixSocket.listenerForTest(at: stale)
            close(fd)
            let result = try Breathctl.run(["status", "--socket", stale])
            #expect(result.status == 69, "\(result.stderr)")
        }
    }

    /// Needs root to act as another user (setpriv); CI runs as root.
    @Test(.enabled(if: getuid() == 0)) func otherUsersArePermissionDeniedOrUnauthorised() throws {
        try withTemporaryDirectory { directory in
            chmod(directory.path, 0o755)
            let (daemon, socket) = try Self.startDaemon(directory)
            var info = stat()
            #expect(stat(socket, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660)

            // The file mode keeps strangers out: EACCES, exit 77.
            let denied = try Breathctl.run(["status", "--socket", socket], as: 65534)
            #expect(denied.status == 77, "\(denied.stderr)")
            #expect(denied.stderr == "breathctl: permission denied on \(socket): ask to be added to breathd's group\n")

            // A socket left world-writable by mistake: SO_PEERCRED still refuses the stranger.
            chmod(socket, 0o666)
            let refused = try Breathctl.run(["run", "abort", "--socket", socket], as: 65534)
            #expect(refused.status == 77, "\(refused.stderr)")
            #expect(refused.stderr.hasPrefix("breathctl: breathd refused: uid 65534 is not in breathd's control group"))
            #expect(daemon.log.contains("control connection refused"))

            // Members of the control group are let in.
            let member = try Breathctl.run(["status", "--socket", socket], as: 65534, group: getegid())
            #expect(member.status == 0, "\(member.stderr)")
            daemon.signal(SIGTERM)
            #expect(try daemon.waitForExit().status == 0)
        }
    }
}

extension UnixSocket {
    /// Binds and listens at `path` (then the test closes it, leaving a stale socket file).
    static func listenerForTest(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let bound = try withAddress(path) { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 1) == 0 else { throw HarnessError("cannot bind \(path)") }
        return fd
    }
}

/// Runs the built breathctl, optionally as another uid (through setpriv).
enum Breathctl {
    static func run(_ arguments: [String], as uid: UInt32? = nil, group: UInt32? = nil) throws -> ChildResult {
        let breathctl = BuiltProducts.executable("breathctl")
        guard let uid else { return try runChild(breathctl, arguments) }
        let groups = group.map { ["--groups", "\($0)"] } ?? ["--clear-groups"]
        return try runChild(URL(fileURLWithPath: "/usr/bin/setpriv"),
                            ["--reuid=\(uid)", "--regid=\(uid)"] + groups + [breathctl.path] + arguments)
    }
}
