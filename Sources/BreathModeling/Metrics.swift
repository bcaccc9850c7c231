import BreathScreening
import Foundation

/// A proportion with its 95 % Wilson score interval.
public struct Proportion: Sendable, Hashable, Codable {
    public var successes: Int
    public var total: Int
    public var estimate: Double
    public var lower: Double
    public var upper: Double

    public init(successes: Int, total: Int) {
        self.successes = successes
        self.total = total
        guard total > 0 else {
            estimate = .nan
            lower = .nan
            upper = .nan
            return
        }
        let z = 1.959964
        let n = Double(total), p = Double(successes) / n
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        estimate = p
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}

/// An estimate with a 95 % confidence interval.
public struct Interval: Sendable, Hashable, Codable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
}

/// Discrimination and calibration statistics.
public enum Metrics {
    /// Area under the ROC curve (ties count one half) with DeLong's 95 % interval.
    public static func auc(scores: [Double], labels: [Bool]) -> Interval {
        let positives = zip(scores, labels).filter(\.1).map(\.0)
        let negatives = zip(scores, labels).filter { !$0.1 }.map(\.0)
        let m = positives.count, n = negatives.count
        guard m > 1, n > 1 else { return Interval(estimate: .nan, lower: .nan, upper: .nan) }
        // Structural components by sorting: for each positive, the share of negatives below it.
        let sortedNegatives = negatives.sorted()
        let sortedPositives = positives.sorted()
        func share(below value: Double, in sorted: [Double]) -> Double {
            let less = lowerBound(sorted, value), lessOrEqual = upperBound(sorted, value)
            return (Double(less) + 0.5 * Double(lessOrEqual - less)) / Double(sorted.count)
        }
        let v10 = positives.map { share(below: $0, in: sortedNegatives) }
        let v01 = negatives.map { 1 - share(below: $0, in: sortedPositives) }
        let area = v10.reduce(0, +) / Double(m)
        let s10 = v10.reduce(0) { $0 + ($1 - area) * ($1 - area) } / Double(m - 1)
        let s01 = v01.reduce(0) { $0 + ($1 - area) * ($1 - area) } / Double(n - 1)
        let se = (s10 / Double(m) + s01 / Double(n)).squareRoot()
        return Interval(estimate: area, lower: max(0, area - 1.959964 * se), upper: min(1, area + 1.959964 * se))
    }

    /// Calibration slope (logistic regression of the outcome on the logit of the risk) and
    /// calibration-in-the-large intercept (the logit offset, slope fixed at 1).
    public static func calibration(risks: [Double], labels: [Bool]) -> (slope: Double, intercept: Double) {
        let logits = risks.map(Logistic.logit)
        let slope = LogisticFit(x: logits.map { [$0] }, labels: labels, lambda: 0).coefficients[0]
        let intercept = LogisticFit(x: logits.map { _ in [Double]() }, labels: labels, lambda: 0, offset: logits).intercept
        return (slope, intercept)
    }

    /// Mean squared difference between risk and outcome.
    public static func brier(risks: [Double], labels: [Bool]) -> Double {
        zip(risks, labels).reduce(0) { $0 + pow($1.0 - ($1.1 ? 1 : 0), 2) } / Double(max(risks.count, 1))
    }

    /// Positive and negative predictive values at a prevalence, from sensitivity and specificity.
    public static func predictiveValues(sensitivity: Double, specificity: Double, prevalence: Double) -> (ppv: Double, npv: Double) {
        let truePositive = sensitivity * prevalence, falsePositive = (1 - specificity) * (1 - prevalence)
        let trueNegative = specificity * (1 - prevalence), falseNegative = (1 - sensitivity) * prevalence
        return (truePositive / (truePositive + falsePositive), trueNegative / (trueNegative + falseNegative))
    }

    private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
