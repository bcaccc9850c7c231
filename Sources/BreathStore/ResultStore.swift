import Foundation
import GRDB
import GRDBSQLite

/// The local SQLite database of devices, runs, screening results, patients and the audit trail.
///
/// The daemon opens it for writing: WAL with `synchronous=FULL` (a commit is on disk when it
/// returns), persistent WAL so that read-only readers keep working after it stops, a busy
/// timeout, `quick_check` before anything is written, files with mode 0640. The CLI opens it
/// read-only and never migrates it. A database written by newer software is refused rather
/// than misread.
public final class ResultStore: Sendable {
    /// The database file.
    public let path: String
    let writer: any DatabaseWriter
    let readOnly: Bool

    /// The actor the audit trail names for what the store does by itself (migrations).
    public static let systemActor = "system"

    /// Opens (creating and migrating if needed) the database at `path` for writing.
    ///
    /// Fails with ``StoreError/corrupt(path:problem:)`` when `PRAGMA quick_check` finds a problem.
    public static func openForWriting(at path: String) throws(StoreError) -> ResultStore {
        try DatabaseFiles.prepare(path)
        return try ResultStore(path: path, readOnly: false)
    }

    /// Opens an existing database read-only.
    ///
    /// Fails with ``StoreError/missing(path:)`` when there is no file and with
    /// ``StoreError/permissionDenied(path:)`` when this user may not read it (or its folder), so
    /// that neither turns into SQLite's vaguer "unable to open database file".
    public static func openReadOnly(at path: String) throws(StoreError) -> ResultStore {
        var status = stat()
        if stat(path, &status) != 0 {
            throw errno == EACCES ? StoreError.permissionDenied(path: path) : StoreError.missing(path: path)
        }
        guard access(path, R_OK) == 0 else {
            throw errno == EACCES ? StoreError.permissionDenied(path: path) : StoreError.missing(path: path)
        }
        return try ResultStore(path: path, readOnly: true)
    }

    private init(path: String, readOnly: Bool) throws(StoreError) {
        self.path = path
        self.readOnly = readOnly
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(5)
        configuration.label = "breath.store"
        configuration.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Keep -wal/-shm on close so that read-only processes can always open the file.
            var flag: CInt = 1
            let code = withUnsafeMutablePointer(to: &flag) {
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, $0)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            // Erasing an identity must not leave its bytes in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            if readOnly {
                writer = try DatabaseQueue(path: path, configuration: configuration)
            } else {
                let pool = try DatabasePool(path: path, configuration: configuration)
                // DatabasePool sets synchronous=NORMAL after enabling WAL; a medical record needs FULL.
                let synchronous = try pool.writeWithoutTransaction { db -> Int in
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                    return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
                }
                guard synchronous == 2 else { throw StoreError.unsafeDurability(synchronous: synchronous) }
                // Refuse to write into a damaged file; quick_check is linear in the file's size
                // but skips the index cross-checks of integrity_check.
                if let problem = try Self.problems(pool, check: "quick_check").first {
                    throw StoreError.corrupt(path: path, problem: problem)
                }
                writer = pool
            }
            let migrator = Schema.migrator
            if try writer.read(migrator.hasBeenSuperseded) {
                throw StoreError.newerSchema(path: path)
            }
            if readOnly {
                guard try writer.read(migrator.hasCompletedMigrations) else { throw StoreError.olderSchema(path: path) }
            } else {
                let applied = try writer.read(migrator.appliedIdentifiers)
                try migrator.migrate(writer)
                let added = migrator.migrations.filter { !applied.contains($0) }
                if !added.isEmpty {
                    try writer.write { db in
                        try AuditTrail.append(
                            db, actor: Self.systemActor, action: .databaseMigrated, subject: "database",
                            details: ["migrations": added.joined(separator: "; ")])
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(path: path, reason: "\(error)")
        }
    }

    /// Runs `body` in a read transaction; errors other than ``StoreError`` become `.database`.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.database(path: path, reason: "\(error)")
        }
    }

    /// Runs `body` in a write transaction (all or nothing); errors other than ``StoreError``
    /// become `.database`.
    func perform<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard !readOnly else { throw StoreError.readOnly(path: path) }
        do { return try writer.write(body) } catch let error as StoreError { throw error } catch {
            throw StoreError.database(path: path, reason: "\(error)")
        }
    }
}

extension Database {
    /// The main database file's path, for error messages.
    var filePath: String {
        sqlite3_db_filename(sqliteConnection, "main").map { String(cString: $0) } ?? "?"
    }
}
