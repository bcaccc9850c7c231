/// Why a method file cannot be used; every case names the offending key.
public enum MethodError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// Not JSON, or a key is missing or has the wrong type.
    case malformed(key: String, reason: String)
    /// A value is present but not acceptable.
    case invalid(key: String, reason: String)
    /// A format version this software does not read.
    case unsupportedFormatVersion(Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "method file \(path): \(reason)"
        case .malformed(let key, let reason): "method file: \(key): \(reason)"
        case .invalid(let key, let reason): "method file: \(key): \(reason)"
        case .unsupportedFormatVersion(let version):
            "method file: formatVersion: \(version) is not supported (this software reads \(ScreeningMethod.supportedFormatVersion))"
        }
    }
}
