/// A trace with its running sums: moving averages of any width at any sample in O(1),
/// which lets each peak be smoothed at its own width.
struct TraceView {
    let values: [Double]
    private let prefix: [Double]

    init(_ values: [Double]) {
        self.values = values
        var prefix = [Double](repeating: 0, count: values.count + 1)
        for i in values.indices { prefix[i + 1] = prefix[i] + values[i] }
        self.prefix = prefix
    }

    var count: Int { values.count }

    /// Mean of the samples within `half` of `index` (fewer at the ends).
    func average(at index: Int, half: Int) -> Double {
        let low = max(0, index - half), high = min(values.count - 1, index + half)
        return (prefix[high + 1] - prefix[low]) / Double(high - low + 1)
    }

    /// The vertex of the least-squares parabola through the samples within `half` of
    /// `center`: a sub-sample apex that smoothing does not flatten. Falls back to the
    /// sample itself when the fit is not a maximum inside the window.
    func parabolicApex(around center: Int, half: Int) -> (position: Double, value: Double) {
        let h = max(1, half)
        guard center - h >= 0, center + h < values.count else { return (Double(center), values[center]) }
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, t0 = 0.0, t1 = 0.0, t2 = 0.0
        for k in -h...h {
            let u = Double(k), y = values[center + k]
            s0 += 1; s1 += u; s2 += u * u; s3 += u * u * u; s4 += u * u * u * u
            t0 += y; t1 += u * y; t2 += u * u * y
        }
        // Normal equations for y = a + b u + c u² (odd sums vanish on a symmetric window).
        let determinant = s0 * s4 - s2 * s2
        guard determinant != 0, s2 != 0 else { return (Double(center), values[center]) }
        let c = (s0 * t2 - s2 * t0) / determinant
        let a = (t0 - c * s2) / s0
        let b = (t1 - c * s3) / s2
        guard c < 0 else { return (Double(center), values[center]) }
        let vertex = -b / (2 * c)
        guard abs(vertex) <= Double(h) else { return (Double(center), values[center]) }
        return (Double(center) + vertex, a + b * vertex + c * vertex * vertex)
    }
}
