import BreathCohort
import BreathScreening
import BreathSignal
import Foundation

/// The shipped method and model, and helpers shared by the screening tests.
enum Fixtures {
    static let screeningDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Screening")

    static var methodPath: String { screeningDirectory.appendingPathComponent("breath-screening-method.json").path }
    static var modelPath: String { screeningDirectory.appendingPathComponent("breath-lc-demo-model.json").path }

    static func method() throws -> ScreeningMethod { try ScreeningMethod.load(path: methodPath) }

    /// The method document as a mutable JSON object, to break one key at a time.
    static func methodJSON() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: methodPath))) as! [String: Any]
    }

    static func data(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// A clean run of a synthetic subject with the given retention drift (percent), analysed.
    static func analysedRun(seed: UInt64, driftPercent: Double = 0, mutate: (inout ChromatogramRecipe) -> Void = { _ in })
        -> (chromatogram: Chromatogram, analysis: AnalysisResult, recipe: ChromatogramRecipe)
    {
        var recipe = BreathSample.typicalControl(seed: seed).recipe(
            retention: RetentionModel.standard(deadTime: 30, separationDuration: 600, drift: RetentionDrift(scale: 1 + driftPercent / 100)),
            instrument: instrument(), seed: seed)
        mutate(&recipe)
        let rendered = recipe.render()
        let chromatogram = try! Chromatogram(samplePeriod: rendered.samplePeriod, intensity: rendered.intensity)
        return (chromatogram, ChromatogramAnalyzer().analyze(chromatogram), recipe)
    }

    /// The instrument the method is written for: the standard settings at gain code 2, 10 Hz.
    static func instrument() -> InstrumentSettings {
        var settings = InstrumentSettings.standard(samplePeriod: 0.1, runDuration: 600)
        settings.detectorGain *= 10
        return settings
    }

    static let goodSample = BreathSampleReport(exhaledVolumeML: 1000, endTidalCO2Percent: 4.8, durationS: 180)
}
