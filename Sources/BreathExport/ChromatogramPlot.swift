import BreathSignal
import Foundation

/// What a plot shows: a trace on a uniform time grid, its baseline, and the reported peaks.
public struct ChromatogramPlot: Sendable, Hashable {
    /// A peak as reported (by the stored result or a fresh analysis), with its label.
    public struct Peak: Sendable, Hashable {
        public var retentionTime: Double
        public var start: Double
        public var end: Double
        /// Height above the baseline.
        public var height: Double
        /// The identified compound, if any.
        public var label: String?

        public init(retentionTime: Double, start: Double, end: Double, height: Double, label: String?) {
            self.retentionTime = retentionTime
            self.start = start
            self.end = end
            self.height = height
            self.label = label
        }
    }

    public var title: String
    public var chromatogram: Chromatogram
    /// One value per sample.
    public var baseline: [Double]
    public var peaks: [Peak]

    public init(title: String, chromatogram: Chromatogram, baseline: [Double], peaks: [Peak]) {
        self.title = title
        self.chromatogram = chromatogram
        self.baseline = baseline
        self.peaks = peaks
    }

    /// The sample nearest to time `t`, clamped to the trace.
    func index(at t: Double) -> Int {
        let raw = ((t - chromatogram.startTime) / chromatogram.samplePeriod).rounded()
        guard raw.isFinite else { return 0 }
        return min(max(Int(raw), 0), chromatogram.count - 1)
    }

    /// Where a peak's marker sits: its apex, the baseline there plus its height.
    func apex(of peak: Peak) -> Double {
        let baselineValue = baseline.isEmpty ? 0 : baseline[index(at: peak.retentionTime)]
        return baselineValue + peak.height
    }

    /// The value range the plot spans: every finite sample, the baseline and every apex.
    var valueRange: ClosedRange<Double> {
        var low = Double.infinity, high = -Double.infinity
        for value in chromatogram.intensity + baseline + peaks.map(apex) where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        guard low.isFinite else { return 0...1 }
        let margin = max((high - low) * 0.05, 1e-9)
        return (low - margin)...(high + margin)
    }
}
