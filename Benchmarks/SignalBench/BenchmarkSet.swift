import BreathSignal

/// Detector noise of every generated trace (µV-like units): mostly white, with a weak AR(1)
/// part for the slow flow and temperature noise of a real detector. Heights and SNRs below are
/// multiples of its total standard deviation.
let benchmarkNoise = NoiseModel(whiteSigma: 3, correlatedSigma: 1, phi: 0.9)

/// One chromatogram before rendering: the recipe plus what the truth needs beyond it.
struct ChromatogramDesign {
    /// What to render; its peaks are in apex order, as `render()` reports them.
    var recipe: ChromatogramRecipe
    /// For each peak of `recipe.peaks`, the co-eluting pair it belongs to, if any.
    var pairOfPeak: [Int?]
    /// Resolution and height ratio of each co-eluting pair.
    var pairs: [(resolution: Double, heightRatio: Double)]
}

/// The families of generated chromatograms the accuracy benchmark scores, one difficulty each.
///
/// Unless a set says otherwise: 10, 12.5 or 20 Hz (by turns), 8–25 EMG peaks with FWHM growing
/// from 1 s early to 4 s late in the run (±8 %), tailing tau/sigma uniform in 0–1, heights
/// log-uniform over two decades from SNR 20 to 2000, and apexes at least 3 FWHM apart.
/// The baseline is a constant offset with slow wander.
enum BenchmarkSet: String, CaseIterable {
    case isolated
    case lowSNR = "low-snr"
    case coelution
    case artifacts
    case rate100Hz = "100hz"
    case rate1kHz = "1khz"

    /// One line for the manifest and the printed table.
    var summary: String {
        switch self {
        case .isolated: "well-separated peaks, SNR 20-2000, 10-20 Hz"
        case .lowSNR: "well-separated peaks, SNR 3-10 (uniform), 10-20 Hz"
        case .coelution: "pairs at Rs 0.6-1.5, height ratio 1:1-1:8, SNR of the smaller >= 20, 10-20 Hz"
        case .artifacts: "isolated peaks plus spikes, water dip, unretained peak (a true peak), bleed ramp"
        case .rate100Hz: "well-separated peaks at 100 Hz"
        case .rate1kHz: "well-separated peaks (8-12 per trace) at 1 kHz"
        }
    }

    /// Number of chromatograms in the set.
    var chromatogramCount: Int {
        switch self {
        case .rate100Hz: 16
        case .rate1kHz: 6
        default: 20
        }
    }

    /// Seed of chromatogram `index`: the recipe uses it for noise, wander and spikes, the
    /// layout below for its own draws (stream 0, which the recipe never uses).
    func seed(index: Int) -> UInt64 {
        let ordinal = UInt64(Self.allCases.firstIndex(of: self)!)
        return 0x5167_BE4C_0000 + ordinal * 1_000 + UInt64(index)
    }

    /// The recipe of chromatogram `index`, a pure function of the set and the index.
    func design(index: Int) -> ChromatogramDesign {
        let seed = seed(index: index)
        var random = SeededGenerator(seed: seed)
        let sigma = benchmarkNoise.totalSigma
        let period: Double
        switch self {
        case .rate100Hz: period = 0.01
        case .rate1kHz: period = 0.001
        default: period = [0.1, 0.08, 0.05][index % 3]
        }

        var specs: [PeakSpec]
        var pairs: [(resolution: Double, heightRatio: Double)] = []
        var waterDip: WaterDip?
        var spikes = SpikeModel.none
        switch self {
        case .isolated, .rate100Hz:
            specs = separatedPeaks(count: random.integer(8...25), firstApex: 15, using: &random) {
                $0.logUniform(20 * sigma...2000 * sigma)
            }
        case .rate1kHz:
            specs = separatedPeaks(count: random.integer(8...12), firstApex: 15, using: &random) {
                $0.logUniform(20 * sigma...2000 * sigma)
            }
        case .lowSNR:
            specs = separatedPeaks(count: random.integer(8...25), firstApex: 15, using: &random) {
                $0.uniform(3 * sigma...10 * sigma)
            }
        case .coelution:
            (specs, pairs) = coelutingPairs(count: random.integer(5...12), firstApex: 15, using: &random)
        case .artifacts:
            let unretained = PeakSpec(
                apexTime: random.uniform(12...20), height: random.logUniform(30 * sigma...300 * sigma),
                fwhm: random.uniform(1...1.2), tailing: 0.5, kind: .unretained)
            let dip = WaterDip(
                time: unretained.apexTime + random.uniform(15...25), depth: random.uniform(40 * sigma...120 * sigma),
                width: random.uniform(3...6))
            waterDip = dip
            specs = [unretained]
                + separatedPeaks(count: random.integer(8...25), firstApex: dip.time + 3 * dip.width, using: &random) {
                    $0.logUniform(20 * sigma...2000 * sigma)
                }
            spikes = SpikeModel(count: random.integer(3...8), amplitude: random.logUniform(20 * sigma...200 * sigma))
        }

        let duration = traceEnd(after: specs)
        let bleed = self == .artifacts
            ? ColumnBleed(amplitude: random.uniform(50 * sigma...120 * sigma), midpoint: 0.85 * duration, width: 0.05 * duration)
            : nil
        let baseline = BaselineModel(
            offset: 500, bleed: bleed,
            wander: [
                BaselineWander(amplitude: random.uniform(1 * sigma...3 * sigma), period: 0.6 * duration),
                BaselineWander(amplitude: random.uniform(0.5 * sigma...1.5 * sigma), period: 0.25 * duration),
            ])
        specs.sort { $0.apexTime < $1.apexTime }
        let recipe = ChromatogramRecipe(
            duration: duration, samplePeriod: period, peaks: specs.map(\.truthPeak), baseline: baseline,
            waterDip: waterDip, noise: benchmarkNoise, spikes: spikes, seed: seed)
        return ChromatogramDesign(recipe: recipe, pairOfPeak: specs.map(\.pair), pairs: pairs)
    }
}

/// FWHM of a peak `progress` (0–1) of the way through the run: 1 s early to 4 s late, ±8 %.
private func drawFWHM(progress: Double, using random: inout SeededGenerator) -> Double {
    min(4, max(1, (1 + 3 * progress) * random.uniform(0.92...1.08)))
}

/// `count` peaks whose apexes are at least 3 FWHM of the wider neighbour apart (plus up to
/// 2 FWHM more), starting at `firstApex`; `height` draws each height.
private func separatedPeaks(
    count: Int, firstApex: Double, using random: inout SeededGenerator,
    height: (inout SeededGenerator) -> Double
) -> [PeakSpec] {
    var specs: [PeakSpec] = []
    var apex = firstApex
    for index in 0..<count {
        let fwhm = drawFWHM(progress: Double(index) / Double(max(count - 1, 1)), using: &random)
        if let previous = specs.last {
            apex = previous.apexTime + 3 * max(previous.fwhm, fwhm) + random.uniform(0...2) * fwhm
        }
        specs.append(
            PeakSpec(apexTime: apex, height: height(&random), fwhm: fwhm, tailing: random.uniform(0...1)))
    }
    return specs
}

/// `count` co-eluting pairs, each 3–5 FWHM from the next. Within a pair the widths are alike
/// (±5 %) and so is the tailing; the resolution Rs = 1.18·Δt/(w½₁ + w½₂) is uniform in
/// 0.6–1.5, the height ratio uniform in 1–8 with the smaller peak at SNR 20–250 (log-uniform),
/// and the larger peak comes first or second with equal chance.
private func coelutingPairs(
    count: Int, firstApex: Double, using random: inout SeededGenerator
) -> ([PeakSpec], [(resolution: Double, heightRatio: Double)]) {
    let sigma = benchmarkNoise.totalSigma
    var specs: [PeakSpec] = []
    var pairs: [(resolution: Double, heightRatio: Double)] = []
    for index in 0..<count {
        let base = drawFWHM(progress: Double(index) / Double(max(count - 1, 1)), using: &random)
        let widths = (base * random.uniform(0.95...1.05), base * random.uniform(0.95...1.05))
        let tailing = random.uniform(0...1)
        let resolution = random.uniform(0.6...1.5)
        let ratio = random.uniform(1...8)
        let smaller = random.logUniform(20 * sigma...250 * sigma)
        let largerFirst = random.nextUniform() < 0.5
        var first = firstApex
        if let previous = specs.last {
            first = previous.apexTime + 3 * max(previous.fwhm, widths.0) + random.uniform(0...2) * widths.0
        }
        let second = first + resolution * (widths.0 + widths.1) / 1.18
        let heights = largerFirst ? (smaller * ratio, smaller) : (smaller, smaller * ratio)
        specs.append(PeakSpec(apexTime: first, height: heights.0, fwhm: widths.0, tailing: tailing, pair: index))
        specs.append(PeakSpec(apexTime: second, height: heights.1, fwhm: widths.1, tailing: tailing, pair: index))
        pairs.append((resolution, ratio))
    }
    return (specs, pairs)
}

/// Run length covering every peak's tail with a quiet stretch after it, in whole seconds.
private func traceEnd(after specs: [PeakSpec]) -> Double {
    let last = specs.max { $0.apexTime < $1.apexTime }!
    return (last.apexTime + 20 + 5 * last.fwhm).rounded(.up)
}

/// The speed benchmark's input: a breath-like 10-minute run with 100 compound peaks (FWHM 1 → 4 s
/// along the run, SNR 10–3000 log-uniform, some crowding), an unretained peak, a water dip,
/// bleed, wander and spikes. The same recipe at 100 Hz gives exactly 60,000 points and at
/// 1 kHz exactly 600,000.
func speedDesign(samplePeriod: Double) -> ChromatogramDesign {
    let seed: UInt64 = 0x5167_BE4C_5EED
    var random = SeededGenerator(seed: seed)
    let sigma = benchmarkNoise.totalSigma
    let duration = 600.0
    var specs = [
        PeakSpec(apexTime: 20, height: 80 * sigma, fwhm: 1.1, tailing: 0.5, kind: .unretained)
    ]
    let times = (0..<100).map { _ in random.uniform(60...570) }.sorted()
    for time in times {
        let fwhm = drawFWHM(progress: (time - 20) / (duration - 20), using: &random)
        // Crowded but not stacked: an apex closer than one FWHM to the previous one moves out.
        let apex = max(time, (specs.last?.apexTime ?? 0) + fwhm)
        specs.append(
            PeakSpec(
                apexTime: apex, height: random.logUniform(10 * sigma...3000 * sigma), fwhm: fwhm,
                tailing: random.uniform(0...1)))
    }
    let recipe = ChromatogramRecipe(
        duration: duration, samplePeriod: samplePeriod, peaks: specs.map(\.truthPeak),
        baseline: BaselineModel(
            offset: 500, bleed: ColumnBleed(amplitude: 100 * sigma, midpoint: 520, width: 30),
            wander: [BaselineWander(amplitude: 2 * sigma, period: 380), BaselineWander(amplitude: sigma, period: 150)]),
        waterDip: WaterDip(time: 40, depth: 100 * sigma, width: 5), noise: benchmarkNoise,
        spikes: SpikeModel(count: 5, amplitude: 100 * sigma), seed: seed)
    return ChromatogramDesign(recipe: recipe, pairOfPeak: specs.map { _ in nil }, pairs: [])
}
