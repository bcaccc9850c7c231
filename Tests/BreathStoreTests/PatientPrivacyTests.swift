import BreathTestSupport
import BreathStore
import Foundation
import GRDB
import Testing

/// Patients appear only as random pseudonyms; the identifier sits in one mapping row, which
/// erasure removes from the file, and never in results, audit entries, errors or logs.
@Suite struct PatientPrivacyTests {
    @Test func aPatientKeepsOnePseudonymAndOthersGetTheirOwn() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            #expect(try fixture.store.pseudonym(forPatient: ResultFixture.externalID, actor: "bob") == fixture.patient)
            let other = try fixture.store.pseudonym(forPatient: "MRN-0043", actor: "bob")
            #expect(other != fixture.patient)
            #expect(Pseudonym(other.text) == other)
            // Only the first call registers the patient.
            let entries = try fixture.store.auditEntries(limit: 100).filter { $0.action == "patient.registered" }
            #expect(entries.map(\.subject) == ["patient:\(other)", "patient:\(fixture.patient)"])
        }
    }

    @Test func erasureRemovesTheIdentityFromTheFileAndKeepsTheResults() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let id = try fixture.store.insertResult(fixture.content(), actor: "alice")
            let identifier = Data(ResultFixture.externalID.utf8)
            let files = [fixture.path, fixture.path + "-wal"]
            #expect(try files.contains { try Data(contentsOf: URL(fileURLWithPath: $0)).range(of: identifier) != nil })

            let purged = try fixture.store.eraseIdentity(ofPseudonym: fixture.patient, reason: "GDPR art. 17 request", actor: "bob")
            #expect(purged)
            for file in files {
                #expect(try Data(contentsOf: URL(fileURLWithPath: file)).range(of: identifier) == nil, "\(file)")
            }
            // The result stays, pseudonymous, and still answers to its pseudonym.
            #expect(try fixture.store.results(ResultQuery(patient: fixture.patient)).map(\.id) == [id])
            let erasure = try #require(try fixture.store.auditEntries(limit: 1).first)
            #expect(erasure.action == "patient.identity-erased")
            #expect(erasure.actor == "bob")
            #expect(erasure.subject == "patient:\(fixture.patient)")
            #expect(erasure.detailFields == ["reason": "GDPR art. 17 request"])
            guard case .intact = try fixture.store.verifyAuditTrail() else {
                Issue.record("erasure broke the audit trail")
                return
            }

            let again = #expect(throws: StoreError.self) {
                try fixture.store.eraseIdentity(ofPseudonym: fixture.patient, reason: "again", actor: "bob")
            }
            #expect(again == .notFound("no identity is recorded for pseudonym \(fixture.patient) (never, or already erased)"))
            // A returning patient is a new pseudonym: nothing links them to the old results.
            #expect(try fixture.store.pseudonym(forPatient: ResultFixture.externalID, actor: "alice") != fixture.patient)
        }
    }

    @Test func theIdentifierIsNowhereButInTheMappingTable() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            _ = try fixture.store.insertResult(fixture.content(), actor: "alice")
            let queue = try DatabaseQueue(path: fixture.path)
            let tables = try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
            for table in tables {
                let dump = try queue.read { db in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                        row.databaseValues.map { "\($0)" }.joined(separator: " ")
                    }.joined(separator: "\n")
                }
                #expect(dump.contains(ResultFixture.externalID) == (table == "patient_pseudonym"), "\(table)")
            }
        }
    }

    @Test func errorsNeverRepeatAnIdentifier() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            for identifier in ["SECRET-\u{7}-BELL", "", String(repeating: "SECRET", count: 30)] {
                let error = #expect(throws: StoreError.self) {
                    try fixture.store.pseudonym(forPatient: identifier, actor: "alice")
                }
                #expect(error?.description == "a patient identifier must be 1 to 128 characters without control characters")
                #expect(error?.description.contains("SECRET") == false)
            }
        }
    }

    @Test func pseudonymsAreRandomBase32() {
        var seen = Set<Pseudonym>()
        for _ in 0..<2_000 {
            let pseudonym = Pseudonym.random()
            #expect(pseudonym.text.count == 26)
            #expect(pseudonym.text.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
            seen.insert(pseudonym)
        }
        #expect(seen.count == 2_000)

        // RFC 4648 base32 of the 16 bytes, big-endian, without padding (checked against Python's
        // base64.b32encode).
        struct Constant: RandomNumberGenerator {
            var value: UInt64
            mutating func next() -> UInt64 { value }
        }
        var zeros = Constant(value: 0), ones = Constant(value: .max)
        #expect(Pseudonym.random(using: &zeros).text == String(repeating: "A", count: 26))
        #expect(Pseudonym.random(using: &ones).text == String(repeating: "7", count: 25) + "4")
        var pattern = Constant(value: 0x8000_0000_0000_0001)
        #expect(Pseudonym.random(using: &pattern).text == "QAAAAAAAAAAADAAAAAAAAAAAAE")

        #expect(Pseudonym("qaaaaaaaaaaadaaaaaaaaaaaae")?.text == "QAAAAAAAAAAADAAAAAAAAAAAAE")
        for bad in ["", "QAAAAAAAAAAAEAAAAAAAAAAAA", "QAAAAAAAAAAADAAAAAAAAAAAAEA", "0AAAAAAAAAAAEAAAAAAAAAAAAE", "QAAAAAAAAAAAEAAAAAAAAAAA 1"] {
            #expect(Pseudonym(bad) == nil, "\(bad)")
        }
    }

    /// Nothing in the sources hands a patient identifier to a logger.
    @Test func noSourceLogsAPatientIdentifier() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("logger.") || line.contains("Logger(") || line.contains("print(") {
                for name in ["externalID", "external_id", "forPatient"] {
                    #expect(!line.contains(name), "\(file):\(number + 1) logs \(name)")
                }
            }
        }
    }
}
