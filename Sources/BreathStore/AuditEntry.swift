import Foundation
import GRDB

/// What an audit entry records.
public enum AuditAction: String, Sendable, Hashable, Codable, CaseIterable {
    case databaseMigrated = "database.migrated"
    case operatorRegistered = "operator.registered"
    case patientRegistered = "patient.registered"
    case identityErased = "patient.identity-erased"
    case runStarted = "run.started"
    case runCompleted = "run.completed"
    case runInterrupted = "run.interrupted"
    case runFailed = "run.failed"
    case resultRecorded = "result.recorded"
    case resultCorrected = "result.corrected"
    case resultExported = "result.exported"
}

/// One entry of the append-only, hash-chained audit trail.
///
/// `hash` is SHA-256 over the previous entry's 32 hash bytes (all zero before the first entry)
/// followed by the fields sequence (decimal), recorded_at, actor, action, subject and details,
/// each as a 4-byte big-endian UTF-8 byte count and the UTF-8 bytes, exactly as stored. So any
/// change to an entry changes its hash, and any removal or reordering breaks the next link.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// 1, 2, 3, … without gaps.
    public var sequence: Int64
    /// UTC, as stored: `yyyy-MM-dd HH:mm:ss.SSS`.
    public var recordedAt: String
    /// Who acted: an operator's username, or `breathd` / `system` for the software itself.
    public var actor: String
    /// What happened (an ``AuditAction`` raw value for entries this software writes).
    public var action: String
    /// What it happened to: `result:42`, `run:<uuid>`, `patient:<pseudonym>`, `operator:<name>`, `database`.
    public var subject: String
    /// A JSON object of strings with sorted keys; never a patient's identifier.
    public var details: String
    /// The previous entry's hash, as stored (64 hexadecimal digits when intact).
    public var previousHash: String
    /// This entry's hash, as stored.
    public var hash: String

    /// The hash an entry with these fields must carry.
    static func chainHash(
        previous: SHA256Digest, sequence: Int64, recordedAt: String, actor: String, action: String, subject: String,
        details: String
    ) -> SHA256Digest {
        var bytes = previous.bytes
        for field in ["\(sequence)", recordedAt, actor, action, subject, details] {
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return SHA256Digest.of(bytes)
    }

    /// The details as key–value pairs (empty when they are not a JSON object of strings).
    public var detailFields: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
    }
}

/// Appends entries inside the caller's write transaction, so an entry commits with its change.
enum AuditTrail {
    static func append(
        _ db: Database, actor: String, action: AuditAction, subject: String, details: [String: String] = [:]
    ) throws {
        try InputRules.name(actor, "the acting user")
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_entry ORDER BY sequence DESC LIMIT 1")
        let sequence: Int64 = (last?["sequence"] ?? 0) + 1
        let previous = try last.map { row in
            guard let digest = SHA256Digest(hex: try row.decode(String.self, forColumn: "hash")) else {
                throw StoreError.corrupt(path: db.filePath, problem: "audit entry \(sequence - 1) holds no valid hash")
            }
            return digest
        } ?? .zero
        let recordedAt = String.fromDatabaseValue(Date().databaseValue) ?? ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let detailText = String(decoding: try encoder.encode(details), as: UTF8.self)
        let hash = AuditEntry.chainHash(
            previous: previous, sequence: sequence, recordedAt: recordedAt, actor: actor, action: action.rawValue,
            subject: subject, details: detailText)
        try db.execute(
            sql: """
                INSERT INTO audit_entry (sequence, recorded_at, actor, action, subject, details, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [sequence, recordedAt, actor, action.rawValue, subject, detailText, previous.hex, hash.hex])
    }
}

extension AuditEntry: FetchableRecord {
    /// Reads an entry as stored; a value of the wrong type (a tampered file) throws.
    public init(row: Row) throws {
        sequence = try row.decode(forColumn: "sequence")
        recordedAt = try row.decode(forColumn: "recorded_at")
        actor = try row.decode(forColumn: "actor")
        action = try row.decode(forColumn: "action")
        subject = try row.decode(forColumn: "subject")
        details = try row.decode(forColumn: "details")
        previousHash = try row.decode(forColumn: "previous_hash")
        hash = try row.decode(forColumn: "hash")
    }
}
