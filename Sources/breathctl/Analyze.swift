import ArgumentParser
import BreathSignal
import ChromatogramImport
import Foundation

/// `breathctl analyze FILE`: the signal core on a CSV or ANDI/AIA chromatogram.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Detect and integrate the peaks of a chromatogram file (CSV time,intensity or ANDI/AIA netCDF).")

    @Argument(help: ArgumentHelp("The chromatogram file.", valueName: "file"))
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let loaded: ChromatogramFile
        do { loaded = try ChromatogramFile.load(path: file) } catch {
            if case .unreadable = error, !FileManager.default.fileExists(atPath: file) {
                throw fail("\(file): no such file", ExitStatus.noInput)
            }
            throw fail(error.description, ExitStatus.dataError)
        }
        let chromatogram = loaded.chromatogram
        let result = ChromatogramAnalyzer().analyze(chromatogram)
        if json {
            print(try AnalysisReport(file: file, format: loaded.format == .aia ? "andi-aia" : "csv", chromatogram: chromatogram, result: result).json())
        } else {
            print(AnalysisReport.table(chromatogram: chromatogram, result: result))
        }
    }
}

/// The JSON document of `breathctl analyze --json`: stable snake_case keys for scripts.
struct AnalysisReport: Encodable {
    struct Peak: Encodable {
        var retention_time_s, start_s, end_s, height, area, fwhm_s, snr: Double
        var integration: String
    }

    var file: String
    var format: String
    var points: Int
    var sample_period_s: Double
    var start_time_s: Double
    var unit: String?
    var resampled: Bool
    var repaired_samples: Int
    var removed_spikes: Int
    var noise: Double
    var peaks: [Peak]

    init(file: String, format: String, chromatogram: Chromatogram, result: AnalysisResult) {
        self.file = file
        self.format = format
        points = result.points
        sample_period_s = chromatogram.samplePeriod
        start_time_s = chromatogram.startTime
        unit = chromatogram.unit
        resampled = chromatogram.wasResampled
        repaired_samples = result.repairedSamples
        removed_spikes = result.removedSpikes
        noise = result.noise
        peaks = result.peaks.map {
            Peak(retention_time_s: $0.retentionTime, start_s: $0.start, end_s: $0.end, height: $0.height,
                 area: $0.area, fwhm_s: $0.fwhm, snr: $0.snr, integration: $0.integration.rawValue)
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func table(chromatogram: Chromatogram, result: AnalysisResult) -> String {
        let unit = chromatogram.unit ?? "units"
        var lines = [String(
            format: "%d points at %g s, noise %.4g %@%@; %d peaks",
            result.points, chromatogram.samplePeriod, result.noise, unit,
            chromatogram.wasResampled ? " (resampled to a uniform grid)" : "", result.peaks.count)]
        guard !result.peaks.isEmpty else { return lines[0] }
        lines.append("   #    RT (s)   START    END   HEIGHT         AREA      FWHM (s)     SNR  INTEGRATION")
        for (index, peak) in result.peaks.enumerated() {
            lines.append(String(
                format: "%4d %9.3f %7.2f %7.2f %10.4g %12.5g %9.3f %8.1f  %@", index + 1, peak.retentionTime, peak.start,
                peak.end, peak.height, peak.area, peak.fwhm, peak.snr, peak.integration.rawValue))
        }
        return lines.joined(separator: "\n")
    }
}
