/// Why a model file cannot be used.
public enum ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// Not a well-formed model document; `key` names where.
    case corrupt(key: String, reason: String)
    case unsupportedFormatVersion(Int)
    /// Well formed but not usable with the method (other method, other features, other
    /// identity, or a digest the method does not pin).
    case doesNotMatchMethod(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "model file \(path): \(reason)"
        case .corrupt(let key, let reason): "model file is corrupt: \(key): \(reason)"
        case .unsupportedFormatVersion(let version):
            "model file: formatVersion: \(version) is not supported (this software reads \(ScreeningModel.supportedFormatVersion))"
        case .doesNotMatchMethod(let reason): "model does not match the method: \(reason)"
        }
    }
}
