import BreathTestSupport
import BreathStore
import Foundation
import GRDB
import Testing

/// The database itself refuses to change or remove results and audit entries, whoever asks:
/// these statements come from a plain SQLite connection, as another program would send them.
@Suite struct ImmutabilityTests {
    /// A store with one result (id 1, with QC reasons, the newest) and a raw connection to its file.
    static func withStoredResult(_ body: (DatabaseQueue, ResultFixture) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            _ = try fixture.store.insertResult(fixture.content(outcome: .warning), actor: "alice")
            try body(try DatabaseQueue(path: fixture.path), fixture)
        }
    }

    static func refusal(_ queue: DatabaseQueue, _ sql: String) -> String? {
        do {
            try queue.write { try $0.execute(sql: sql) }
            return nil
        } catch let error as DatabaseError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("UPDATE screening_result SET risk = 0.01", "screening results are never changed; record a correction"),
        ("UPDATE screening_result SET category = 'low', risk = 0.1 WHERE id = 1", "screening results are never changed; record a correction"),
        ("DELETE FROM screening_result", "screening results are never deleted; record a correction"),
        ("UPDATE result_peak SET area = 0", "screening results are never changed; record a correction"),
        ("DELETE FROM result_peak", "screening results are never deleted; record a correction"),
        ("UPDATE result_compound SET name = 'x'", "screening results are never changed; record a correction"),
        ("DELETE FROM result_compound", "screening results are never deleted; record a correction"),
        ("UPDATE result_feature SET value = 0", "screening results are never changed; record a correction"),
        ("DELETE FROM result_feature", "screening results are never deleted; record a correction"),
        ("UPDATE result_qc_reason SET detail = ''", "screening results are never changed; record a correction"),
        ("DELETE FROM result_qc_reason", "screening results are never deleted; record a correction"),
        ("UPDATE audit_entry SET actor = 'mallory'", "the audit trail is append-only"),
        ("DELETE FROM audit_entry WHERE sequence = (SELECT max(sequence) FROM audit_entry)", "the audit trail is append-only"),
        ("UPDATE run SET status = 'complete'", "run rows are never changed"),
        ("DELETE FROM run", "run rows are never deleted"),
        ("DELETE FROM run_trace", "run_trace rows are never deleted"),
        ("UPDATE run_event SET detail = ''", "run_event rows are never changed"),
        ("DELETE FROM operator", "operator rows are never deleted"),
        ("UPDATE operator SET display_name = 'x'", "operator rows are never changed"),
        ("DELETE FROM patient", "patient rows are never deleted; erase the identity mapping instead"),
        ("UPDATE patient_pseudonym SET external_id = 'other'", "identity mappings are never changed; erase and create a new one"),
        ("INSERT INTO result_peak VALUES (1, 99, 1, 0, 2, 1, 1, 1, 1)",
         "a stored result cannot gain result_peak rows; record a correction"),
        ("INSERT INTO audit_entry VALUES (1000, '2026-01-01 00:00:00.000', 'mallory', 'x', 'y', '{}', 'ab', 'cd')",
         "an audit entry must extend the chain"),
    ])
    func changeIsRefused(_ sql: String, _ message: String) throws {
        try Self.withStoredResult { queue, fixture in
            #expect(Self.refusal(queue, sql) == message)
            guard case .intact = try fixture.store.verifyAuditTrail() else {
                Issue.record("the refused statement changed the audit trail")
                return
            }
        }
    }

    @Test func checkConstraintsRefuseInconsistentResults() throws {
        try Self.withStoredResult { queue, fixture in
            let started = try queue.read { try String.fetchOne($0, sql: "SELECT started_at FROM run WHERE id = 1") }!
            func insert(qc: String, risk: String, category: String, sampledAt: String = started) -> String? {
                Self.refusal(queue, """
                    INSERT INTO screening_result (run_id, sampled_at, patient_pseudonym, operator, recorded_at, recorded_by,
                        qc_outcome, risk, category, model_id, model_sha256, method_version, software_version)
                    VALUES (1, '\(sampledAt)', '\(fixture.patient)', 'alice', '2026-01-01 00:00:00.000', 'alice',
                        '\(qc)', \(risk), \(category), 'm', '\(String(repeating: "a", count: 64))', 'v1', '0.1.0')
                    """)
            }
            let check = "CHECK constraint failed"
            // A FAIL never has a risk category; anything else always has one.
            #expect(insert(qc: "fail", risk: "0.9", category: "'high'")?.hasPrefix(check) == true)
            #expect(insert(qc: "fail", risk: "NULL", category: "'high'")?.hasPrefix(check) == true)
            #expect(insert(qc: "pass", risk: "NULL", category: "NULL")?.hasPrefix(check) == true)
            #expect(insert(qc: "pass", risk: "1.5", category: "'high'")?.hasPrefix(check) == true)
            #expect(insert(qc: "pass", risk: "0.5", category: "'medium'")?.hasPrefix(check) == true)
            #expect(insert(qc: "maybe", risk: "0.5", category: "'low'")?.hasPrefix(check) == true)
            #expect(insert(qc: "pass", risk: "0.5", category: "'low'", sampledAt: "2000-01-01 00:00:00.000")
                == "a result's sampled_at must be its run's started_at")
            #expect(insert(qc: "fail", risk: "NULL", category: "NULL") == nil)
            #expect(insert(qc: "pass", risk: "0.5", category: "'low'") == nil)
        }
    }

    @Test func erasingAnIdentityMappingIsTheOneDeletionAllowed() throws {
        try Self.withStoredResult { queue, _ in
            #expect(Self.refusal(queue, "DELETE FROM patient_pseudonym") == nil)
            let results = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM screening_result") }
            #expect(results == 1)
        }
    }
}
