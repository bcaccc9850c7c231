import BreathSignal

/// The area of a compound at its expected retention time when the untargeted peak detector
/// did not report it (too small, or on a larger neighbour's flank): least squares of the
/// trace above the baseline on peak shapes of the run's width and the method's tailing, one at
/// the expected time and one at each detected neighbour, as targeted GC quantitation does.
struct TargetedArea {
    let times: (start: Double, period: Double)
    let signal: [Double]
    let baseline: [Double]
    let tailingRatio: Double

    /// The fitted area at `time` (may be negative: no peak there), or nil when the window is
    /// outside the trace or the shapes are degenerate.
    func area(at time: Double, fwhm: Double, neighbours: [(time: Double, fwhm: Double)]) -> Double? {
        let first = max(0, Int(((time - 2.5 * fwhm) - times.start) / times.period))
        let last = min(signal.count - 1, Int(((time + 3 * fwhm) - times.start) / times.period))
        guard last - first >= 4 else { return nil }
        let centres = [(time, fwhm)] + neighbours.filter { abs($0.time - time) > 0.5 * fwhm && abs($0.time - time) < 6 * fwhm }
        let unit = EMGPeak(center: 0, sigma: 1, tau: tailingRatio, area: 1)
        let shapes = centres.map { apex, width -> EMGPeak in
            let sigma = width / unit.fwhm
            return EMGPeak(center: apex - sigma * unit.apexTime, sigma: sigma, tau: tailingRatio * sigma, area: 1)
        }
        var normal = [[Double]](repeating: [Double](repeating: 0, count: shapes.count), count: shapes.count)
        var projected = [Double](repeating: 0, count: shapes.count)
        for index in first...last {
            let t = times.start + Double(index) * times.period
            let values = shapes.map { $0.value(at: t) }
            let y = signal[index] - baseline[index]
            for j in shapes.indices {
                projected[j] += values[j] * y
                for k in shapes.indices { normal[j][k] += values[j] * values[k] }
            }
        }
        return SymmetricSolver.solve(normal, projected)?[0]
    }
}
