/// How a synthetic cohort is drawn. Defaults follow the project's literature notes; every
/// figure is a synthetic choice, not a measurement.
public struct CohortDesign: Sendable, Hashable, Codable {
    /// Number of subjects.
    public var subjects: Int
    /// Fraction of subjects who are cases (a case-control design, not screening prevalence).
    public var caseFraction: Double
    /// Fraction of subjects who give a second run (patient grouping matters for validation).
    public var repeatFraction: Double
    /// In a case, the chance that each marker is affected…
    public var markerPrevalence: Double
    /// …by a fold drawn log-uniformly from this range.
    public var foldRange: ClosedRange<Double>
    /// Detector sample period (s) and run length (s).
    public var samplePeriod: Double
    public var runDuration: Double
    /// Detector gain relative to ``InstrumentSettings/standard(samplePeriod:runDuration:)``
    /// (that is gain code 1; the screening method runs at code 2, ten times more).
    public var gainFactor: Double
    /// Detector full scale, µV: the trace clips here.
    public var fullScale: Double
    /// Runs per clinic day; room air, detector sensitivity and the day's drift are shared.
    public var runsPerDay: Int

    public init(
        subjects: Int, caseFraction: Double = 0.4, repeatFraction: Double = 0.1, markerPrevalence: Double = 0.6,
        foldRange: ClosedRange<Double> = 1.2...2.0, samplePeriod: Double = 0.1, runDuration: Double = 600,
        gainFactor: Double = 10, fullScale: Double = 2_500_000, runsPerDay: Int = 12
    ) {
        precondition(subjects > 0 && (0...1).contains(caseFraction) && (0...1).contains(repeatFraction))
        self.subjects = subjects
        self.caseFraction = caseFraction
        self.repeatFraction = repeatFraction
        self.markerPrevalence = markerPrevalence
        self.foldRange = foldRange
        self.samplePeriod = samplePeriod
        self.runDuration = runDuration
        self.gainFactor = gainFactor
        self.fullScale = fullScale
        self.runsPerDay = runsPerDay
    }

    /// The likelihood the cohort's levels are drawn from.
    public var likelihood: BreathLikelihood {
        BreathLikelihood(markerPrevalence: markerPrevalence, foldRange: foldRange)
    }
}
