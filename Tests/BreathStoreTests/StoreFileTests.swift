@testable import BreathStore
import BreathTestSupport
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The files: their modes, the checks at opening and on demand, and backups.
@Suite struct StoreFileTests {
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// The umask is per process, so the cases run one after the other.
    @Test(.serialized, arguments: [0o022, 0o077, 0o002, 0o000] as [mode_t])
    func databaseFilesAreGroupReadableAndNeverWorldReadable(_ mask: mode_t) throws {
        let previous = umask(mask)
        defer { umask(previous) }
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            _ = try fixture.store.insertResult(fixture.content(), actor: "alice")
            for file in [fixture.path, fixture.path + "-wal", fixture.path + "-shm"] {
                #expect(try Self.mode(file) == 0o640, "\(file) under umask \(String(mask, radix: 8))")
            }
            let backup = directory.appendingPathComponent("copy.sqlite").path
            _ = try fixture.store.backup(to: backup)
            #expect(try Self.mode(backup) == 0o640)
        }
    }

    @Test func filesLeftWithLooserModesAreTightenedWhenOpened() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            do {
                _ = try ResultStore.openForWriting(at: path)
            }
            for file in [path, path + "-wal", path + "-shm"] { chmod(file, 0o666) }
            _ = try ResultStore.openForWriting(at: path)
            for file in [path, path + "-wal", path + "-shm"] { #expect(try Self.mode(file) == 0o640, "\(file)") }
        }
    }

    /// A database with a damaged table page: the schema reads, the data does not.
    static func damagedDatabase(in directory: URL) throws -> String {
        let path: String
        do {
            let fixture = try ResultFixture(in: directory, runs: 40)
            path = fixture.path
        }
        let queue = try DatabaseQueue(path: path)
        let (pageSize, pages) = try queue.writeWithoutTransaction { db in
            _ = try db.checkpoint(.truncate)
            return (try Int.fetchOne(db, sql: "PRAGMA page_size")!, try Int.fetchOne(db, sql: "PRAGMA page_count")!)
        }
        try queue.close()
        try #require(pages > 10)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(pageSize * (pages - 2)))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try handle.close()
        return path
    }

    @Test func aDamagedDatabaseIsRefusedForWritingAndReportedByTheCheck() throws {
        try withTemporaryDirectory { directory in
            let path = try Self.damagedDatabase(in: directory)
            let error = #expect(throws: StoreError.self) { try ResultStore.openForWriting(at: path) }
            guard case .corrupt(let errorPath, let problem) = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path && !problem.isEmpty)
            #expect(error?.description.hasPrefix("database \(path) is damaged: ") == true)
            #expect(try !ResultStore.openReadOnly(at: path).integrityProblems().isEmpty)
        }
    }

    @Test func aSoundDatabasePassesTheFullCheck() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            _ = try fixture.store.insertResult(fixture.content(), actor: "alice")
            #expect(try fixture.store.integrityProblems().isEmpty)
            #expect(try ResultStore.openReadOnly(at: fixture.path).integrityProblems().isEmpty)
        }
    }

    @Test func backupIsAConsistentSelfContainedCheckedCopy() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let id = try fixture.store.insertResult(fixture.content(), actor: "alice")
            let destination = directory.appendingPathComponent("backup.sqlite").path
            // From a read-only store, as breathctl db backup does.
            let report = try ResultStore.openReadOnly(at: fixture.path).backup(to: destination)
            #expect(report.path == destination)
            #expect(report.pages > 10)
            #expect(report.audit == (try fixture.store.verifyAuditTrail()))
            // One file in rollback-journal mode (header bytes 18 and 19 are 1), nothing beside it.
            let header = try #require(try FileHandle(forReadingFrom: URL(fileURLWithPath: destination)).read(upToCount: 20))
            #expect(header[18] == 1 && header[19] == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("backup") }
                == ["backup.sqlite"])
            let copy = try ResultStore.openReadOnly(at: destination)
            #expect(try copy.result(id) == (try fixture.store.result(id)))
            #expect(try copy.integrityProblems().isEmpty)
        }
    }

    @Test func backupNeverOverwritesAndSaysWhyItCannotCreate() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let existing = directory.appendingPathComponent("existing.sqlite").path
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
            let error = #expect(throws: StoreError.self) { try fixture.store.backup(to: existing) }
            #expect(error == .alreadyExists(path: existing))
            #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")

            let nowhere = directory.appendingPathComponent("missing/backup.sqlite").path
            let missing = #expect(throws: StoreError.self) { try fixture.store.backup(to: nowhere) }
            #expect(missing == .cannotCreate(path: nowhere, reason: "No such file or directory"))
        }
    }

    @Test func aBackupOfATamperedDatabaseIsKeptAndSaysSo() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try AuditTamperingTests.tamperableDatabase(in: directory)
            try AuditTamperingTests.patch(path, "auditor-7", "auditor-8")
            let destination = directory.appendingPathComponent("evidence.sqlite").path
            let report = try ResultStore.openReadOnly(at: path).backup(to: destination)
            #expect(report.audit == .broken(AuditBreak(
                sequence: 8, problem: "audit entry 8 was altered: its hash does not match its contents")))
            #expect(FileManager.default.fileExists(atPath: destination))
        }
    }
}
