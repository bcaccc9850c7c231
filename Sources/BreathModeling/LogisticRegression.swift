import BreathScreening
import Foundation

/// L2-penalised logistic regression fitted by Newton's method (iteratively reweighted least
/// squares). The intercept is not penalised. Inputs are expected standardised.
public struct LogisticFit: Sendable, Hashable {
    public var intercept: Double
    public var coefficients: [Double]

    /// Fits `labels` on the rows of `x` with penalty `lambda` · Σ β² / 2.
    public init(x: [[Double]], labels: [Bool], lambda: Double, offset: [Double]? = nil) {
        let n = x.count
        let p = x.first?.count ?? 0
        var beta = [Double](repeating: 0, count: p + 1)
        let positives = Double(labels.filter { $0 }.count)
        beta[0] = Logistic.logit(min(max(positives / Double(max(n, 1)), 1e-3), 1 - 1e-3))
        for _ in 0..<50 {
            var gradient = [Double](repeating: 0, count: p + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p + 1)
            for row in 0..<n {
                var eta = beta[0] + (offset?[row] ?? 0)
                for j in 0..<p { eta += beta[j + 1] * x[row][j] }
                let probability = Logistic.sigmoid(eta)
                let residual = (labels[row] ? 1 : 0) - probability
                let weight = max(probability * (1 - probability), 1e-10)
                gradient[0] += residual
                hessian[0][0] += weight
                for j in 0..<p {
                    gradient[j + 1] += residual * x[row][j]
                    hessian[0][j + 1] += weight * x[row][j]
                    for k in j..<p { hessian[j + 1][k + 1] += weight * x[row][j] * x[row][k] }
                }
            }
            for j in 0..<p {
                gradient[j + 1] -= lambda * beta[j + 1]
                hessian[j + 1][j + 1] += lambda
            }
            for j in 0...p { for k in 0..<j { hessian[j][k] = hessian[k][j] } }
            guard let step = SymmetricSolver.solve(hessian, gradient) else { break }
            var largest = 0.0
            for j in 0...p {
                beta[j] += step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-9 { break }
        }
        intercept = beta[0]
        coefficients = Array(beta.dropFirst())
    }

    public func linearPredictor(_ row: [Double]) -> Double {
        zip(coefficients, row).reduce(intercept) { $0 + $1.0 * $1.1 }
    }
}
