@testable import BreathStore
import BreathTestSupport
import Foundation
import GRDB
import Testing

/// Databases written by every earlier schema version open with today's store, keep their data
/// and gain the new tables; released migrations create exactly what they created when released.
@Suite struct MigrationTests {
    static let earlierVersions = Array(Schema.migrator.migrations.dropLast())

    /// For each earlier version, SQL that fills a database as that version's software did.
    static let fillers: [String: String] = [
        "v1: devices and acquired runs": """
            INSERT INTO device VALUES ('BGC1-OLD-0001', 'rev B', '1.2.0', 'CAL-2025-11', '1.0',
                '2025-12-01 08:00:00.000', '2025-12-02 08:00:00.000');
            INSERT INTO run (id, run_uuid, device_serial, method_id, source, status, status_reason, started_at, ended_at,
                sample_period_us, sample_count, missing_samples, sequence_gaps, dropped_bytes, malformed_frames,
                device_outcome, device_fault_code, totals_verified, breath_volume_ml, breath_co2_percent,
                breath_humidity_percent, breath_duration_s, breath_flow_ml_min, capture_path)
            VALUES (1, '00000000-0000-4000-8000-000000000001', 'BGC1-OLD-0001', 'breath-screen-v1', 'emulator',
                'interrupted', 'no RUN_COMPLETE: the device disconnected', '2025-12-02 08:00:00.000',
                '2025-12-02 08:14:30.000', 50000, 12200, 3, 1, 0, 0, NULL, NULL, 0, 950.5, 4.9, 88, 150, 380,
                '/var/lib/breathd/captures/00000000-0000-4000-8000-000000000001.bcap');
            INSERT INTO run_trace VALUES (1, x'0000c03f0000c07f', NULL, NULL);
            INSERT INTO run_event (run_id, run_time_ms, kind, code, detail) VALUES (1, 0, 'phase', 1, 'breath-sampling');
            """,
    ]

    @Test func everyEarlierVersionHasAFiller() {
        #expect(Set(Self.fillers.keys) == Set(Self.earlierVersions))
    }

    @Test(arguments: earlierVersions)
    func aDatabaseFromAnEarlierVersionMigratesWithItsData(_ version: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("breath.sqlite").path
            do {
                let queue = try DatabaseQueue(path: path)
                try Schema.migrator.migrate(queue, upTo: version)
                try queue.write { try $0.execute(sql: Self.fillers[version]!) }
                try queue.close()
            }
            // The CLI does not migrate: it asks for the daemon.
            #expect(throws: StoreError.olderSchema(path: path)) { try ResultStore.openReadOnly(at: path) }

            let store = try ResultStore.openForWriting(at: path)
            let run = try #require(try store.run("1"))
            #expect(run.runUUID == "00000000-0000-4000-8000-000000000001")
            #expect(run.status == .interrupted && run.sampleCount == 12_200 && run.breathVolumeML == 950.5)
            #expect(run.captureSHA256 == nil)
            #expect(try store.device(serial: "BGC1-OLD-0001")?.firmwareVersion == "1.2.0")
            let trace = try #require(try store.trace(runID: 1))
            #expect(trace.detector.first == 1.5 && trace.detector.last?.isNaN == true)
            #expect(try store.events(runID: 1).map(\.detail) == ["breath-sampling"])

            // The migration is in the audit trail, which starts with it.
            let entries = try store.auditEntries(limit: 10)
            let added = Schema.migrator.migrations.drop { $0 != version }.dropFirst()
            #expect(entries.map(\.action) == ["database.migrated"])
            #expect(entries.first?.detailFields == ["migrations": added.joined(separator: "; ")])

            // Old runs take results now, and are as immutable as new ones.
            try store.registerOperator(username: "alice", displayName: "Alice", actor: "admin")
            let patient = try store.pseudonym(forPatient: "MRN-1", actor: "alice")
            let id = try store.insertResult(
                ScreeningResultContent(
                    runID: 1, patient: patient, operatorName: "alice", qcOutcome: .fail,
                    qcReasons: [QCReason(code: "INTERRUPTED", detail: "run cut short")], assessment: nil,
                    model: ModelIdentity(id: "m", sha256: .zero), methodVersion: "breath-screen-v1", softwareVersion: "0.1.0",
                    peaks: [], compounds: [], features: []),
                actor: "alice")
            #expect(try store.result(id)?.current.sampledAt == run.startedAt)
            guard case .intact(let count, _) = try store.verifyAuditTrail() else {
                Issue.record("the migrated database's audit trail does not verify")
                return
            }
            #expect(count == 4)
            #expect(try ResultStore.openReadOnly(at: path).runs().map(\.id) == [1])
            let error = #expect(throws: DatabaseError.self) {
                try DatabaseQueue(path: path).write { try $0.execute(sql: "DELETE FROM run") }
            }
            #expect(error?.message == "run rows are never deleted")
        }
    }

    /// SHA-256 of the schema each migration leaves (sqlite_master, by name). A released
    /// migration must never change; this fails if one does. A new migration adds its line.
    static let releasedSchemas: [String: String] = [
        "v1: devices and acquired runs": "9395355cf5393071369ae9eeeb833d080d32347c62731c86999cf50719439f7d",
        "v2: screening results, operators, pseudonymous patients, audit trail":
            "e246e4cfd66b985793fec800b2cfd86876bf71f52a50e40a7bac153af0eb5343",
    ]

    @Test(arguments: Schema.migrator.migrations)
    func releasedMigrationsNeverChange(_ version: String) throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: version)
        let schema = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").map { row in
                row.databaseValues.map { "\($0)" }.joined(separator: "|")
            }.joined(separator: "\n")
        }
        #expect(SHA256Digest.of(Array(schema.utf8)).hex == Self.releasedSchemas[version],
                "migration '\(version)' creates a different schema: released migrations never change")
    }
}
