import BreathSignal
import Foundation

/// `SignalBench analyze`: runs `ChromatogramAnalyzer(settings: .default)` on every generated
/// trace, times it, and writes the peak tables and timings for `score.py`.
enum Analyze {
    /// Speed inputs get more repetitions than the accuracy traces: they are the headline figures.
    static let speedRepetitions = 15

    static func run(directory: URL, output: URL, repetitions: Int) throws {
        let manifest = try JSONFile.read(Manifest.self, from: directory.appendingPathComponent("manifest.json"))
        var sets: [String: [TracedAnalysis]] = [:]
        for entry in manifest.sets {
            let folder = directory.appendingPathComponent(entry.name)
            let truth = try JSONFile.read(SetTruth.self, from: folder.appendingPathComponent("truth.json"))
            sets[entry.name] = try truth.chromatograms.map {
                try analyze($0, in: folder, repetitions: repetitions, keepPeaks: true)
            }
            let total = sets[entry.name]!.reduce(0) { $0 + $1.medianMs }
            print("  \(entry.name): \(truth.chromatograms.count) traces, \(format(total)) ms in all (medians)")
        }

        let folder = directory.appendingPathComponent(manifest.speed)
        let truth = try JSONFile.read(SetTruth.self, from: folder.appendingPathComponent("truth.json"))
        var speed: [String: TracedAnalysis] = [:]
        for chromatogram in truth.chromatograms {
            let timing = try analyze(chromatogram, in: folder, repetitions: speedRepetitions, keepPeaks: false)
            speed[chromatogram.file] = timing
            print("  \(chromatogram.file): \(timing.points) points, \(format(timing.medianMs)) ms (median of \(speedRepetitions)), \(timing.peakCount) peaks")
        }

        try JSONFile.write(
            AnalysisReport(
                analyzer: "BreathSignal ChromatogramAnalyzer(settings: .default)",
                clock: "ContinuousClock; one warm-up run, then the median of the repetitions",
                repetitions: repetitions, speedRepetitions: speedRepetitions, sets: sets, speed: speed),
            to: output)
    }

    /// Loads one trace, analyses it once to warm up and then `repetitions` times, timed.
    private static func analyze(
        _ truth: ChromatogramTruth, in folder: URL, repetitions: Int, keepPeaks: Bool
    ) throws -> TracedAnalysis {
        let samples = try SampleFile.read(folder.appendingPathComponent(truth.file))
        guard samples.count == truth.points else { throw BenchError("\(truth.file): \(samples.count) samples, truth says \(truth.points)") }
        let chromatogram = try Chromatogram(startTime: truth.startTime, samplePeriod: truth.samplePeriod, intensity: samples)
        let analyzer = ChromatogramAnalyzer(settings: .default)
        var result = analyzer.analyze(chromatogram)
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repetitions {
            let elapsed = clock.measure { result = analyzer.analyze(chromatogram) }
            times.append(milliseconds(elapsed))
        }
        return TracedAnalysis(
            file: truth.file, points: result.points, medianMs: median(times), timesMs: times, noise: result.noise,
            removedSpikes: result.removedSpikes, repairedSamples: result.repairedSamples, peakCount: result.peaks.count,
            peaks: keepPeaks ? result.peaks : nil)
    }
}

/// What `analyze` writes: ours.json.
struct AnalysisReport: Codable {
    var analyzer: String
    var clock: String
    var repetitions: Int
    var speedRepetitions: Int
    /// Set name to one entry per trace, in the truth's order.
    var sets: [String: [TracedAnalysis]]
    /// Speed input file name to its timing.
    var speed: [String: TracedAnalysis]
}

/// One trace's timing and, for the accuracy sets, its peak table.
struct TracedAnalysis: Codable {
    var file: String
    var points: Int
    var medianMs: Double
    var timesMs: [Double]
    var noise: Double
    var removedSpikes: Int
    var repairedSamples: Int
    var peakCount: Int
    var peaks: [DetectedPeak]?
}

private func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1e3 + Double(parts.attoseconds) * 1e-15
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

private func format(_ milliseconds: Double) -> String {
    String(format: "%.2f", milliseconds)
}
