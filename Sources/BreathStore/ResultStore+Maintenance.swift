import Foundation
import GRDB

/// What a backup produced.
public struct BackupReport: Sendable, Hashable {
    /// The copy.
    public var path: String
    /// Its size in database pages.
    public var pages: Int
    /// The copy's audit trail, verified (a copy of a tampered database is kept: it is evidence).
    public var audit: AuditVerification
}

/// Checks and backups; both only read the database.
extension ResultStore {
    /// SQLite's full `integrity_check` and its `foreign_key_check`: the problems found, none
    /// when the database is sound. Slower than the `quick_check` run at every writing open.
    public func integrityProblems() throws(StoreError) -> [String] {
        do { return try Self.integrityProblems(writer) } catch {
            throw StoreError.database(path: path, reason: "\(error)")
        }
    }

    /// Copies the database to `destination` (a new file, mode 0640) with SQLite's online backup
    /// API, a consistent snapshot even while the daemon writes, as a self-contained file
    /// (rollback journal, no -wal). Then checks the copy: `integrity_check` must pass, or the
    /// copy is removed and the failure thrown; its audit trail is verified and reported.
    public func backup(to destination: String) throws(StoreError) -> BackupReport {
        try DatabaseFiles.createNew(destination)
        do {
            let copy = try DatabaseQueue(path: destination)
            try writer.backup(to: copy)
            try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            let problems = try Self.integrityProblems(copy)
            let audit = try copy.read(AuditVerifier.verify)
            let pages = try copy.read { try Int.fetchOne($0, sql: "PRAGMA page_count") } ?? 0
            try copy.close()
            guard problems.isEmpty else { throw StoreError.corrupt(path: destination, problem: problems[0]) }
            return BackupReport(path: destination, pages: pages, audit: audit)
        } catch {
            for file in [destination, destination + "-journal", destination + "-wal", destination + "-shm"] {
                try? FileManager.default.removeItem(atPath: file)
            }
            if let error = error as? StoreError { throw error }
            throw StoreError.database(path: destination, reason: "backup failed: \(error)")
        }
    }

    /// What `PRAGMA check` (quick_check or integrity_check) reports, without its "ok"; SQLite
    /// sometimes stops the check itself with a corruption error, which counts as its report.
    static func problems(_ reader: any DatabaseReader, check: String) throws -> [String] {
        do {
            let lines = try reader.read { try String.fetchAll($0, sql: "PRAGMA \(check)") }
            return lines == ["ok"] ? [] : lines
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            return [error.message ?? "\(error.resultCode)"]
        }
    }

    /// integrity_check, then (on a sound file only) foreign_key_check.
    private static func integrityProblems(_ reader: any DatabaseReader) throws -> [String] {
        let integrity = try problems(reader, check: "integrity_check")
        guard integrity.isEmpty else { return integrity }
        return try reader.read { db in
            try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "\(row[0] as String? ?? "?") row \(row[1] as Int64? ?? 0) refers to a missing \(row[2] as String? ?? "?") row"
            }
        }
    }
}
