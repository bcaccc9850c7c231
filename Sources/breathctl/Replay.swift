import ArgumentParser
import BreathCapture
import BreathDevice
import BreathReplay
import BreathService
import BreathSignal
import Foundation
import Logging

/// `breathctl replay FILE`: a recorded run through the acquisition pipeline and the signal
/// core again, exactly as it ran live, without touching the database.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a capture file through the acquisition pipeline and the signal core.",
        discussion: """
            The capture plays back as a device through the same session, decoders and run
            acquisition as the live run, and its trace goes through the same analysis; nothing
            is stored and no capture is written. Replaying a capture twice prints the same
            result. A capture cut short (crash, unplugged device) replays as an interrupted run.
            """)

    @Argument(help: ArgumentHelp("The capture file (.bcap).", valueName: "file"))
    var file: String

    @Option(help: "'max' (as fast as possible) or a factor of the recorded pace, such as 1 or 10.")
    var pace: ReplayPace = .max

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let capture: CaptureFile
        do { capture = try CaptureFile(contentsOf: URL(fileURLWithPath: file)) } catch {
            if !FileManager.default.fileExists(atPath: file) { throw fail("\(file): no such file", ExitStatus.noInput) }
            throw fail("\(file): \(error)", ExitStatus.dataError)
        }
        let recorded: RecordedRun
        do {
            recorded = try await replay(capture)
        } catch {
            throw fail("\(file): the replay failed: \(error)", ExitStatus.dataError)
        }
        let summary = RecordedRunSummary(recorded)
        let chromatogram = try? recorded.acquisition.chromatogram()
        let analysis = chromatogram.map { ChromatogramAnalyzer().analyze($0) }
        if json {
            print(try ReplayReport(run: summary, analysis: zip(chromatogram, analysis)).json())
        } else {
            print("run \(summary.run) from \(capture.header.source), device \(summary.device_serial): \(summary.status)"
                + (summary.reason.map { " (\($0))" } ?? ""))
            print("\(summary.received_samples) samples received, \(summary.missing_samples) missing, "
                + "\(summary.sequence_gaps) frames lost, totals \(summary.totals_verified ? "verified" : "not verified")")
            if let chromatogram, let analysis {
                print(AnalysisReport.table(chromatogram: chromatogram, result: analysis))
            } else {
                print("no trace to analyse")
            }
        }
    }

    private func replay(_ capture: CaptureFile) async throws -> RecordedRun {
        // The replay is silent unless it goes wrong: breathctl prints the outcome itself.
        var logger = Logger(label: "breathctl.replay")
        logger.logLevel = .error
        let recorder = RunRecorder(
            captureDirectory: nil, softwareVersion: BreathVersion.software,
            sessionOptions: .init(stallTimeout: nil, keepAliveInterval: nil), logger: logger)
        return try await recorder.record(
            over: ReplayLink(capture: capture, pacing: pace.pacing), method: capture.header.method,
            source: "replay:\(file)", runID: capture.header.runID)
    }
}

/// `--pace`: as fast as possible or a factor of the recorded pace.
enum ReplayPace: ExpressibleByArgument {
    case max
    case factor(Double)

    init?(argument: String) {
        if argument == "max" {
            self = .max
        } else if let factor = Double(argument), factor > 0, factor.isFinite {
            self = .factor(factor)
        } else {
            return nil
        }
    }

    var pacing: ReplayLink.Pacing {
        switch self {
        case .max: .asFastAsPossible
        case .factor(let speed): .realTime(speed: speed)
        }
    }
}

/// `breathctl replay --json`: the run's summary and its analysis.
struct ReplayReport: Encodable {
    var run: RecordedRunSummary
    var analysis: AnalysisReport?

    init(run: RecordedRunSummary, analysis: (Chromatogram, AnalysisResult)?) {
        self.run = run
        self.analysis = analysis.map { AnalysisReport(file: run.source, format: "capture", chromatogram: $0.0, result: $0.1) }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

extension RunAcquisition {
    /// The detector trace as a chromatogram: time zero is the first sample (injection onto
    /// the column), missing samples are NaN for the analyzer to repair.
    func chromatogram() throws -> Chromatogram {
        let period = Double(samplePeriodMicros ?? 0) / 1e6
        return try Chromatogram(samplePeriod: period, intensity: detector.map(Double.init), unit: "detector units")
    }
}
