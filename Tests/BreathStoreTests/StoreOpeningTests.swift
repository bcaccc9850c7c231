import BreathTestSupport
import BreathStore
import Foundation
import GRDB
import Testing

/// How the store opens: durability settings, read-only readers, persistent WAL, schema versions.
@Suite struct StoreOpeningTests {
    /// The store's private database writer, reached by reflection: PRAGMA synchronous is a
    /// per-connection setting, so only the store's own writer connection can answer for it.
    static func databaseWriter(of store: ResultStore) throws -> any DatabaseWriter {
        let child = Mirror(reflecting: store).children.first { $0.label == "writer" }
        return try #require(child?.value as? any DatabaseWriter, "ResultStore has no 'writer' to inspect")
    }

    @Test func writerUsesSynchronousFullAndWAL() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            let store = try ResultStore.openForWriting(at: path)
            let writer = try Self.databaseWriter(of: store)
            let (synchronous, journal) = try writer.writeWithoutTransaction { db in
                (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
            }
            #expect(synchronous == 2)  // FULL
            #expect(journal?.lowercased() == "wal")
            // Synchronous stays FULL after writes, too.
            _ = try store.insert(run: StoreFixtures.run(), device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            #expect(try writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)

            // WAL is recorded in the file itself (header bytes 18 and 19 are 2).
            let header = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 20) ?? Data()
            #expect(header.count == 20)
            #expect(header.count == 20 && header[18] == 2 && header[19] == 2)
        }
    }

    @Test func readOnlyOpenOfAMissingFileIsMissing() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absent.sqlite").path
            let error = #expect(throws: StoreError.self) { try ResultStore.openReadOnly(at: path) }
            #expect(error == .missing(path: path))
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func readOnlyStoreRefusesToWrite() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            _ = try ResultStore.openForWriting(at: path)
            let reader = try ResultStore.openReadOnly(at: path)
            let error = #expect(throws: StoreError.self) {
                try reader.insert(run: StoreFixtures.run(), device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            }
            #expect(error == .readOnly(path: path))
        }
    }

    @Test func readerWorksWhileTheWriterIsOpenAndAfterItIsGone() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            var writer: ResultStore? = try ResultStore.openForWriting(at: path)
            let first = StoreFixtures.run()
            _ = try writer?.insert(run: first, device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")

            let reader = try ResultStore.openReadOnly(at: path)
            #expect(try reader.runs().map(\.runUUID) == [first.runUUID])

            // A run written while the reader is open is visible to its next read.
            let second = StoreFixtures.run(startedAt: StoreFixtures.started.addingTimeInterval(60))
            _ = try writer?.insert(run: second, device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            #expect(try reader.runs().map(\.runUUID) == [second.runUUID, first.runUUID])

            writer = nil
            // Persistent WAL: the writer leaves -wal and -shm behind for read-only processes.
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(FileManager.default.fileExists(atPath: path + "-shm"))
            #expect(try reader.runs().count == 2)
            let later = try ResultStore.openReadOnly(at: path)
            #expect(try later.runs().map(\.runUUID) == [second.runUUID, first.runUUID])
            let secondID = try #require(try later.run(second.runUUID)?.id)
            let trace = try #require(try later.trace(runID: secondID))
            #expect(StoreFixtures.sameBits(trace.detector, StoreFixtures.trace.detector))
        }
    }

    @Test func walFilesRemainWhenOnlyTheWriterEverOpenedTheDatabase() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            do {
                let writer = try ResultStore.openForWriting(at: path)
                _ = try writer.insert(run: StoreFixtures.run(), device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
                _ = try writer.runs()
            }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(FileManager.default.fileExists(atPath: path + "-shm"))
            #expect(try ResultStore.openReadOnly(at: path).runs().count == 1)

            // Control: a plain WAL pool that is not persistent removes its -wal on close, so
            // the check above does tell the store's setting apart from the default.
            let plain = directory.appendingPathComponent("plain.sqlite").path
            do {
                let pool = try DatabasePool(path: plain)
                try pool.write { try $0.execute(sql: "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)") }
            }
            #expect(FileManager.default.fileExists(atPath: plain))
            #expect(!FileManager.default.fileExists(atPath: plain + "-wal"))
        }
    }

    /// Writes a row for a migration this software does not know, as newer software would.
    static func addFutureMigration(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
    }

    @Test func databaseFromNewerSoftwareIsRefusedForReading() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            _ = try ResultStore.openForWriting(at: path)
            try Self.addFutureMigration(at: path)
            let error = #expect(throws: StoreError.self) { try ResultStore.openReadOnly(at: path) }
            #expect(error == .newerSchema(path: path))
        }
    }

    @Test func databaseFromNewerSoftwareIsRefusedForWriting() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            _ = try ResultStore.openForWriting(at: path)
            try Self.addFutureMigration(at: path)
            let error = #expect(throws: StoreError.self) { try ResultStore.openForWriting(at: path) }
            #expect(error == .newerSchema(path: path))
            #expect(error?.description.contains("newer software") == true)
        }
    }

    @Test func unmigratedDatabaseIsRefusedForReadingAndMigratedForWriting() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE unrelated (x INTEGER)") }
            let error = #expect(throws: StoreError.self) { try ResultStore.openReadOnly(at: path) }
            #expect(error == .olderSchema(path: path))
            let store = try ResultStore.openForWriting(at: path)
            #expect(try store.runs().isEmpty)
            #expect(try ResultStore.openReadOnly(at: path).runs().isEmpty)
        }
    }

    @Test func fileThatIsNotADatabaseIsADatabaseError() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: StoreError.self) { try ResultStore.openReadOnly(at: path) }
            guard case .database(let errorPath, _) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path)
        }
    }
}
