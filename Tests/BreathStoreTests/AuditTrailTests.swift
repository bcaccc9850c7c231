import BreathTestSupport
import BreathStore
import Foundation
import Testing

/// Who did what and when: every kind of change leaves a chained entry naming its actor.
@Suite struct AuditTrailTests {
    @Test func everyKindOfChangeIsRecordedWithItsActor() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory, runs: 1)
            let store = fixture.store
            try store.recordRunStart(runUUID: "AAAAAAAA-0000-4000-8000-000000000002", deviceSerial: "BGC1-STORE-0001",
                                     methodID: "breath-screen-v1", actor: "breathd")
            var interrupted = StoreFixtures.run(uuid: "aaaaaaaa-0000-4000-8000-000000000002", status: .interrupted)
            interrupted.captureSHA256 = SHA256Digest.of(Array("capture".utf8))
            _ = try store.insert(run: interrupted, device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            _ = try store.insert(run: StoreFixtures.run(status: .failed), device: StoreFixtures.device(), trace: StoreFixtures.trace,
                                 events: [], actor: "breathd")
            let first = try store.insertResult(fixture.content(), actor: "alice")
            let second = try store.correctResult(first, with: fixture.content(outcome: .fail), reason: "leak", actor: "bob")
            try store.recordExport(of: [second], format: "pdf", destination: "/srv/reports", actor: "alice")
            try store.eraseIdentity(ofPseudonym: fixture.patient, reason: "request", actor: "bob")

            let entries = try store.auditEntries(limit: 100).reversed().map { $0 }
            #expect(entries.map(\.sequence) == Array(1...Int64(entries.count)))
            #expect(entries.map { "\($0.actor) \($0.action)" } == [
                "system database.migrated", "admin operator.registered", "admin operator.registered",
                "alice patient.registered", "breathd run.completed", "breathd run.started", "breathd run.interrupted",
                "breathd run.failed", "alice result.recorded", "bob result.corrected", "alice result.exported",
                "bob patient.identity-erased",
            ])
            #expect(entries[5].subject == "run:aaaaaaaa-0000-4000-8000-000000000002")
            #expect(entries[6].subject == entries[5].subject)
            #expect(entries[6].detailFields["capture_sha256"] == interrupted.captureSHA256?.hex)
            #expect(entries[6].detailFields["reason"] == interrupted.statusReason)
            #expect(entries[9].subject == "result:\(second)")
            #expect(entries[9].detailFields["supersedes"] == "\(first)")
            #expect(entries[9].detailFields["reason"] == "leak")
            #expect(entries[9].detailFields["category"] == nil && entries[9].detailFields["qc"] == "fail")
            #expect(entries[8].detailFields["category"] == "high")
            #expect(entries[8].detailFields["content_sha256"]?.count == 64)

            // Linked, time-stamped in order, and never naming the patient's identifier.
            #expect(entries.first?.previousHash == SHA256Digest.zero.hex)
            for (earlier, later) in zip(entries, entries.dropFirst()) {
                #expect(later.previousHash == earlier.hash)
                #expect(later.recordedAt >= earlier.recordedAt)
            }
            #expect(!entries.contains { "\($0)".contains(ResultFixture.externalID) })
            #expect(try store.verifyAuditTrail() == .intact(
                entries: entries.count, head: try #require(SHA256Digest(hex: entries[entries.count - 1].hash))))
            #expect(try store.auditEntries(about: ["result:\(first)", "result:\(second)"]).map(\.sequence) == [9, 10, 11])
            #expect(try store.auditEntries(limit: 2).map(\.sequence) == [12, 11])
        }
    }

    @Test func aFreshDatabaseStartsWithItsMigrationEntry() throws {
        try withTemporaryDirectory { directory in
            // A v2 database always starts with its migration entry; a fresh one has exactly that.
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            guard case .intact(1, _) = try store.verifyAuditTrail() else {
                Issue.record("a fresh database should hold one intact entry")
                return
            }
        }
    }
}
