import ArgumentParser
import BreathStore
import Foundation

/// Documented exit codes, from sysexits(3), so scripts can tell failures apart.
enum ExitStatus {
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let ioError = ExitCode(74)
}

/// Prints one clear line on standard error and exits with the matching status.
func fail(_ message: String, _ code: ExitCode) -> ExitCode {
    FileHandle.standardError.write(Data("breathctl: \(message)\n".utf8))
    return code
}

extension StoreError {
    /// The exit status that fits this error.
    var exitCode: ExitCode {
        switch self {
        case .missing: ExitStatus.noInput
        case .newerSchema, .olderSchema: ExitStatus.dataError
        case .readOnly, .unsafeDurability, .database: ExitStatus.ioError
        }
    }
}
