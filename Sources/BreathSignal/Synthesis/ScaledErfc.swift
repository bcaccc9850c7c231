import Foundation

/// The scaled complementary error function erfcx(x) = e^(x²)·erfc(x).
///
/// It stays of order 1/(x√π) for large x, where e^(x²) overflows and erfc underflows, which is
/// what keeps the exponentially modified Gaussian finite for any tau/sigma ratio.
func scaledErfc(_ x: Double) -> Double {
    if x < 0 {
        // Reflection; may overflow to +infinity for x < −26.6, which callers treat as "huge".
        return 2 * Foundation.exp(x * x) - scaledErfc(-x)
    }
    if x < 26 {
        // x² is split into its rounded value and the rounding error so the e^(x²) factor
        // keeps full relative precision even where x² reaches several hundred.
        let square = x * x
        let squareError = (-square).addingProduct(x, x)
        return Foundation.exp(square) * erfc(x) * (1 + squareError)
    }
    // Asymptotic series 1/(x√π)·Σ (−1)ⁿ (2n−1)!!/(2x²)ⁿ; for x ≥ 26 seven terms reach 1e-17.
    let w = 1 / (2 * x * x)
    var series = 1.0
    for n in stride(from: 7.0, through: 1, by: -1) {
        series = 1 - (2 * n - 1) * w * series
    }
    return series / (x * Double.pi.squareRoot())
}
