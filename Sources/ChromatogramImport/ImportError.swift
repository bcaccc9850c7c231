import BreathSignal

/// Why a chromatogram file could not be imported.
///
/// Every case carries the path it was read from, and text-format cases the 1-based line number,
/// so that ``description`` is a one-line message a user can act on without a debugger.
public enum ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    // MARK: Any file
    /// The file could not be read at all (missing, a directory, no permission …).
    case unreadable(path: String, reason: String)
    /// The file holds no data: no bytes, or only blank lines, comments or a header.
    case empty(path: String)
    /// Fewer than two samples: no sampling period can be known.
    case tooFewSamples(path: String, count: Int)
    /// The samples were read but do not form a chromatogram.
    case invalidChromatogram(path: String, reason: ChromatogramError)

    // MARK: Text (CSV)
    /// The file is not UTF-8 text (binary, or another encoding).
    case notText(path: String)
    /// A data line does not have exactly two fields.
    case wrongColumnCount(path: String, line: Int, found: Int)
    /// A field is not a number.
    case unparseableNumber(path: String, line: Int, text: String)
    /// A number is NaN or infinite; `column` is "time" or "intensity".
    case nonFiniteValue(path: String, line: Int, column: String)
    /// A time is not greater than the time on the previous data line.
    case timesNotIncreasing(path: String, line: Int)

    // MARK: ANDI/AIA (netCDF)
    /// A netCDF library call failed; `message` is the library's own (`nc_strerror`).
    case netCDF(path: String, operation: String, code: Int32, message: String)
    /// The file is shorter than its netCDF header says its data needs.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// A variable the format requires is absent.
    case missingVariable(path: String, name: String)
    /// A variable exists but cannot be used (wrong type or shape).
    case unsupportedVariable(path: String, name: String, reason: String)
    /// A value is the netCDF fill value or NaN: the instrument recorded nothing there.
    case missingValue(path: String, variable: String, index: Int)
    /// Neither `actual_sampling_interval` nor `actual_run_time_length` gives a sampling period.
    case noSamplingInterval(path: String)
    /// `retention_unit` names a unit that is neither seconds, minutes nor milliseconds.
    case unknownRetentionUnit(path: String, unit: String)

    /// A one-line message naming the file (and the line, for text files).
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the file: \(reason)"
        case .empty(let path): "\(path): no data lines"
        case .tooFewSamples(let path, let count): "\(path): \(count) sample(s): a chromatogram needs at least 2"
        case .invalidChromatogram(let path, let reason): "\(path): \(reason)"
        case .notText(let path): "\(path): not UTF-8 text (binary file, or another encoding)"
        case .wrongColumnCount(let path, let line, let found):
            "\(path): line \(line): expected 2 fields (time, intensity), found \(found)"
        case .unparseableNumber(let path, let line, let text): "\(path): line \(line): \"\(text)\" is not a number"
        case .nonFiniteValue(let path, let line, let column): "\(path): line \(line): \(column) is NaN or infinite"
        case .timesNotIncreasing(let path, let line):
            "\(path): line \(line): time does not increase over the previous data line"
        case .netCDF(let path, let operation, let code, let message):
            "\(path): netCDF \(operation) failed: \(message) (code \(code))"
        case .truncated(let path, let expected, let actual):
            "\(path): file is truncated: it has \(actual) bytes but its header requires at least \(expected)"
        case .missingVariable(let path, let name): "\(path): no variable '\(name)'"
        case .unsupportedVariable(let path, let name, let reason): "\(path): variable '\(name)' \(reason)"
        case .missingValue(let path, let variable, let index):
            "\(path): \(variable)[\(index)] is missing (fill value or NaN)"
        case .noSamplingInterval(let path):
            "\(path): no usable actual_sampling_interval and no actual_run_time_length to derive one from"
        case .unknownRetentionUnit(let path, let unit): "\(path): unknown retention unit \"\(unit)\""
        }
    }
}
