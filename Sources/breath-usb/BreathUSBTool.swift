import ArgumentParser
import BreathDevice
import BreathService
import BreathUSB
import BreathWire
import Foundation
import Logging

/// The engineers' USB bench tool: find devices and record runs to capture files through the
/// same libusb link, session and capture writer as the daemon, without a database.
@main
struct BreathUSBTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breath-usb",
        abstract: "List breath micro-GC devices on the USB bus and record runs to capture files.",
        discussion: """
            Exit codes: 0 success (every requested run was acquired, whatever its status);
            64 wrong usage; 69 no matching device appeared in time or it could not be opened;
            74 an I/O error (capture directory).
            """,
        version: BreathVersion.software,
        subcommands: [List.self, Acquire.self])
}

/// Which device: VID:PID and an optional serial.
struct DeviceOptions: ParsableArguments {
    @Option(help: "USB vendor id (hex).", transform: parseHex)
    var vid: UInt16 = USBDeviceMatch.protocolDefault.vendorID

    @Option(help: "USB product id (hex).", transform: parseHex)
    var pid: UInt16 = USBDeviceMatch.protocolDefault.productID

    @Option(help: "Only the unit with this serial number.")
    var serial: String?

    var match: USBDeviceMatch { USBDeviceMatch(vendorID: vid, productID: pid, serial: serial) }
}

private func parseHex(_ text: String) throws -> UInt16 {
    guard let value = USBDeviceMatch.id(parsing: text) else { throw ValidationError("'\(text)' is not a 16-bit hex id") }
    return value
}

extension BreathUSBTool {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print each matching device as one line of JSON.")

        @OptionGroup var device: DeviceOptions

        func run() throws {
            let context = try openContext()
            defer { context.shutdown() }
            let connector = USBConnector(context: context, match: device.match)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for found in connector.devices() {
                print(String(decoding: try encoder.encode(found), as: UTF8.self))
            }
        }
    }

    struct Acquire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record runs of the standard method; print each run's summary as one line of JSON.")

        @OptionGroup var device: DeviceOptions

        @Option(help: "Directory for the capture files.")
        var captureDirectory: String

        @Option(help: "Runs to record.")
        var runs = 1

        @Option(help: "Seconds to wait for the device to appear, and to come back after it went away.")
        var reconnectTimeout: Double = 10

        @Option(help: "Seconds of silence during a run that count as a stall.")
        var stallTimeout: Double = 10

        @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
        var logLevel: Logger.Level = .warning

        @Option(help: "Run id to use (with --runs 1): replaying a usbmon recording needs the recorded id.")
        var runId: String?

        @Option(help: "Run method: breath-screen-v1 (20 Hz reference) or breath-lc-screen-v1 (10 Hz, gain 2, what screening is calibrated for).")
        var method: String = RunMethod.breathScreenV1.methodID

        func validate() throws {
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
            if let runId {
                guard UUID(uuidString: runId) != nil else { throw ValidationError("'\(runId)' is not a UUID") }
                guard runs == 1 else { throw ValidationError("--run-id needs --runs 1") }
            }
            guard reconnectTimeout >= 0, stallTimeout > 0 else { throw ValidationError("timeouts must be positive") }
            guard runMethod != nil else { throw ValidationError("unknown --method '\(method)'") }
        }

        private var runMethod: RunMethod? {
            [RunMethod.breathScreenV1, .breathLCScreenV1].first { $0.methodID == method }
        }

        func run() async throws {
            let level = logLevel
            LoggingSystem.bootstrap { label in
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "breath-usb")
            let context = try openContext()
            defer { context.shutdown() }
            let connector = USBConnector(context: context, match: device.match)
            var options = DeviceSession.Options()
            options.stallTimeout = .milliseconds(Int64(stallTimeout * 1000))
            let recorder = RunRecorder(
                captureDirectory: URL(fileURLWithPath: captureDirectory, isDirectory: true),
                softwareVersion: BreathVersion.software, sessionOptions: options, logger: logger)
            for _ in 0..<runs {
                let link: USBLink
                do {
                    link = try await connector.connect(waitingUpTo: .milliseconds(Int64(reconnectTimeout * 1000)))
                } catch {
                    FileHandle.standardError.write(Data("breath-usb: \(error)\n".utf8))
                    throw ExitCode(69)
                }
                let place = "usb \(link.device.bus)-\(link.device.address)"
                do {
                    let runID = runId.flatMap(UUID.init(uuidString:)).map { RunID($0) } ?? RunID()
                    let run = try await recorder.record(over: link, method: runMethod ?? .breathScreenV1, source: place, runID: runID)
                    print(try USBRunLine(summary: RecordedRunSummary(run), usb: link.statistics).jsonLine())
                } catch {
                    // The run never started (no answer, refused, gone): say so and try the next.
                    await link.close()
                    logger.error("run could not start", metadata: ["error": "\(error)"])
                    print(try USBRunLine.notStarted(error: error, usb: link.statistics).jsonLine())
                }
            }
        }
    }
}

/// A run's summary with the USB link's own figures; for a run that never started, the error.
struct USBRunLine: Encodable {
    var summary: RecordedRunSummary?
    var usb: USBLinkStatistics
    var error: String?

    init(summary: RecordedRunSummary, usb: USBLinkStatistics) {
        self.summary = summary
        self.usb = usb
    }

    static func notStarted(error: any Error, usb: USBLinkStatistics) -> USBRunLine {
        USBRunLine(usb: usb, error: "\(error)")
    }

    private init(usb: USBLinkStatistics, error: String) {
        self.usb = usb
        self.error = error
    }

    func encode(to encoder: any Encoder) throws {
        try summary?.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        if summary == nil { try container.encode("not_started", forKey: .status) }
        try container.encode(usb, forKey: .usb)
        try container.encodeIfPresent(error, forKey: .error)
    }

    private enum Key: String, CodingKey { case status, usb, error }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

private func openContext() throws -> USBContext {
    do { return try USBContext() } catch {
        FileHandle.standardError.write(Data("breath-usb: \(error)\n".utf8))
        throw ExitCode(69)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
