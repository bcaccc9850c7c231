/// Natural logarithm and exponential built from IEEE-754 basic operations only.
///
/// C libraries may differ in the last bit of `log` and `exp`; the random draws of
/// ``SeededGenerator`` must not, so they use these instead. Accuracy is about 1 ulp.
enum PortableMath {
    // ln 2 split so that `k * ln2High` is exact for every binary exponent k (fdlibm's split).
    private static let ln2High = 6.93147180369123816490e-01
    private static let ln2Low = 1.90821492927058770002e-10

    /// ln(x) for finite x > 0: x = m·2^k with m in [√½, √2), then ln m = 2·atanh(s),
    /// s = (m − 1)/(m + 1), |s| < 0.172, summed as an odd series.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log needs a finite positive argument")
        var m = x.significand
        var k = Double(x.exponent)
        if m > 2.0.squareRoot() {
            m /= 2
            k += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        // Terms up to s^23/23 bring the truncation error below 1e-17.
        var series = 1.0 / 23
        for denominator in stride(from: 21.0, through: 1, by: -2) {
            series = series * s2 + 1 / denominator
        }
        return k * ln2High + (k * ln2Low + 2 * s * series)
    }

    /// e^x: x = k·ln 2 + r with |r| ≤ ln2/2, e^r by its Taylor series, then scaled by 2^k.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.8 { return .infinity }
        if x < -745.2 { return 0 }
        let k = (x / (ln2High + ln2Low)).rounded()
        let r = (x - k * ln2High) - k * ln2Low
        // Terms up to r^15/15! bring the truncation error below 1e-17.
        var series = 1.0
        for n in stride(from: 15.0, through: 1, by: -1) {
            series = 1 + series * r / n
        }
        return Double(sign: .plus, exponent: Int(k), significand: series)
    }
}
