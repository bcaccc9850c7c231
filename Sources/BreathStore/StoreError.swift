/// Why the store could not do what was asked; each case reads as one line for the user.
///
/// No case ever carries a patient's external identifier: errors end up in logs.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// There is no database file at the path.
    case missing(path: String)
    /// This user may not read the database file or a folder on its path.
    case permissionDenied(path: String)
    /// The database holds migrations this software does not know.
    case newerSchema(path: String)
    /// The database lacks migrations this software needs (only a writer migrates).
    case olderSchema(path: String)
    /// A write was asked of a store opened read-only.
    case readOnly(path: String)
    /// SQLite did not accept `synchronous=FULL`.
    case unsafeDurability(synchronous: Int)
    /// SQLite's consistency check found a problem (its first line).
    case corrupt(path: String, problem: String)
    /// A value handed to the store is not acceptable; the text says which and why.
    case invalidInput(String)
    /// A record that was asked for does not exist; the text names it.
    case notFound(String)
    /// A file that must be new already exists.
    case alreadyExists(path: String)
    /// A file cannot be created (missing directory, permissions).
    case cannotCreate(path: String, reason: String)
    /// SQLite or the file system failed.
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "no database at \(path)"
        case .permissionDenied(let path):
            "permission denied reading \(path); run as a member of the database's group (see README, Files)"
        case .newerSchema(let path): "database \(path) was written by newer software; upgrade breathctl/breathd"
        case .olderSchema(let path): "database \(path) needs migrating; start breathd once to upgrade it"
        case .readOnly(let path): "database \(path) is open read-only"
        case .unsafeDurability(let value): "SQLite refused synchronous=FULL (reads back \(value))"
        case .corrupt(let path, let problem): "database \(path) is damaged: \(problem)"
        case .invalidInput(let reason): reason
        case .notFound(let what): what
        case .alreadyExists(let path): "\(path) already exists"
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        case .database(let path, let reason): "database \(path): \(reason)"
        }
    }
}
