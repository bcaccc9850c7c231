import Foundation

/// Levenberg–Marquardt fit of a sum of exponentially modified Gaussians that share one
/// shape (σ, τ) — neighbouring GC peaks have nearly the same width and tailing, and sharing
/// them keeps a two-peak fit to six parameters, which is what makes shoulders fittable.
enum EMGFitter {
    /// One component: Gaussian centre (samples) and area (intensity × samples).
    struct Component {
        var center: Double
        var area: Double
    }

    struct Fit {
        var components: [Component]
        var sigma: Double
        var tau: Double
        /// Root-mean-square residual, in intensity units.
        var residualSigma: Double
    }

    /// The most components one fit takes; larger clusters keep their drop-line areas.
    static let maximumComponents = 3

    /// Fits `components` (initial guesses) to `values` at `times` (samples). Nil when the
    /// problem is degenerate or the fit leaves the physical range.
    static func fit(
        times: [Double], values: [Double], components: [Component], sigma: Double, tau: Double, maximumPoints: Int = 60
    ) -> Fit? {
        guard !components.isEmpty, components.count <= maximumComponents, times.count > 2 * components.count + 2 else {
            return nil
        }
        // Long clusters are fitted on every k-th sample: the parameters, not the samples, carry the areas.
        let stride = max(1, times.count / maximumPoints)
        let t = Swift.stride(from: 0, to: times.count, by: stride).map { times[$0] }
        let y = Swift.stride(from: 0, to: values.count, by: stride).map { values[$0] }

        // Parameters: log σ, log τ, then centre and area of each component.
        var theta = [Foundation.log(max(sigma, 0.3)), Foundation.log(max(tau, 0.05))]
        for component in components { theta += [component.center, component.area] }
        var residuals = residual(theta, t, y)
        var cost = sumOfSquares(residuals)
        var lambda = 1e-3
        for _ in 0..<25 {
            let jacobian = jacobianColumns(theta, t)
            let p = theta.count
            var normal = [Double](repeating: 0, count: p * p)
            var gradient = [Double](repeating: 0, count: p)
            for a in 0..<p {
                for b in a..<p {
                    var sum = 0.0
                    for i in t.indices { sum += jacobian[a][i] * jacobian[b][i] }
                    normal[a * p + b] = sum
                    normal[b * p + a] = sum
                }
                var sum = 0.0
                for i in t.indices { sum += jacobian[a][i] * residuals[i] }
                gradient[a] = sum
            }
            var improved = false
            for _ in 0..<12 {
                var damped = normal
                for a in 0..<p { damped[a * p + a] += lambda * max(normal[a * p + a], 1e-12) }
                guard let step = solve(damped, gradient, size: p) else {
                    lambda *= 10
                    continue
                }
                let candidate = zip(theta, step).map { $0 + $1 }
                let candidateResiduals = residual(candidate, t, y)
                let candidateCost = sumOfSquares(candidateResiduals)
                if candidateCost.isFinite, candidateCost < cost {
                    let relative = (cost - candidateCost) / max(cost, .leastNormalMagnitude)
                    theta = candidate
                    residuals = candidateResiduals
                    cost = candidateCost
                    lambda = max(lambda / 3, 1e-9)
                    improved = relative > 1e-7
                    break
                }
                lambda *= 4
            }
            if !improved { break }
        }
        let fitted = (0..<components.count).map { Component(center: theta[2 + 2 * $0], area: theta[3 + 2 * $0]) }
        guard fitted.allSatisfy({ $0.area > 0 && $0.center.isFinite }) else { return nil }
        return Fit(
            components: fitted, sigma: Foundation.exp(min(max(theta[0], -10), 15)),
            tau: Foundation.exp(min(max(theta[1], -20), 15)),
            residualSigma: (cost / Double(t.count)).squareRoot())
    }

    // MARK: Model

    /// σ and τ from their logarithms, clamped so that a wild trial step cannot make the shape invalid.
    private static func shape(_ theta: [Double]) -> (sigma: Double, tau: Double) {
        (Foundation.exp(min(max(theta[0], -10), 15)), Foundation.exp(min(max(theta[1], -20), 15)))
    }

    /// Each component's values at `t`.
    private static func components(_ theta: [Double], _ t: [Double]) -> [[Double]] {
        let (sigma, tau) = shape(theta)
        return stride(from: 2, to: theta.count - 1, by: 2).map { index in
            let peak = EMGPeak(center: theta[index], sigma: sigma, tau: tau, area: theta[index + 1])
            return t.map { peak.value(at: $0) }
        }
    }

    private static func model(_ theta: [Double], _ t: [Double]) -> [Double] {
        var total = [Double](repeating: 0, count: t.count)
        for part in components(theta, t) {
            for i in t.indices { total[i] += part[i] }
        }
        return total
    }

    private static func residual(_ theta: [Double], _ t: [Double], _ y: [Double]) -> [Double] {
        zip(y, model(theta, t)).map { $0 - $1 }
    }

    private static func sumOfSquares(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 } }

    /// Jacobian columns. Area and centre derivatives are analytic: ∂f/∂A = f/A and, since the
    /// EMG's time derivative is (A·G − f)/τ with G the unit Gaussian, ∂f/∂c = (f − A·G)/τ.
    /// Only log σ and log τ take forward differences.
    private static func jacobianColumns(_ theta: [Double], _ t: [Double]) -> [[Double]] {
        let parts = components(theta, t)
        let base = parts.reduce(into: [Double](repeating: 0, count: t.count)) { total, part in
            for i in t.indices { total[i] += part[i] }
        }
        var columns: [[Double]] = (0..<2).map { j in
            var shifted = theta
            let step = 1e-6 * max(abs(theta[j]), 1e-3)
            shifted[j] += step
            return zip(model(shifted, t), base).map { ($0 - $1) / step }
        }
        let (sigma, tau) = shape(theta)
        let norm = 1 / (sigma * (2 * Double.pi).squareRoot())
        for (k, part) in parts.enumerated() {
            let center = theta[2 + 2 * k], area = theta[3 + 2 * k]
            var centerColumn = [Double](repeating: 0, count: t.count)
            var areaColumn = [Double](repeating: 0, count: t.count)
            for i in t.indices {
                let u = (t[i] - center) / sigma
                let gaussian = area * norm * Foundation.exp(-0.5 * u * u)
                centerColumn[i] = (part[i] - gaussian) / tau
                areaColumn[i] = area != 0 ? part[i] / area : 0
            }
            columns.append(centerColumn)
            columns.append(areaColumn)
        }
        return columns
    }

    /// Gaussian elimination with partial pivoting for the small normal equations.
    private static func solve(_ matrix: [Double], _ vector: [Double], size p: Int) -> [Double]? {
        var a = matrix, b = vector
        for column in 0..<p {
            var pivot = column
            for row in column..<p where abs(a[row * p + column]) > abs(a[pivot * p + column]) { pivot = row }
            guard abs(a[pivot * p + column]) > 1e-300 else { return nil }
            if pivot != column {
                for k in 0..<p { a.swapAt(pivot * p + k, column * p + k) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<p {
                let factor = a[row * p + column] / a[column * p + column]
                for k in column..<p { a[row * p + k] -= factor * a[column * p + k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: p)
        for row in stride(from: p - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<p { sum -= a[row * p + k] * x[k] }
            x[row] = sum / a[row * p + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
