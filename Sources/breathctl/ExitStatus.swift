import ArgumentParser
import BreathStore
import Foundation

/// Documented exit codes, from sysexits(3), so scripts can tell failures apart; 1 is a check
/// (audit verify, db check, the check of a backup) that ran and found a problem. The list is
/// in `breathctl --help` and the README.
enum ExitStatus {
    static let checkFailed = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let cannotCreate = ExitCode(73)
    static let ioError = ExitCode(74)
    static let noPermission = ExitCode(77)
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
        case .missing, .notFound: ExitStatus.noInput
        case .newerSchema, .olderSchema, .corrupt: ExitStatus.dataError
        case .invalidInput: ExitStatus.usage
        case .alreadyExists, .cannotCreate: ExitStatus.cannotCreate
        case .permissionDenied: ExitStatus.noPermission
        case .readOnly, .unsafeDurability, .database: ExitStatus.ioError
        }
    }
}
