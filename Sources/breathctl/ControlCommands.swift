import ArgumentParser
import BreathControl
import Foundation

/// Exit codes of the commands that talk to breathd over its control socket (sysexits).
extension ExitStatus {
    /// breathd is not running: no socket, or nobody listening.
    static let daemonNotRunning = ExitCode(69)
    /// The daemon cannot do it now (busy, no device, stopping): try again later.
    static let temporaryFailure = ExitCode(75)
    /// The daemon's answer could not be read.
    static let protocolError = ExitCode(76)
    /// This user may not use the control socket.
    static let permissionDenied = ExitCode(77)
}

/// Options of every control-socket command.
struct ControlOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("breathd's control socket.", valueName: "path"))
    var socket: String = ProcessInfo.processInfo.environment["BREATHD_SOCKET"] ?? "/run/breathd/control.sock"

    @Flag(help: "Print the daemon's JSON reply instead of text.")
    var json = false

    /// Sends one request; prints nothing, maps every failure to a one-line error and exit code.
    func send(_ request: ControlRequest) throws -> (ControlClient, ControlReply) {
        do {
            let client = try ControlClient(path: socket)
            return (client, try client.send(request))
        } catch {
            throw ControlOptions.exit(for: error)
        }
    }

    static func exit(for error: ControlClient.Failure) -> ExitCode {
        switch error {
        case .daemonNotRunning: fail("\(error)", ExitStatus.daemonNotRunning)
        case .permissionDenied: fail("\(error)", ExitStatus.permissionDenied)
        case .protocolError: fail("\(error)", ExitStatus.protocolError)
        case .refused(let refusal):
            switch refusal.code {
            case .unauthorised: fail("\(error)", ExitStatus.permissionDenied)
            case .invalidArgument, .malformed, .tooLong: fail("\(error)", ExitStatus.usage)
            case .busy, .noDevice, .noRun, .shuttingDown, .deviceError: fail("\(error)", ExitStatus.temporaryFailure)
            case .internalError: fail("\(error)", ExitStatus.ioError)
            }
        }
    }

    func printJSON(_ reply: ControlReply) {
        FileHandle.standardOutput.write(Data(ControlWire.encode(reply)))
    }
}

/// `breathctl status`: the daemon, its device and the run in progress.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what breathd is doing: device, run in progress and progress.",
        discussion: ControlDocumentation.exitCodes)

    @OptionGroup var control: ControlOptions

    func run() throws {
        let (_, reply) = try control.send(ControlRequest(op: .status))
        if control.json { return control.printJSON(reply) }
        guard let status = reply.status else { throw fail("status reply without a status", ExitStatus.protocolError) }
        print("breathd \(status.version) (pid \(status.pid)): \(status.state), up \(Int(status.uptimeSeconds)) s, \(status.runsStored) runs stored")
        print(ControlText.device(status.device))
        if let run = status.run { print(ControlText.run(run)) } else { print("run:    none in progress") }
    }
}

/// `breathctl device info`.
struct Device: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The connected device.", subcommands: [Info.self])

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the connected device: serial, hardware, firmware, calibration, protocol.",
            discussion: ControlDocumentation.exitCodes)

        @OptionGroup var control: ControlOptions

        func run() throws {
            let (_, reply) = try control.send(ControlRequest(op: .deviceInfo))
            if control.json { return control.printJSON(reply) }
            guard let device = reply.device else { throw fail("device reply without a device", ExitStatus.protocolError) }
            print(ControlText.device(device))
            for (name, value) in [("hardware", device.hardwareVersion), ("firmware", device.firmwareVersion),
                                  ("calibration", device.calibrationID), ("protocol", device.protocolVersion)] {
                print("  \(name): \(value ?? "unknown")")
            }
        }
    }
}

/// `breathctl run start|abort|watch`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start, abort or follow a run on the device.", subcommands: [Start.self, Abort.self, Watch.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a run for a breath sample.",
            discussion: "The patient identifier is sent to breathd, which stores only a pseudonym of it. "
                + ControlDocumentation.exitCodes)

        @Option(help: "The breath sample's label (tube or kit number).")
        var sample: String
        @Option(help: "The patient's identifier in the clinic.")
        var patient: String
        @Option(help: "The operator's username.")
        var `operator`: String
        @Flag(help: "Follow the run's progress until it is stored.")
        var follow = false
        @OptionGroup var control: ControlOptions

        func run() throws {
            // Subscribe first so that no event of the new run is missed.
            let subscription = follow ? try control.send(ControlRequest(op: .subscribe)).0 : nil
            let (_, reply) = try control.send(
                ControlRequest(op: .startRun, sampleID: sample, patientID: patient, operatorID: `operator`))
            if control.json { control.printJSON(reply) } else if let run = reply.run {
                print("run \(run.runUUID) started (sample \(run.sampleID), patient \(run.patientPseudonym))")
            }
            guard let subscription, let runUUID = reply.run?.runUUID else { return }
            try Watch.follow(subscription, control: control, until: runUUID)
        }
    }

    struct Abort: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Abort the run in progress; it is stored as interrupted with its capture.",
            discussion: ControlDocumentation.exitCodes)

        @OptionGroup var control: ControlOptions

        func run() throws {
            let (_, reply) = try control.send(ControlRequest(op: .abortRun))
            if control.json { return control.printJSON(reply) }
            print("abort requested for run \(reply.run?.runUUID ?? "?")")
        }
    }

    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print progress events until interrupted (or until --run is stored).",
            discussion: ControlDocumentation.exitCodes)

        @Option(name: .customLong("run"), help: "Stop once this run (UUID) is stored.")
        var runUUID: String?
        @OptionGroup var control: ControlOptions

        func run() throws {
            try Watch.follow(try control.send(ControlRequest(op: .subscribe)).0, control: control, until: runUUID)
        }

        /// Prints events from a subscribed `client` until the daemon stops or `runUUID` is stored.
        static func follow(_ client: ControlClient, control: ControlOptions, until runUUID: String?) throws {
            while true {
                let reply: ControlReply?
                do { reply = try client.nextReplyIfAny() } catch { throw ControlOptions.exit(for: error) }
                guard let reply else { return }
                guard let event = reply.event else { continue }
                if control.json { control.printJSON(reply) } else { print(ControlText.event(event)) }
                if event.kind == "stopping" { return }
                if let runUUID, event.kind == "run-stored", event.run?.runUUID == runUUID { return }
            }
        }
    }
}

/// Text renderings of control replies.
enum ControlText {
    static func device(_ device: DeviceConnectionReport) -> String {
        var text = "device: \(device.connection) (\(device.link))"
        if let serial = device.serial { text += " \(serial)" }
        if let error = device.lastError, device.connection != "connected" { text += ": \(error)" }
        return text
    }

    static func run(_ run: RunProgress) -> String {
        "run:    \(run.runUUID) \(run.phase) at \(run.runTimeMillis / 1000) s, \(run.samples) samples (sample \(run.sampleID), operator \(run.operatorID))"
    }

    static func event(_ event: ControlEvent) -> String {
        var parts = [event.kind]
        if let run = event.run { parts.append("\(run.runUUID) \(run.phase) \(run.samples) samples") }
        if let id = event.runID { parts.append("id \(id)") }
        if let status = event.status { parts.append(status) }
        if let detail = event.detail { parts.append(detail) }
        return parts.joined(separator: " ")
    }
}

enum ControlDocumentation {
    static let exitCodes = """
        Exit codes: 0 done; 64 wrong usage or a request breathd found invalid; 69 breathd is not \
        running; 74 breathd failed internally; 75 breathd cannot do it now (busy, no device, \
        stopping); 76 an unreadable answer; 77 permission denied (not in breathd's group).
        """
}
