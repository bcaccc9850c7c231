import BreathStore
import BreathStoreSamples
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A writer killed with SIGKILL at random points, over and over, loses nothing it reported
/// committed and leaves a sound database whose audit chain verifies.
@Suite struct CrashTests {
    /// One round in five kills within 150 ms of the start, while the process starts, opens or
    /// migrates the database; the others wait for its first commit (however slow a loaded
    /// machine makes the start) and kill within the next 120 ms, in the middle of writing
    /// results, corrections, erasures and checkpoints.
    @Test func killedWritersLoseNothingCommitted() throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("breath.sqlite")
        var random = SplitMix64(seed: 62_304)
        var committed = Set<Int64>()
        var erased = [String]()
        var kills = 0
        for round in 1...110 {
            let writer = try Child.spawn("BreathStoreCrashWriter", ["--db", database, "--seed", "\(round)"], in: directory.url)
            if random.next() % 5 == 0 {
                usleep(UInt32(random.next() % 150_000))
            } else {
                let deadline = ContinuousClock.now + .seconds(10)
                while writer.stdout.isEmpty && ContinuousClock.now < deadline { usleep(2_000) }
                usleep(UInt32(random.next() % 120_000))
            }
            writer.kill(SIGKILL)
            let ending = writer.wait()
            #expect(ending == .killed(SIGKILL), "round \(round): \(writer.stderr)")
            if ending == .killed(SIGKILL) { kills += 1 }
            // Only whole lines: a line is printed with one write(2) after its commit returned.
            let lines = writer.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            for line in lines {
                let words = line.split(separator: " ")
                switch words.first {
                case "result": committed.insert(try #require(Int64(words[1])))
                case "erased": erased.append(String(words[1]))
                default: Issue.record("round \(round): unexpected output '\(line)'")
                }
            }
        }
        #expect(kills >= 100)
        #expect(committed.count >= 300, "too few commits to mean anything")

        // As the CLI finds it with the daemon down, then as the restarted daemon does.
        for store in [try ResultStore.openReadOnly(at: database), try ResultStore.openForWriting(at: database)] {
            #expect(try store.integrityProblems().isEmpty)
            for id in committed.sorted() {
                #expect(try store.result(id) != nil, "committed result \(id) is missing")
            }
            guard case .intact(let entries, _) = try store.verifyAuditTrail() else {
                Issue.record("the audit chain does not verify: \(try store.verifyAuditTrail())")
                return
            }
            #expect(entries > committed.count)
        }
        let mappings = try DatabaseQueue(path: database).read { db in
            try String.fetchAll(db, sql: "SELECT pseudonym FROM patient_pseudonym")
        }
        #expect(Set(mappings).isDisjoint(with: erased))
    }
}
