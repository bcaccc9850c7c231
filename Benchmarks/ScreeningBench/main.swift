import BreathCohort
import BreathScreening
import BreathSignal
import Foundation

// Screening time per run: identification + features + QC + scoring (Screener.screen), on
// analysed synthetic runs, with the shipped method and demo model. The signal core's analysis
// of the same runs is timed beside it for scale. Prints figures; asserts nothing.

let arguments = CommandLine.arguments
let root = arguments.count > 1 ? arguments[1] : FileManager.default.currentDirectoryPath
let runCount = 60
let repetitions = 50

let method: ScreeningMethod
let model: LoadedModel
do {
    method = try ScreeningMethod.load(path: root + "/Screening/breath-screening-method.json")
    model = try LoadedModel.load(path: root + "/Screening/" + method.model.file)
} catch {
    FileHandle.standardError.write(Data("ScreeningBench: \(error)\n".utf8))
    exit(66)
}
let screener = try! Screener(method: method, model: model)
let cohort = SyntheticCohort(design: CohortDesign(subjects: runCount), seed: 9_999)
let clock = ContinuousClock()

var analysisTimes: [Double] = []
var analysed: [(Chromatogram, AnalysisResult, BreathSampleReport, [DeviceFaultReport])] = []
for run in cohort.runs {
    let chromatogram = run.trace()
    var result: AnalysisResult?
    let elapsed = clock.measure { result = ChromatogramAnalyzer().analyze(chromatogram) }
    analysisTimes.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    analysed.append((chromatogram, result!, run.sample, run.faults))
}

var screeningTimes: [Double] = []
var sink = 0.0
for _ in 0..<repetitions {
    for (chromatogram, analysis, sample, faults) in analysed {
        let elapsed = clock.measure {
            let outcome = screener.screen(chromatogram: chromatogram, analysis: analysis, sample: sample, deviceFaults: faults)
            sink += outcome.risk?.probability ?? 0
        }
        screeningTimes.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
}

func summary(_ values: [Double]) -> (median: Double, p95: Double, mean: Double) {
    let sorted = values.sorted()
    return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(0.95 * Double(sorted.count)))], values.reduce(0, +) / Double(values.count))
}
let screening = summary(screeningTimes)
let analysis = summary(analysisTimes)
let points = analysed[0].0.count
let peaks = analysed.map { $0.1.peaks.count }.reduce(0, +) / analysed.count
print("ScreeningBench: \(analysed.count) synthetic runs (\(points) points, ~\(peaks) peaks each), method \(method.id) \(method.version), model \(model.model.id)")
print(String(format: "screening (identification + features + QC + scoring): median %.1f µs, p95 %.1f µs, mean %.1f µs per run (%d timings)",
             screening.median, screening.p95, screening.mean, screeningTimes.count))
print(String(format: "signal-core analysis of the same runs, for scale:   median %.0f µs, p95 %.0f µs per run", analysis.median, analysis.p95))
print(String(format: "screening / analysis (medians): %.4f", screening.median / analysis.median))
if sink.isNaN { print("unexpected NaN risk") }
