import ArgumentParser
import BreathExport
import BreathSignal
import BreathStore
import ChromatogramImport
import Foundation

/// `breathctl plot`: a stored result's chromatogram, or a chromatogram file, as a picture.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plot a result's chromatogram (or a CSV/AIA file) with baseline, peaks and compound labels.",
        discussion: """
            TARGET is a result number (its run's stored detector trace and the result's peaks)
            or a chromatogram file (CSV or ANDI/AIA; its peaks come from a fresh analysis);
            write ./42 for a file named 42. The baseline is the signal core's estimate on the
            trace.

            Without --output, prints a compact preview for the terminal. --output FILE.svg
            writes SVG; FILE.png converts it with rsvg-convert (Debian librsvg2-bin; exit 69
            when it is missing). The file must not exist (exit 73). In the SVG,
            polyline#trace, polyline#baseline and one g.peak (id peak-N, with
            data-retention-time and data-label) holding circle.peak-marker per reported peak
            let programs check the picture.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("A result number or a chromatogram file.", valueName: "target"))
    var target: String

    @Option(name: [.short, .long], help: ArgumentHelp("Write SVG (.svg) or PNG (.png) to this new file.", valueName: "file"))
    var output: String?

    @Option(help: "Preview width in characters.")
    var columns: Int = 72

    func validate() throws {
        guard (20...400).contains(columns) else { throw ValidationError("--columns must be 20 to 400") }
        if let output {
            let suffix = URL(fileURLWithPath: output).pathExtension.lowercased()
            guard suffix == "svg" || suffix == "png" else { throw ValidationError("--output must end in .svg or .png") }
        }
    }

    func run() throws {
        let plot = try Int64(target).map(resultPlot) ?? filePlot()
        guard let output else {
            print(TerminalPreview.text(plot, columns: columns))
            return
        }
        let svg = SVGRenderer.svg(plot)
        if URL(fileURLWithPath: output).pathExtension.lowercased() == "svg" {
            try OutputFile.write(Data(svg.utf8), to: output)
        } else {
            try PNGConverter.convert(svg: svg, to: output)
        }
        print("wrote \(output): \(plot.peaks.count) peaks")
    }

    private func resultPlot(_ id: Int64) throws -> ChromatogramPlot {
        let (record, _) = try ResultLookup.record(id, database: database.db)
        // The version asked for, which may be an older one.
        let result = record.history.versions.first { $0.id == id } ?? record.current
        let chromatogram = try StoredTrace.load(record, database: database.db)
        let analysis = ChromatogramAnalyzer().analyze(chromatogram)
        let names = result.content.compoundNameByPeak
        let peaks = result.content.peaks.enumerated().map { index, peak in
            ChromatogramPlot.Peak(retentionTime: peak.retentionTime, start: peak.start, end: peak.end, height: peak.height, label: names[index])
        }
        // The source says whether the trace is synthetic (emulator, replay of an emulated run).
        let title = "Result \(result.id), run \(result.content.runID) (source \(record.run?.source ?? "unknown")), sampled \(RunFormatting.timestamp(result.sampledAt)) UTC"
            + (result.id == record.current.id ? "" : " (superseded by result \(record.current.id))")
        return ChromatogramPlot(title: title, chromatogram: chromatogram, baseline: analysis.baseline, peaks: peaks)
    }

    private func filePlot() throws -> ChromatogramPlot {
        let loaded: ChromatogramFile
        do { loaded = try ChromatogramFile.load(path: target) } catch {
            if case .unreadable = error, !FileManager.default.fileExists(atPath: target) {
                throw fail("\(target): no such file or result", ExitStatus.noInput)
            }
            throw fail(error.description, ExitStatus.dataError)
        }
        let analysis = ChromatogramAnalyzer().analyze(loaded.chromatogram)
        let peaks = analysis.peaks.map {
            ChromatogramPlot.Peak(retentionTime: $0.retentionTime, start: $0.start, end: $0.end, height: $0.height, label: nil)
        }
        return ChromatogramPlot(
            title: URL(fileURLWithPath: target).lastPathComponent, chromatogram: loaded.chromatogram, baseline: analysis.baseline, peaks: peaks)
    }
}

/// SVG to PNG through rsvg-convert, the standard converter on Debian (librsvg2-bin).
enum PNGConverter {
    static func convert(svg: String, to path: String) throws {
        guard let converter = executable("rsvg-convert") else {
            throw fail("rsvg-convert not found; install the Debian package librsvg2-bin, or write .svg", ExitStatus.unavailable)
        }
        // Create the destination first, so that an existing file is refused before any work.
        try OutputFile.create(path) { _ in }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["--format", "png", "--background-color", "white", "--output", path]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        do { try process.run() } catch {
            unlink(path)
            throw fail("cannot run \(converter): \(error.localizedDescription)", ExitStatus.unavailable)
        }
        input.fileHandleForWriting.write(Data(svg.utf8))
        try? input.fileHandleForWriting.close()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            unlink(path)
            let line = message.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw fail("rsvg-convert failed: \(line)", ExitStatus.ioError)
        }
    }

    /// The first executable `name` on PATH.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
