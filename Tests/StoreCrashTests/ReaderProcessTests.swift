import BreathStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// breathctl, a separate read-only process, reads while the writer process writes and after
/// it has gone, and never changes the database.
@Suite struct ReaderProcessTests {
    @Test func aReadOnlyReaderWorksWhileTheWriterWritesAndAfterItStopped() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("breath.sqlite")
        let writer = try Child.spawn(
            "BreathStoreCrashWriter", ["--db", database, "--count", "150", "--pause-ms", "10"], in: directory.url)
        var listed = 0, readsWhileWriting = 0
        var ending = writer.poll()
        while ending == nil {
            let list = try Child.run("breathctl", ["results", "list", "--db", database, "--json", "--limit", "10000"], in: directory.url)
            // Until the writer has created and migrated the file, the reader is told so.
            if list.ending != .exited(0) {
                #expect(readsWhileWriting == 0, "\(list.stderr)")
                #expect(list.stderr.contains("no database at") || list.stderr.contains("needs migrating"), "\(list.stderr)")
            } else {
                let count = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any]).count
                #expect(count >= listed, "results in force only grow: a reader sees whole transactions")
                listed = count
                let verify = try Child.run("breathctl", ["audit", "verify", "--db", database], in: directory.url)
                #expect(verify.ending == .exited(0), "\(verify.stderr)")
                if readsWhileWriting == 1 {
                    // An online backup is a consistent snapshot: its copy checks out.
                    let copy = directory.path("online-backup.sqlite")
                    let backup = try Child.run("breathctl", ["db", "backup", copy, "--db", database], in: directory.url)
                    #expect(backup.ending == .exited(0), "\(backup.stderr)")
                    #expect(backup.stdout.contains("integrity ok, audit trail intact"))
                }
                readsWhileWriting += 1
            }
            ending = writer.poll()
        }
        #expect(ending == .exited(0), "\(writer.stderr)")
        #expect(readsWhileWriting >= 3, "the reads should overlap the writes")

        // The writer is gone; its -wal and -shm stay, so read-only readers keep working.
        #expect(FileManager.default.fileExists(atPath: database + "-wal"))
        #expect(FileManager.default.fileExists(atPath: database + "-shm"))
        let printed = writer.stdout.split(separator: "\n").filter { $0.hasPrefix("result ") }.compactMap { Int64($0.dropFirst(7)) }
        #expect(printed.count == 150)
        let inForce = try ResultStore.openReadOnly(at: database).results(ResultQuery(limit: 10_000)).count
        let list = try Child.run("breathctl", ["results", "list", "--db", database, "--json", "--limit", "10000"], in: directory.url)
        #expect(list.ending == .exited(0), "\(list.stderr)")
        #expect(try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any]).count == inForce)
        for id in [printed[0], printed[75], printed[149]] {
            let show = try Child.run("breathctl", ["results", "show", "\(id)", "--db", database], in: directory.url)
            #expect(show.ending == .exited(0), "\(show.stderr)")
            #expect(show.stdout.contains("Result "))
        }
        let verify = try Child.run("breathctl", ["audit", "verify", "--db", database], in: directory.url)
        #expect(verify.ending == .exited(0) && verify.stdout.hasPrefix("audit trail intact: "), "\(verify.stderr)")
    }

    @Test func noBreathctlCommandChangesTheDatabase() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("breath.sqlite")
        let writer = try Child.run("BreathStoreCrashWriter", ["--db", database, "--count", "20"], in: directory.url)
        #expect(writer.ending == .exited(0), "\(writer.stderr)")
        let id = try #require(writer.stdout.split(separator: "\n").last.flatMap { Int64($0.dropFirst(7)) })
        let files = [database, database + "-wal"]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let commands = [
            ["runs", "list"], ["runs", "show", "1"], ["results", "list"], ["results", "list", "--json", "--since", "2026-01-01"],
            ["results", "show", "\(id)"], ["results", "show", "\(id)", "--json"], ["audit", "list"], ["audit", "list", "--json"],
            ["audit", "verify"], ["db", "check"], ["db", "backup", directory.path("copy.sqlite")],
        ]
        for command in commands {
            let result = try Child.run("breathctl", command + ["--db", database], in: directory.url)
            #expect(result.ending == .exited(0), "\(command): \(result.stderr)")
        }
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before)
    }
}
