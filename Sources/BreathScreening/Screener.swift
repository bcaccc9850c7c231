import BreathSignal

/// The result of screening one run.
public struct ScreeningOutcome: Sendable, Hashable {
    public var status: QCStatus
    public var findings: [QCFinding]
    /// The calibrated risk and its category; always nil when QC failed.
    public var risk: RiskEstimate?
    /// One identity per detected peak, identified or not.
    public var peaks: [PeakIdentity]
    public var features: [FeatureValue]
    public var modelID: String
    /// SHA-256 of the model file's bytes.
    public var modelSHA256: String
    public var methodID: String
    public var methodVersion: String
    /// Statements every presentation of the outcome must show (e.g. not clinically validated).
    public var notices: [String]
    /// Feature areas over the internal standard's, for the next run's carryover check.
    public var normalisedAreas: [String: Double]
}

/// A calibrated risk with its category.
public struct RiskEstimate: Sendable, Hashable, Codable {
    public var probability: Double
    public var category: ScreeningCategory
}

/// Screens analysed runs with one method and its model: identification, features, QC and
/// scoring. Pure and `Sendable`; one instance serves any number of runs concurrently.
public struct Screener: Sendable {
    public let method: ScreeningMethod
    public let model: LoadedModel

    /// A screener; throws when the model does not belong to the method.
    public init(method: ScreeningMethod, model: LoadedModel) throws(ModelError) {
        try model.check(against: method)
        self.method = method
        self.model = model
    }

    /// Loads the method file at `methodPath` and the model file it names (relative to the
    /// method's directory), and checks that they belong together.
    public static func load(methodPath: String) throws(ScreenerSetupError) -> Screener {
        let method: ScreeningMethod
        do { method = try ScreeningMethod.load(path: methodPath) } catch { throw .method(error) }
        let directory = methodPath.contains("/") ? String(methodPath[..<methodPath.lastIndex(of: "/")!]) : "."
        let modelPath = method.model.file.hasPrefix("/") ? method.model.file : directory + "/" + method.model.file
        do { return try Screener(method: method, model: LoadedModel.load(path: modelPath)) } catch { throw .model(error) }
    }

    /// Screens one run. `previousRunAreas` is the ``ScreeningOutcome/normalisedAreas`` of the
    /// run before on the same device, for the carryover check.
    public func screen(
        chromatogram: Chromatogram, analysis: AnalysisResult, sample: BreathSampleReport,
        deviceFaults: [DeviceFaultReport] = [], previousRunAreas: [String: Double]? = nil
    ) -> ScreeningOutcome {
        let measurement = RunMeasurer(method: method).measure(
            chromatogram: chromatogram, analysis: analysis, sample: sample, deviceFaults: deviceFaults,
            previousRunAreas: previousRunAreas)
        var risk: RiskEstimate?
        if measurement.status != .fail, let probability = self.risk(measurement.features) {
            risk = RiskEstimate(probability: probability, category: model.model.category(of: probability))
        }
        let card = model.model.card
        return ScreeningOutcome(
            status: measurement.status, findings: measurement.findings, risk: risk,
            peaks: measurement.identification?.peaks ?? [], features: measurement.features,
            modelID: model.model.id, modelSHA256: model.sha256, methodID: method.id, methodVersion: method.version,
            notices: card.clinicallyValidated ? [] : [card.notice], normalisedAreas: measurement.normalisedAreas)
    }

    /// The model's risk for a run's features, or nil when one of the model's features is absent.
    public func risk(_ features: [FeatureValue]) -> Double? {
        let byName = Dictionary(features.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let values = model.model.features.compactMap { byName[$0.name] }
        guard values.count == model.model.features.count else { return nil }
        return model.model.risk(values)
    }
}

/// Why a screener could not be set up from its files.
public enum ScreenerSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    case method(MethodError)
    case model(ModelError)

    public var description: String {
        switch self {
        case .method(let error): error.description
        case .model(let error): error.description
        }
    }
}
