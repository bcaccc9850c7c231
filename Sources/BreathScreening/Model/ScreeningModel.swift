import Foundation

/// A logistic screening model, read from a versioned JSON file (Screening/FORMATS.md).
///
/// risk = σ(calibration.intercept + calibration.slope · (intercept + Σ coefficientᵢ · zᵢ)),
/// zᵢ = (featureᵢ − meanᵢ) / standardDeviationᵢ.
public struct ScreeningModel: Sendable, Hashable, Codable {
    /// Always "breath-screening-model".
    public var format: String
    public var formatVersion: Int
    public var id: String
    public var version: String
    /// The method (id and version) whose features the model reads.
    public var method: MethodReference
    public var features: [ModelFeature]
    public var intercept: Double
    public var coefficients: [Double]
    /// Logistic recalibration of the linear predictor; identity is intercept 0, slope 1.
    public var calibration: Recalibration
    /// Pre-specified category thresholds on the risk.
    public var thresholds: RiskThresholds
    /// What the model card says about its status.
    public var card: CardSummary

    public static let formatName = "breath-screening-model"
    public static let supportedFormatVersion = 1

    public struct MethodReference: Sendable, Hashable, Codable {
        public var id: String
        public var version: String
        public init(id: String, version: String) {
            self.id = id
            self.version = version
        }
    }

    public struct ModelFeature: Sendable, Hashable, Codable {
        public var name: String
        public var mean: Double
        public var standardDeviation: Double
        public init(name: String, mean: Double, standardDeviation: Double) {
            self.name = name
            self.mean = mean
            self.standardDeviation = standardDeviation
        }
    }

    public struct Recalibration: Sendable, Hashable, Codable {
        public var intercept: Double
        public var slope: Double
        public init(intercept: Double, slope: Double) {
            self.intercept = intercept
            self.slope = slope
        }
        public static let identity = Recalibration(intercept: 0, slope: 1)
    }

    /// Risk below `low` is low; at or above `high` is high; between is indeterminate (retest).
    public struct RiskThresholds: Sendable, Hashable, Codable {
        public var low: Double
        public var high: Double
        /// The rule the thresholds were chosen by, e.g. "sensitivity ≥ 0.90 on training data".
        public var rule: String
        public init(low: Double, high: Double, rule: String) {
            self.low = low
            self.high = high
            self.rule = rule
        }
    }

    public struct CardSummary: Sendable, Hashable, Codable {
        /// Whether the model has been validated on real patients for its intended use.
        public var clinicallyValidated: Bool
        /// Whether the training data were synthetic.
        public var syntheticTrainingData: Bool
        /// The sentence every output carries when the model is not clinically validated.
        public var notice: String
        /// The model card document, relative to the model file.
        public var document: String?
        public init(clinicallyValidated: Bool, syntheticTrainingData: Bool, notice: String, document: String?) {
            self.clinicallyValidated = clinicallyValidated
            self.syntheticTrainingData = syntheticTrainingData
            self.notice = notice
            self.document = document
        }
    }

    public init(
        id: String, version: String, method: MethodReference, features: [ModelFeature], intercept: Double,
        coefficients: [Double], calibration: Recalibration, thresholds: RiskThresholds, card: CardSummary
    ) {
        format = Self.formatName
        formatVersion = Self.supportedFormatVersion
        self.id = id
        self.version = version
        self.method = method
        self.features = features
        self.intercept = intercept
        self.coefficients = coefficients
        self.calibration = calibration
        self.thresholds = thresholds
        self.card = card
    }

    /// The calibrated risk for feature values given in the order of ``features``.
    public func risk(_ values: [Double]) -> Double {
        var linear = intercept
        for (index, feature) in features.enumerated() {
            linear += coefficients[index] * (values[index] - feature.mean) / feature.standardDeviation
        }
        return Logistic.sigmoid(calibration.intercept + calibration.slope * linear)
    }

    /// The category of a risk under the pre-specified thresholds.
    public func category(of risk: Double) -> ScreeningCategory {
        if risk < thresholds.low { return .low }
        return risk >= thresholds.high ? .high : .indeterminate
    }
}

/// Screening categories: low risk, indeterminate (retest), high risk (refer for low-dose CT).
public enum ScreeningCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case low, indeterminate, high
}

/// The logistic function and its inverse, written to stay finite at the extremes.
public enum Logistic {
    public static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    public static func logit(_ p: Double) -> Double {
        let clipped = min(max(p, 1e-12), 1 - 1e-12)
        return log(clipped / (1 - clipped))
    }
}
