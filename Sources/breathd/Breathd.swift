import ArgumentParser
import BreathDevice
import BreathEmulator
import BreathService
import BreathStore
import BreathWire
import Foundation
import Logging

/// The breath-analysis device daemon.
@main
struct Breathd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breathd",
        abstract: "Acquire breath-analysis runs from the micro-GC device and store them.",
        discussion: """
            This version acquires runs from the built-in emulated device (synthetic data) and
            stores each run, its trace and its capture file under the data directory. It exits
            after --runs runs.

            Exit codes: 0 success; 64 wrong usage; 69 the device failed or went away before a
            run could start; 73 the data directory cannot be created; 74 the database cannot
            be opened or written.
            """,
        version: BreathVersion.software)

    @Option(help: "Directory for the database (breath.sqlite) and captures/.")
    var dataDirectory: String = "/var/lib/breathd"

    @Option(help: "Runs to acquire before exiting.")
    var runs: Int = 1

    @Option(help: "Emulator seed: the same seed gives the same chromatogram.")
    var seed: UInt64 = 1

    @Option(help: "Emulated subject: control or case-like (synthetic profiles).")
    var subject: EmulatorConfiguration.Subject = .control

    @Option(help: "Device time per wall second: 'max' (as fast as possible) or a factor such as 1 (real time) or 60.")
    var pace: Pace = .max

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    mutating func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "breathd")
        let directory = URL(fileURLWithPath: dataDirectory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            logger.critical("cannot create data directory \(directory.path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
        let store: ResultStore
        do {
            store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
        } catch {
            logger.critical("\(error)")
            throw ExitCode(74)
        }
        let pipeline = AcquisitionPipeline(
            store: store, captureDirectory: directory.appendingPathComponent("captures", isDirectory: true),
            softwareVersion: BreathVersion.software, logger: logger)
        for index in 0..<runs {
            var configuration = EmulatorConfiguration()
            configuration.seed = seed &+ UInt64(index)
            configuration.subject = subject
            let link = EmulatorLink(configuration: configuration, pacing: pace.pacing)
            let run: AcquiredRun
            do {
                run = try await pipeline.acquire(over: link, method: .breathScreenV1, source: "emulator")
            } catch {
                logger.error("acquisition failed: \(error)")
                throw ExitCode(69)
            }
            logger.notice("run \(run.record.id ?? 0) \(run.record.status.rawValue): \(run.record.sampleCount) samples",
                          metadata: ["capture": "\(run.record.capturePath)"])
        }
    }
}

/// How fast the emulator's clock runs.
enum Pace: ExpressibleByArgument {
    case max
    case factor(Double)

    init?(argument: String) {
        if argument == "max" { self = .max; return }
        guard let value = Double(argument), value > 0, value.isFinite else { return nil }
        self = .factor(value)
    }

    var pacing: EmulatorLink.Pacing {
        switch self {
        case .max: .asFastAsPossible
        case .factor(let speed): .realTime(speed: speed)
        }
    }
}

extension EmulatorConfiguration.Subject: ExpressibleByArgument {}

extension Logger.Level: @retroactive ExpressibleByArgument {}
