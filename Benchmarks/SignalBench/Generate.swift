import BreathSignal
import Foundation

/// `SignalBench generate`: renders every set and the speed inputs with their ground truth.
enum Generate {
    static func run(directory: URL) throws {
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        for set in BenchmarkSet.allCases {
            let folder = directory.appendingPathComponent(set.rawValue)
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
            var truths: [ChromatogramTruth] = []
            for index in 0..<set.chromatogramCount {
                let name = "\(set.rawValue)-\(index < 10 ? "0" : "")\(index).f64"
                truths.append(try write(set.design(index: index), as: name, in: folder))
            }
            try JSONFile.write(
                SetTruth(set: set.rawValue, summary: set.summary, chromatograms: truths),
                to: folder.appendingPathComponent("truth.json"))
            let points = truths.reduce(0) { $0 + $1.points }
            let peaks = truths.reduce(0) { $0 + $1.peaks.count }
            print("\(set.rawValue): \(truths.count) chromatograms, \(peaks) peaks, \(points) points")
        }

        let speed = directory.appendingPathComponent("speed")
        try files.createDirectory(at: speed, withIntermediateDirectories: true)
        var truths: [ChromatogramTruth] = []
        for (name, period, points) in [("speed-60k.f64", 0.01, 60_000), ("speed-600k.f64", 0.001, 600_000)] {
            let truth = try write(speedDesign(samplePeriod: period), as: name, in: speed)
            precondition(truth.points == points, "speed input \(name) has \(truth.points) points")
            truths.append(truth)
        }
        try JSONFile.write(
            SetTruth(set: "speed", summary: "breath-like 10 min run, 101 peaks, at 100 Hz and 1 kHz", chromatograms: truths),
            to: speed.appendingPathComponent("truth.json"))
        print("speed: \(truths.map { "\($0.points) points" }.joined(separator: ", "))")

        try JSONFile.write(
            Manifest(sets: BenchmarkSet.allCases.map { .init(name: $0.rawValue, summary: $0.summary) }, speed: "speed"),
            to: directory.appendingPathComponent("manifest.json"))
    }

    /// Renders `design`, writes its samples and returns its truth.
    private static func write(_ design: ChromatogramDesign, as name: String, in folder: URL) throws -> ChromatogramTruth {
        let rendered = design.recipe.render()
        try SampleFile.write(rendered.intensity, to: folder.appendingPathComponent(name))
        return ChromatogramTruth(file: name, design: design, rendered: rendered)
    }
}
