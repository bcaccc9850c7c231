import GRDB

/// Reading and verifying the audit trail; entries are written by the operations they record.
extension ResultStore {
    /// The most recent `limit` entries, newest first.
    public func auditEntries(limit: Int = 50) throws(StoreError) -> [AuditEntry] {
        guard limit >= 0 else { throw StoreError.invalidInput("the limit must not be negative") }
        return try read { db in
            try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_entry ORDER BY sequence DESC LIMIT ?", arguments: [limit])
        }
    }

    /// The entries about any of `subjects` (`result:42`, `run:<uuid>`, …), oldest first.
    public func auditEntries(about subjects: [String]) throws(StoreError) -> [AuditEntry] {
        try read { db in
            try AuditEntry.fetchAll(
                db, sql: """
                    SELECT * FROM audit_entry WHERE subject IN (\(subjects.map { _ in "?" }.joined(separator: ", ")))
                    ORDER BY sequence
                    """,
                arguments: StatementArguments(subjects))
        }
    }

    /// Walks the whole trail, checking each entry's sequence number, link and hash, then checks
    /// every stored result against the digest its entry recorded. Reports the first problem.
    public func verifyAuditTrail() throws(StoreError) -> AuditVerification {
        try read(AuditVerifier.verify)
    }
}
