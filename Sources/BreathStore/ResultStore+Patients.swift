import Foundation
import GRDB

/// Patients: pseudonyms in the results, the identifier only in an erasable mapping table.
extension StoreTransaction {
    /// The pseudonym of the patient with `externalID` (a hospital number, say), created at
    /// random on first use; the identifier itself is stored only in the `patient_pseudonym`
    /// mapping and never in results, audit entries, errors or logs.
    public func pseudonym(forPatient externalID: String, actor: String) throws -> Pseudonym {
        // The message never repeats the identifier: errors reach logs.
        guard !externalID.isEmpty, externalID.count <= 128,
              !externalID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw StoreError.invalidInput("a patient identifier must be 1 to 128 characters without control characters") }
        try InputRules.name(actor, "the acting user")
        if let text = try String.fetchOne(
            db, sql: "SELECT pseudonym FROM patient_pseudonym WHERE external_id = ?", arguments: [externalID])
        {
            return Pseudonym(uncheckedText: text)
        }
        let pseudonym = Pseudonym.random()
        let now = Date()
        try db.execute(sql: "INSERT INTO patient (pseudonym, created_at) VALUES (?, ?)", arguments: [pseudonym.text, now])
        try db.execute(
            sql: "INSERT INTO patient_pseudonym (pseudonym, external_id, created_at) VALUES (?, ?, ?)",
            arguments: [pseudonym.text, externalID, now])
        try AuditTrail.append(db, actor: actor, action: .patientRegistered, subject: "patient:\(pseudonym)")
        return pseudonym
    }
}

extension ResultStore {
    /// ``StoreTransaction/pseudonym(forPatient:actor:)`` in a transaction of its own.
    public func pseudonym(forPatient externalID: String, actor: String) throws(StoreError) -> Pseudonym {
        try transaction { try $0.pseudonym(forPatient: externalID, actor: actor) }
    }

    /// Erases the link between `pseudonym` and the person: deletes its mapping row (SQLite's
    /// secure_delete zeroes the freed bytes) and records the erasure, with `reason`, in the
    /// audit trail. The results stay, pseudonymous; a returning patient gets a new pseudonym.
    ///
    /// Afterwards a TRUNCATE checkpoint removes older copies of the row from the write-ahead log.
    /// - Returns: whether that checkpoint completed; it does not while readers hold old
    ///   snapshots, and then the old bytes remain in the -wal file until it is next reset.
    @discardableResult
    public func eraseIdentity(ofPseudonym pseudonym: Pseudonym, reason: String, actor: String) throws(StoreError) -> Bool {
        try InputRules.text(reason, "the reason for the erasure")
        try InputRules.name(actor, "the acting user")
        try perform { db in
            try db.execute(sql: "DELETE FROM patient_pseudonym WHERE pseudonym = ?", arguments: [pseudonym.text])
            guard db.changesCount == 1 else {
                throw StoreError.notFound("no identity is recorded for pseudonym \(pseudonym) (never, or already erased)")
            }
            try AuditTrail.append(
                db, actor: actor, action: .identityErased, subject: "patient:\(pseudonym)", details: ["reason": reason])
        }
        do {
            let (logged, copied) = try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            return logged == 0 && copied == 0
        } catch {
            return false
        }
    }
}
