import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import BreathService
import BreathStore
import Foundation
import Logging
import ServiceLifecycle

/// The breath-analysis device daemon.
@main
struct Breathd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breathd",
        abstract: "Acquire breath-analysis runs from the micro-GC device and store them.",
        discussion: """
            Runs as a systemd service (Type=notify): reads its configuration file, recovers runs \
            a crash left open, listens on its control socket (breathctl status, run start, run \
            abort, device info), keeps the device connected (reconnecting with backoff) and \
            stores every run it acquires. SIGTERM or SIGINT closes a run in progress as \
            interrupted, keeping its capture, and exits.

            With --runs N it starts N runs itself (synthetic labels) and exits once they are \
            stored: the demo and the benchmarks use it. Command-line options override the file.

            Exit codes: 0 success; 64 wrong usage; 69 the device failed or went away before a \
            run could start (--runs); 73 the data directory cannot be created; 74 the database \
            cannot be opened or written, or open runs cannot be recovered; 78 a configuration \
            value is invalid (the message names the key); 71 the control socket cannot be opened.
            """,
        version: BreathVersion.software)

    @Option(help: "Configuration file (key = value lines). Default: /etc/breathd/breathd.conf if it exists.")
    var config: String?

    @Option(help: "Directory for the database (breath.sqlite), captures/ and, by default, the control socket and metrics.")
    var dataDirectory: String?

    @Option(help: "Control socket path.")
    var controlSocket: String?

    @Option(help: "Start this many runs, then exit once they are stored.")
    var runs: Int?

    @Option(help: "The device link: emulator, usb or replay.")
    var device: String?

    @Option(help: "Play this capture file as the device (sets --device replay); with --runs 1 it runs through the whole pipeline once.")
    var replay: String?

    @Option(help: "Screening method file (it names its model); screens every complete run.")
    var screeningMethod: String?

    @Option(help: "Emulator seed: the same seed gives the same chromatogram.")
    var seed: String?

    @Option(help: "Emulated subject: control or case-like (synthetic profiles).")
    var subject: String?

    @Option(help: "Device time per wall second: 'max' (as fast as possible) or a factor such as 1 (real time) or 60.")
    var pace: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Flag(help: "Check the configuration, print it and exit (0 when valid, 78 when not).")
    var checkConfig = false

    static let defaultConfigPath = "/etc/breathd/breathd.conf"

    mutating func validate() throws {
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
        // Checked here too so that bad options are usage errors (64) before anything is created.
        do { _ = try settings() } catch {
            guard error.origin == "command line" else { return }
            let option = error.key.flatMap { key in Self.options.first { $0.key.rawValue == key }?.option } ?? "option"
            throw ValidationError("\(option): \(error.problem)")
        }
    }

    /// The options that stand for configuration keys.
    private static let options: [(key: DaemonConfiguration.Key, option: String)] = [
        (.dataDirectory, "--data-directory"), (.controlSocket, "--control-socket"), (.emulatorSeed, "--seed"),
        (.emulatorSubject, "--subject"), (.emulatorPace, "--pace"), (.logLevel, "--log-level"), (.device, "--device"),
        (.replayFile, "--replay"), (.screeningMethod, "--screening-method"),
    ]

    /// The file's settings followed by the command line's.
    private func settings() throws(ConfigurationError) -> [DaemonConfiguration.Setting] {
        var settings = try DaemonConfiguration.settings(fromFile: config ?? Self.defaultConfigPath, required: config != nil)
        let options: [(DaemonConfiguration.Key, String?)] = [
            (.dataDirectory, dataDirectory), (.controlSocket, controlSocket), (.emulatorSeed, seed),
            (.emulatorSubject, subject), (.emulatorPace, pace), (.logLevel, logLevel),
            (.device, device ?? (replay == nil ? nil : DaemonConfiguration.DeviceKind.replay.rawValue)),
            (.replayFile, replay), (.screeningMethod, screeningMethod),
        ]
        for case let (key, value?) in options {
            settings.append(.init(key: key.rawValue, value: value, origin: "command line"))
        }
        _ = try DaemonConfiguration(applying: settings.filter { $0.origin == "command line" })
        return settings
    }

    func run() async throws {
        // A client or journald hanging up must never kill the daemon; writes report EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration(applying: settings())
        } catch {
            FileHandle.standardError.write(Data("<2>breathd: configuration: \(error)\n".utf8))
            throw ExitCode(78)
        }
        if checkConfig {
            print("configuration valid: device \(configuration.device.rawValue), data \(configuration.dataDirectory), "
                + "socket \(configuration.controlSocket), metrics \(configuration.metricsFile ?? "off")")
            return
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "breathd")
        let notifier = SystemdNotifier()
        let directory = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            logger.critical("cannot create data directory \(directory.path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
        let store: ResultStore
        do {
            store = try ResultStore.openForWriting(at: configuration.databasePath)
        } catch {
            logger.critical("\(error)")
            throw ExitCode(74)
        }
        let daemon = BreathDaemon(
            configuration: configuration, store: store, notifier: notifier, automaticRuns: runs, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as BreathDaemon.Failure {
            logger.critical("\(error)")
            switch error {
            case .recovery: throw ExitCode(74)
            case .controlSocket: throw ExitCode(71)
            case .controlGroup: throw ExitCode(78)
            case .automaticRun, .device: throw ExitCode(69)
            case .screening: throw ExitCode(78)
            }
        } catch {
            logger.critical("\(error)")
            throw ExitCode(70)
        }
    }
}
