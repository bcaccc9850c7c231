import ArgumentParser
import BreathCapture
import BreathDevice
import BreathReplay
import BreathScreening
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

    @Option(help: ArgumentHelp("Also screen a complete run with this screening method file (it names its model).", valueName: "method"))
    var screeningMethod: String?

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
        var screening: ScreeningOutcome?
        if let screeningMethod, recorded.status == .complete, let chromatogram, let analysis {
            let screener: Screener
            do { screener = try Screener.load(methodPath: screeningMethod) } catch {
                throw fail("\(screeningMethod): \(error)", ExitStatus.dataError)
            }
            screening = screener.screen(
                chromatogram: chromatogram, analysis: analysis, sample: recorded.acquisition.breathSample,
                deviceFaults: recorded.acquisition.faults.map(DeviceFaultReport.init))
        }
        if json {
            var report = ReplayReport(run: summary, analysis: zip(chromatogram, analysis))
            report.screening = screening.map(ReplayReport.Screening.init)
            print(try report.json())
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
            if let screening {
                print("screening: QC \(screening.status.rawValue)"
                    + screening.findings.map { " [\($0.code): \($0.detail)]" }.joined()
                    + (screening.risk.map { String(format: "; risk %.3f (%@)", $0.probability, $0.category.rawValue) } ?? "; no risk"))
                for notice in screening.notices { print("NOT VALIDATED: \(notice)") }
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
    /// What screening made of a complete run.
    struct Screening: Encodable {
        var qc_outcome: String
        var findings: [String]
        var risk: Double?
        var category: String?
        var model_id: String
        var model_sha256: String
        var notices: [String]

        init(_ outcome: ScreeningOutcome) {
            qc_outcome = outcome.status.rawValue
            findings = outcome.findings.map { "\($0.code): \($0.detail)" }
            risk = outcome.risk?.probability
            category = outcome.risk?.category.rawValue
            model_id = outcome.modelID
            model_sha256 = outcome.modelSHA256
            notices = outcome.notices
        }
    }

    var run: RecordedRunSummary
    var analysis: AnalysisReport?
    var screening: Screening?

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
