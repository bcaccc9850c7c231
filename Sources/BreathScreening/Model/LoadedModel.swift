import Foundation

/// A model as read from its file, with the SHA-256 of the file's exact bytes, which every
/// result records.
public struct LoadedModel: Sendable, Hashable {
    public let model: ScreeningModel
    /// 64 lowercase hexadecimal digits.
    public let sha256: String

    /// Reads the model file at `path`.
    public static func load(path: String) throws(ModelError) -> LoadedModel {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data)
    }

    /// Decodes and checks a model document.
    public static func decode(_ data: Data) throws(ModelError) -> LoadedModel {
        struct Header: Decodable { var format: String; var formatVersion: Int }
        let decoder = JSONDecoder()
        let model: ScreeningModel
        do {
            let header = try decoder.decode(Header.self, from: data)
            guard header.format == ScreeningModel.formatName else {
                throw ModelError.corrupt(key: "format", reason: "\"\(header.format)\" is not \"\(ScreeningModel.formatName)\"")
            }
            guard header.formatVersion == ScreeningModel.supportedFormatVersion else {
                throw ModelError.unsupportedFormatVersion(header.formatVersion)
            }
            model = try decoder.decode(ScreeningModel.self, from: data)
        } catch let error as ModelError {
            throw error
        } catch let error as DecodingError {
            let (key, reason) = JSONKeyPath.describe(error)
            throw .corrupt(key: key, reason: reason)
        } catch {
            throw .corrupt(key: "(document)", reason: "\(error)")
        }
        try validate(model)
        return LoadedModel(model: model, sha256: SHA256.hex(of: data))
    }

    /// The model's file bytes as written by ``encoded(_:)``, for writers that record the digest.
    public static func encoded(_ model: ScreeningModel) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(model) + Data("\n".utf8)
    }

    /// Checks that the model belongs to `method`: same method id and version, every feature a
    /// feature target of the method, the method's model id, and the pinned digest if any.
    public func check(against method: ScreeningMethod) throws(ModelError) {
        guard model.method.id == method.id, model.method.version == method.version else {
            throw .doesNotMatchMethod(
                reason: "model \(model.id) is for method \(model.method.id) \(model.method.version), not \(method.id) \(method.version)")
        }
        let available = Set(method.featureTargets.map(\.name))
        if let missing = model.features.first(where: { !available.contains($0.name) }) {
            throw .doesNotMatchMethod(reason: "feature \"\(missing.name)\" is not a feature of method \(method.id)")
        }
        guard model.id == method.model.id else {
            throw .doesNotMatchMethod(reason: "the method uses model \(method.model.id), not \(model.id)")
        }
        if let pinned = method.model.sha256, pinned.lowercased() != sha256 {
            throw .doesNotMatchMethod(reason: "the method pins model SHA-256 \(pinned.lowercased()), the file has \(sha256)")
        }
    }

    private static func validate(_ model: ScreeningModel) throws(ModelError) {
        func require(_ condition: Bool, _ key: String, _ reason: String) throws(ModelError) {
            if !condition { throw .corrupt(key: key, reason: reason) }
        }
        try require(!model.id.isEmpty, "id", "must not be empty")
        try require(!model.features.isEmpty, "features", "must list at least one feature")
        try require(
            model.coefficients.count == model.features.count, "coefficients",
            "\(model.coefficients.count) coefficients for \(model.features.count) features")
        try require(Set(model.features.map(\.name)).count == model.features.count, "features", "a feature is listed twice")
        for (index, feature) in model.features.enumerated() {
            try require(feature.mean.isFinite, "features[\(index)].mean", "must be finite")
            try require(
                feature.standardDeviation.isFinite && feature.standardDeviation > 0, "features[\(index)].standardDeviation",
                "must be positive")
            try require(model.coefficients[index].isFinite, "coefficients[\(index)]", "must be finite")
        }
        try require(model.intercept.isFinite, "intercept", "must be finite")
        try require(model.calibration.intercept.isFinite, "calibration.intercept", "must be finite")
        try require(model.calibration.slope.isFinite && model.calibration.slope > 0, "calibration.slope", "must be positive")
        let thresholds = model.thresholds
        try require(thresholds.low > 0 && thresholds.low < 1, "thresholds.low", "must lie in (0, 1)")
        try require(thresholds.high >= thresholds.low && thresholds.high < 1, "thresholds.high", "must lie in [low, 1)")
        try require(
            model.card.clinicallyValidated || !model.card.notice.isEmpty, "card.notice",
            "a model that is not clinically validated must carry a notice")
    }
}
