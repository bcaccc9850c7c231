import Foundation
import Testing

@testable import BreathSignal

/// `Chromatogram`'s initialisers: validation and resampling of non-uniform times.
@Suite struct ChromatogramInitTests {
    @Test(arguments: [0.0, -0.05, .nan, .infinity, -.infinity])
    func invalidSamplePeriodsAreRejected(period: Double) {
        #expect(throws: ChromatogramError.self) { try Chromatogram(samplePeriod: period, intensity: [1, 2, 3]) }
        do {
            _ = try Chromatogram(samplePeriod: period, intensity: [1, 2, 3])
        } catch {
            if case .invalidSamplePeriod(let reported) = error {
                #expect(reported == period || (reported.isNaN && period.isNaN))
            } else {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func aNonFiniteStartTimeIsRejected() {
        #expect(throws: ChromatogramError.nonFiniteTime(index: 0)) {
            try Chromatogram(startTime: .nan, samplePeriod: 0.1, intensity: [1])
        }
    }

    @Test func uniformSamplesKeepTheirTiming() throws {
        let c = try Chromatogram(startTime: -1.5, samplePeriod: 0.25, intensity: [1, 2, 3, 4, 5], unit: "µV")
        #expect(c.count == 5 && c.duration == 1 && c.time(at: 4) == -0.5 && !c.wasResampled && c.unit == "µV")
        #expect(try Chromatogram(samplePeriod: 1, intensity: []).duration == 0)
    }

    @Test func timeValidationErrors() {
        #expect(throws: ChromatogramError.lengthMismatch(times: 3, intensities: 2)) {
            try Chromatogram(times: [0, 1, 2], intensities: [1, 2])
        }
        #expect(throws: ChromatogramError.tooShort(count: 1)) { try Chromatogram(times: [0], intensities: [1]) }
        #expect(throws: ChromatogramError.tooShort(count: 0)) { try Chromatogram(times: [], intensities: []) }
        #expect(throws: ChromatogramError.timesNotIncreasing(index: 2)) {
            try Chromatogram(times: [0, 1, 1, 2], intensities: [1, 2, 3, 4])
        }
        #expect(throws: ChromatogramError.timesNotIncreasing(index: 3)) {
            try Chromatogram(times: [0, 1, 2, 1.5], intensities: [1, 2, 3, 4])
        }
        #expect(throws: ChromatogramError.nonFiniteTime(index: 1)) {
            try Chromatogram(times: [0, .nan, 2], intensities: [1, 2, 3])
        }
        #expect(throws: ChromatogramError.nonFiniteTime(index: 2)) {
            try Chromatogram(times: [0, 1, .infinity], intensities: [1, 2, 3])
        }
    }

    @Test func nearlyUniformTimesAreNotResampled() throws {
        // ±0.1 ms jitter around 0.1 s, not accumulating: steps 99.8 and 100.2 ms, 0.4 % apart.
        let times = (0..<50).map { Double($0) * 0.1 + ($0 % 2 == 0 ? 0.0001 : -0.0001) }
        let values = (0..<50).map(Double.init)
        let c = try Chromatogram(times: times, intensities: values)
        #expect(!c.wasResampled)
        #expect(c.intensity == values)
        #expect(abs(c.samplePeriod - 0.1) < 0.001)
        #expect(c.startTime == times[0])
    }

    /// A Gaussian peak (apex 30 s, σ 0.6 s) sampled at jittered times (steps 0.035–0.065 s).
    static func jitteredTrace() -> (times: [Double], values: [Double]) {
        var random = SeededGenerator(seed: 77)
        var times: [Double] = [2]
        while times.last! < 60 { times.append(times.last! + 0.035 + 0.03 * random.nextUniform()) }
        let values = times.map { t in 10 + 100 * exp(-pow((t - 30) / 0.6, 2) / 2) + random.nextNormal(mean: 0, standardDeviation: 0.5) }
        return (times, values)
    }

    @Test func nonUniformTimesAreResampledOntoTheMeanPeriod() throws {
        let (times, values) = Self.jitteredTrace()
        let c = try Chromatogram(times: times, intensities: values)
        #expect(c.wasResampled)
        // The mean spacing keeps the first and last sample where they were measured.
        #expect(abs(c.samplePeriod - (times.last! - times[0]) / Double(times.count - 1)) < 1e-15)
        #expect(c.startTime == times[0])
        #expect(c.count == times.count)
        #expect(c.time(at: c.count - 1) <= times.last! + 1e-9)
        // Each resampled value interpolates its two neighbours: it lies between them.
        var source = 0
        for index in 0..<c.count {
            let t = c.time(at: index)
            while source + 2 < times.count, times[source + 1] <= t { source += 1 }
            let low = min(values[source], values[source + 1]), high = max(values[source], values[source + 1])
            #expect(c.intensity[index] >= low - 1e-9 && c.intensity[index] <= high + 1e-9, "sample \(index)")
        }
    }

    @Test func aResampledPeakIsFoundAtItsTime() throws {
        let (times, values) = Self.jitteredTrace()
        let result = ChromatogramAnalyzer().analyze(try Chromatogram(times: times, intensities: values))
        #expect(result.peaks.count == 1)
        // Linear interpolation of a σ = 12-sample peak barely moves its apex: well within one sample.
        #expect(result.peaks.first.map { abs($0.retentionTime - 30) < 0.05 } == true)
        // Area 100 × 0.6 × √(2π) ≈ 150.4; interpolation and noise: within 3 %.
        #expect(result.peaks.first.map { abs($0.area / (100 * 0.6 * (2 * Double.pi).squareRoot()) - 1) < 0.03 } == true)
    }

    /// Timestamps rounded to whole milliseconds from a 200.5 ms (≈ 5 Hz) clock: steps of 200
    /// and 201 ms, each within 1 % of the median, but their mean is 200.5 ms. Treating them as
    /// uniform at the median step (201 or 200 ms) stretches the time axis by 0.25 %: the last
    /// sample lands 1.5 s late and a peak at 500 s is reported at ≈ 501.25 s. Fails today.
    @Test func quantisedTimestampsDoNotAccumulateTimeError() throws {
        let clock = 0.2005
        let trueTimes = (0..<2993).map { Double($0) * clock }
        let times = trueTimes.map { ($0 * 1000).rounded() / 1000 }
        let values = trueTimes.map { t in 10 + 100 * exp(-pow((t - 500) / 1.5, 2) / 2) }
        let c = try Chromatogram(times: times, intensities: values)
        // Whatever the grid, it must span the recorded times to within one sample…
        #expect(abs(c.time(at: c.count - 1) - times.last!) < clock, "last sample at \(c.time(at: c.count - 1)) s, recorded \(times.last!) s")
        // …and a peak must stay where it was recorded (one sample).
        let result = ChromatogramAnalyzer().analyze(c)
        #expect(result.peaks.first.map { abs($0.retentionTime - 500) < clock } == true, "peak at \(result.peaks.map(\.retentionTime))")
    }
}
