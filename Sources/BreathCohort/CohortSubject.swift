import BreathSignal
import BreathScreening

/// One synthetic subject: case status, confounders, true breath levels and the oracle score.
public struct CohortSubject: Sendable, Hashable {
    public var id: String
    public var isCase: Bool
    public var profile: SubjectProfile
    /// True breath levels (ppb), before room air, sampling and the instrument.
    public var breath: BreathSample
    /// ln LR of case vs control from `breath` under the generator's likelihood.
    public var oracleScore: Double
}

/// One synthetic run of a subject on the device, ready to render.
public struct CohortRun: Sendable, Hashable {
    public var id: String
    public var subjectID: String
    public var isCase: Bool
    /// Position in the device's run sequence, from 0; carryover comes from the run before.
    public var sequence: Int
    public var day: Int
    public var sample: BreathSampleReport
    public var faults: [DeviceFaultReport]
    /// The chromatogram to render (levels as trapped, carryover, drift, sensitivity, IS dose).
    public var recipe: ChromatogramRecipe
    /// Detector full scale; the rendered trace is clipped here.
    public var fullScale: Double
    public var oracleScore: Double
    /// Retention drift applied, percent.
    public var driftPercent: Double

    /// The detector trace, clipped at full scale.
    public func trace() -> Chromatogram {
        let rendered = recipe.render()
        // The period is positive by construction of the recipe.
        return try! Chromatogram(samplePeriod: rendered.samplePeriod, intensity: rendered.intensity.map { min($0, fullScale) }, unit: "µV")
    }
}
