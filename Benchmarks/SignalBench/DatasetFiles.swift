import BreathSignal
import Foundation

// The on-disk layout shared with the Python side (Benchmarks/signal/):
//
//   DIR/manifest.json                 the sets, in order, and the speed inputs
//   DIR/<set>/truth.json              a SetTruth
//   DIR/<set>/<set>-NN.f64            intensities, little-endian float64, sample i at i·period
//   DIR/speed/truth.json              a SetTruth for speed-60k.f64 and speed-600k.f64
//   DIR/ours.json                     written by `SignalBench analyze` (an AnalysisReport)

/// What `generate` wrote, for the other steps to find it.
struct Manifest: Codable {
    struct Entry: Codable {
        var name: String
        var summary: String
    }

    /// The accuracy sets.
    var sets: [Entry]
    /// The directory holding the speed inputs.
    var speed: String
}

/// The ground truth of one set.
struct SetTruth: Codable {
    var set: String
    var summary: String
    var chromatograms: [ChromatogramTruth]
}

/// The ground truth of one trace.
struct ChromatogramTruth: Codable {
    /// File name of the intensities, relative to the set's directory.
    var file: String
    var points: Int
    /// s.
    var samplePeriod: Double
    /// Time of sample 0, s.
    var startTime: Double
    /// Standard deviation of the added noise (white and AR(1) combined).
    var noiseSigma: Double
    /// The true peaks in apex order (spikes and the water dip are not peaks).
    var peaks: [PeakTruth]
    /// Co-eluting pairs; `PeakTruth.pair` indexes this.
    var pairs: [PairTruth]
    /// Samples carrying a spike, and what was added there.
    var spikeIndices: [Int]
    var spikeAmplitude: Double
    var waterDip: WaterDip?
    var bleed: ColumnBleed?
}

/// One true peak. The area is the EMG's exact integral.
struct PeakTruth: Codable {
    /// s.
    var apexTime: Double
    /// Above the baseline.
    var height: Double
    /// unit·s.
    var area: Double
    /// s, tail included.
    var fwhm: Double
    /// `PeakKind` raw value: "compound", "unretained", …
    var kind: String
    /// Height over the noise's standard deviation.
    var snr: Double
    /// The EMG: Gaussian centre and sigma, exponential tau (s).
    var center: Double
    var sigma: Double
    var tau: Double
    /// Index into `ChromatogramTruth.pairs`, and whether this is the "larger" or "smaller" member.
    var pair: Int?
    var role: String?
}

/// A co-eluting pair: member indices into `ChromatogramTruth.peaks`.
struct PairTruth: Codable {
    var members: [Int]
    /// Rs = 1.18·Δt/(w½₁ + w½₂).
    var resolution: Double
    /// Larger height over smaller, ≥ 1.
    var heightRatio: Double
}

extension ChromatogramTruth {
    /// The truth of a rendered design.
    init(file: String, design: ChromatogramDesign, rendered: SyntheticChromatogram) {
        precondition(
            rendered.peaks.count == design.pairOfPeak.count, "every designed peak must fall inside the trace")
        var pairs = design.pairs.map { PairTruth(members: [], resolution: $0.resolution, heightRatio: $0.heightRatio) }
        var peaks: [PeakTruth] = []
        for (index, (peak, pair)) in zip(rendered.peaks, design.pairOfPeak).enumerated() {
            if let pair { pairs[pair].members.append(index) }
            peaks.append(
                PeakTruth(
                    apexTime: peak.apexTime, height: peak.height, area: peak.area, fwhm: peak.shape.fwhm,
                    kind: peak.kind.rawValue, snr: peak.height / rendered.noiseSigma, center: peak.shape.center,
                    sigma: peak.shape.sigma, tau: peak.shape.tau, pair: pair))
        }
        for pair in pairs {
            let ordered = pair.members.sorted { peaks[$0].height > peaks[$1].height }
            peaks[ordered[0]].role = "larger"
            peaks[ordered[1]].role = "smaller"
        }
        self.init(
            file: file, points: rendered.count, samplePeriod: rendered.samplePeriod, startTime: 0,
            noiseSigma: rendered.noiseSigma, peaks: peaks, pairs: pairs, spikeIndices: rendered.spikeIndices,
            spikeAmplitude: rendered.spikeAmplitude, waterDip: design.recipe.waterDip,
            bleed: design.recipe.baseline.bleed)
    }
}

/// Little-endian float64 sample files.
enum SampleFile {
    static func write(_ values: [Double], to url: URL) throws {
        var data = Data(capacity: values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        try data.write(to: url)
    }

    static func read(_ url: URL) throws -> [Double] {
        let data = try Data(contentsOf: url)
        guard data.count % 8 == 0 else { throw BenchError("\(url.path): \(data.count) bytes is not a whole number of float64") }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 8).map {
                Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
            }
        }
    }
}

/// JSON files: sorted keys, so the same data always gives the same bytes.
enum JSONFile {
    static func write(_ value: some Encodable, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(value).write(to: url)
    }

    static func read<Value: Decodable>(_ type: Value.Type, from url: URL) throws -> Value {
        try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }
}

/// A failure reported to the user as one line.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
