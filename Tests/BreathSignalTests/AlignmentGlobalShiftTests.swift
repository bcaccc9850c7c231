import Foundation
import Testing

@testable import BreathSignal

/// `Alignment.globalShift` on breath-like runs with a known retention offset.
@Suite struct AlignmentGlobalShiftTests {
    /// The standard 600 s breath run of one subject; `offset` delays every peak (and the dip).
    static func breathRun(offset: Double, samplePeriod: Double = 0.05, noiseSeed: UInt64) -> Chromatogram {
        let run = BreathSample.typicalControl(seed: 1)
            .recipe(
                retention: .standard(drift: RetentionDrift(offset: offset)),
                instrument: .standard(samplePeriod: samplePeriod), seed: noiseSeed
            ).render()
        return AnalysisFixtures.chromatogram(run)
    }

    static let reference = breathRun(offset: 0, noiseSeed: 5)

    // The correlation peak is dominated by the tall, ≈ 20-sample-wide early peaks (acetone at
    // SNR ≈ 3 000): a parabola through its top three samples is biased by < 0.05 sample and
    // noise moves it less. A quarter of a reference sample (0.0125 s) leaves a wide margin and
    // still catches a sub-sample term with the wrong sign (0.2–0.8 sample here).

    @Test(arguments: [3.2, -1.7, 3.23, -1.71, 0])
    func aKnownOffsetIsRecovered(offset: Double) {
        let signal = Self.breathRun(offset: offset, noiseSeed: 6)
        let shift = Alignment.globalShift(of: signal, to: Self.reference, maximumShift: 10)
        // Peaks `offset` s late need `-offset` added to line up.
        #expect(abs(shift + offset) < 0.25 * Self.reference.samplePeriod, "offset \(offset): shift \(shift)")
    }

    @Test(arguments: [(3.2, 0.1), (-1.7, 0.1), (3.2, 0.02), (-1.7, 0.02)])
    func aDifferentSamplePeriodWorks(offset: Double, period: Double) {
        let signal = Self.breathRun(offset: offset, samplePeriod: period, noiseSeed: 7)
        let shift = Alignment.globalShift(of: signal, to: Self.reference, maximumShift: 10)
        #expect(abs(shift + offset) < 0.25 * Self.reference.samplePeriod, "offset \(offset) at \(period) s: shift \(shift)")
    }

    @Test func startTimesAreAccountedFor() throws {
        // Same samples, labelled as starting 12.5 s later: every time is 12.5 s too late.
        let late = try Chromatogram(startTime: 12.5, samplePeriod: Self.reference.samplePeriod, intensity: Self.breathRun(offset: 3.2, noiseSeed: 8).intensity)
        let shift = Alignment.globalShift(of: late, to: Self.reference, maximumShift: 10)
        #expect(abs(shift + 3.2 + 12.5) < 0.25 * Self.reference.samplePeriod)
    }

    @Test func aTraceIsAlignedWithItself() {
        #expect(abs(Alignment.globalShift(of: Self.reference, to: Self.reference, maximumShift: 10)) < 1e-9)
    }

    @Test func theSearchStaysWithinTheMaximumShift() {
        let signal = Self.breathRun(offset: 3.2, noiseSeed: 9)
        let shift = Alignment.globalShift(of: signal, to: Self.reference, maximumShift: 2)
        #expect(abs(shift) <= 2 + Self.reference.samplePeriod)
    }

    @Test func tooShortTracesGiveZero() throws {
        let short = try Chromatogram(samplePeriod: 0.05, intensity: [1, 2, 3])
        #expect(Alignment.globalShift(of: short, to: Self.reference, maximumShift: 10) == 0)
        #expect(Alignment.globalShift(of: Self.reference, to: short, maximumShift: 10) == 0)
    }
}
