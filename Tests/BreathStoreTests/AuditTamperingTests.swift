@testable import BreathStore
import BreathTestSupport
import Foundation
import GRDB
import Testing

/// Changes made to the file behind the store's back (bytes edited in place, triggers dropped
/// and rows deleted or renumbered) are found by the audit verification, which names the first
/// broken entry or result.
@Suite struct AuditTamperingTests {
    /// A closed database with 3 results (ids 1-3, audit entries 9-11) and 11 audit entries, its WAL checkpointed into
    /// the main file; returns the path and the head hash the intact trail had.
    static func tamperableDatabase(in directory: URL) throws -> (path: String, head: SHA256Digest) {
        let path: String
        do {
            let fixture = try ResultFixture(in: directory)
            path = fixture.path
            try fixture.store.registerOperator(username: "carol", displayName: "Carol", actor: "auditor-7")
            for run in 0..<3 {
                var content = fixture.content(run: run)
                content.model.id = "model-UNIQUE-\(run)"
                _ = try fixture.store.insertResult(content, actor: "alice")
            }
        }
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        try queue.close()
        guard case .intact(let entries, let head) = try ResultStore.openReadOnly(at: path).verifyAuditTrail() else {
            throw StoreError.corrupt(path: path, problem: "the untouched trail does not verify")
        }
        #expect(entries == 11)
        return (path, head)
    }

    /// Replaces the only occurrence of `old` in the file with `new` (same length): what a hex
    /// editor does, invisible to SQLite's own checks.
    static func patch(_ path: String, _ old: String, _ new: String) throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let ranges = bytes.ranges(of: Data(old.utf8))
        try #require(ranges.count == 1 && old.utf8.count == new.utf8.count)
        bytes.replaceSubrange(ranges[0], with: Data(new.utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    /// Runs `sql` with the store's triggers out of the way, as someone with the file could.
    static func bypassTriggers(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger["name"] as String)") }
            try db.execute(sql: sql)
            for trigger in triggers { try db.execute(sql: trigger["sql"]) }
        }
        try queue.close()
    }

    static func verification(_ path: String) throws -> AuditVerification {
        try ResultStore.openReadOnly(at: path).verifyAuditTrail()
    }

    @Test func editingAnAuditEntryInTheFileIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.patch(path, "auditor-7", "auditor-8")
            // SQLite sees nothing wrong; the chain does.
            #expect(try ResultStore.openReadOnly(at: path).integrityProblems().isEmpty)
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 8, problem: "audit entry 8 was altered: its hash does not match its contents")))
        }
    }

    @Test func editingAResultInTheFileIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.patch(path, "model-UNIQUE-1", "model-UNIQUE-9")
            #expect(try ResultStore.openReadOnly(at: path).integrityProblems().isEmpty)
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 10, problem: "result 2 differs from what audit entry 10 recorded: it was altered")))
        }
    }

    @Test func deletingAnAuditEntryIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, "DELETE FROM audit_entry WHERE sequence = 5")
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 6, problem: "audit entry 6 follows entry 4: entries are missing or reordered")))
        }
    }

    @Test func deletingTheFirstEntryIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, "DELETE FROM audit_entry WHERE sequence = 1")
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 2, problem: "audit entry 2 is the first entry: entries before it are missing")))
        }
    }

    @Test func deletingTheLastEntryOfAResultIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            // The chain itself still holds; the result that entry recorded no longer has one.
            try Self.bypassTriggers(path, "DELETE FROM audit_entry WHERE sequence = 11")
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: nil, problem: "result 3 has no entry in the audit trail")))
        }
    }

    @Test func reorderingAuditEntriesIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, """
                UPDATE audit_entry SET sequence = -1 WHERE sequence = 3;
                UPDATE audit_entry SET sequence = 3 WHERE sequence = 4;
                UPDATE audit_entry SET sequence = 4 WHERE sequence = -1;
                """)
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 3,
                problem: "audit entry 3 does not link to entry 2: entries were removed, reordered or altered")))
        }
    }

    @Test func aFieldOfTheWrongTypeIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, "UPDATE audit_entry SET details = x'00ff' WHERE sequence = 7")
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 7, problem: "audit entry 7 was altered: a field is not text")))
        }
    }

    @Test func deletingOrSmugglingInAResultIsFound() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, """
                DELETE FROM result_compound WHERE result_id = 2; DELETE FROM result_peak WHERE result_id = 2;
                DELETE FROM result_feature WHERE result_id = 2; DELETE FROM result_qc_reason WHERE result_id = 2;
                DELETE FROM screening_result WHERE id = 2;
                """)
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: 10, problem: "audit entry 10 records result 2, which is missing")))
        }
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, """
                INSERT INTO screening_result (run_id, sampled_at, patient_pseudonym, operator, recorded_at, recorded_by,
                    qc_outcome, risk, category, model_id, model_sha256, method_version, software_version)
                SELECT run_id, sampled_at, patient_pseudonym, operator, recorded_at, recorded_by, qc_outcome, 0.01, 'low',
                    model_id, model_sha256, method_version, software_version FROM screening_result WHERE id = 3
                """)
            #expect(try Self.verification(path) == .broken(AuditBreak(
                sequence: nil, problem: "result 4 has no entry in the audit trail")))
        }
    }

    @Test func aLoopOfCorrectionsIsDamageNotAHistory() throws {
        try withTemporaryDirectory { directory in
            let (path, _) = try Self.tamperableDatabase(in: directory)
            try Self.bypassTriggers(path, """
                UPDATE screening_result SET supersedes_id = 2, correction_reason = 'x' WHERE id = 1;
                UPDATE screening_result SET supersedes_id = 1, correction_reason = 'x' WHERE id = 2;
                """)
            let store = try ResultStore.openReadOnly(at: path)
            #expect(throws: StoreError.corrupt(path: path, problem: "result 2 supersedes a missing or later result 1")) {
                try store.result(1)
            }
            #expect(try store.verifyAuditTrail() == .broken(AuditBreak(
                sequence: 9, problem: "result 1 differs from what audit entry 9 recorded: it was altered")))
        }
    }

    /// The limit of any unkeyed chain: whoever rewrites every entry after a forged one gets a
    /// chain that verifies, but with another head; a head written down elsewhere shows it.
    @Test func aRewrittenChainVerifiesButChangesTheHead() throws {
        try withTemporaryDirectory { directory in
            let (path, head) = try Self.tamperableDatabase(in: directory)
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "DROP TRIGGER audit_entry_never_updated")
                try db.execute(sql: "UPDATE audit_entry SET actor = 'mallory' WHERE sequence = 8")
                var previous = SHA256Digest.zero
                for entry in try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY sequence") {
                    let hash = AuditEntry.chainHash(
                        previous: previous, sequence: entry.sequence, recordedAt: entry.recordedAt, actor: entry.actor,
                        action: entry.action, subject: entry.subject, details: entry.details)
                    try db.execute(
                        sql: "UPDATE audit_entry SET previous_hash = ?, hash = ? WHERE sequence = ?",
                        arguments: [previous.hex, hash.hex, entry.sequence])
                    previous = hash
                }
            }
            try queue.close()
            guard case .intact(let entries, let newHead) = try Self.verification(path) else {
                Issue.record("a consistently rewritten chain was expected to verify")
                return
            }
            #expect(entries == 11)
            #expect(newHead != head)
        }
    }

    @Test func hashesFollowTheDocumentedSerialisation() {
        // SHA-256(32 zero bytes ‖ for each field: 4-byte big-endian length ‖ UTF-8), by hand.
        var bytes = [UInt8](repeating: 0, count: 32)
        for field in ["1", "2026-01-01 00:00:00.000", "alice", "result.recorded", "result:1", "{}"] {
            bytes += [0, 0, 0, UInt8(field.utf8.count)] + Array(field.utf8)
        }
        #expect(AuditEntry.chainHash(
            previous: .zero, sequence: 1, recordedAt: "2026-01-01 00:00:00.000", actor: "alice", action: "result.recorded",
            subject: "result:1", details: "{}") == SHA256Digest.of(bytes))
        // Moving a byte between fields changes the hash: the lengths keep fields apart.
        #expect(AuditEntry.chainHash(previous: .zero, sequence: 1, recordedAt: "a", actor: "bc", action: "", subject: "", details: "")
            != AuditEntry.chainHash(previous: .zero, sequence: 1, recordedAt: "ab", actor: "c", action: "", subject: "", details: ""))
    }
}
