import Foundation
import GRDB

/// The outcome of checking the audit trail.
public enum AuditVerification: Sendable, Hashable {
    /// Every link holds and every result matches its entry; `head` is the last entry's hash
    /// (all zeros for an empty trail), worth writing down elsewhere: an attacker who rewrites
    /// the whole chain consistently cannot also change a head recorded outside the file.
    case intact(entries: Int, head: SHA256Digest)
    /// The first problem found.
    case broken(AuditBreak)
}

/// Where the audit trail stops holding, in one line.
public struct AuditBreak: Sendable, Hashable, CustomStringConvertible {
    /// The audit entry at fault, when the problem is in one entry.
    public var sequence: Int64?
    /// One line naming the entry or result and what is wrong with it.
    public var problem: String

    public var description: String { problem }
}

/// Walks the trail in sequence order, then checks every stored result against the entry that
/// recorded it.
enum AuditVerifier {
    static func verify(_ db: Database) throws -> AuditVerification {
        var previous = SHA256Digest.zero
        var expected: Int64 = 1
        /// result id → (entry sequence, recorded content digest)
        var recorded: [Int64: (sequence: Int64, digest: String)] = [:]
        let entries = try Row.fetchCursor(db, sql: """
            SELECT sequence, recorded_at, actor, action, subject, details, previous_hash, hash
            FROM audit_entry ORDER BY sequence
            """)
        while let row = try entries.next() {
            let sequence: Int64 = row["sequence"]
            guard sequence == expected else {
                return .broken(AuditBreak(
                    sequence: sequence,
                    problem: expected == 1
                        ? "audit entry \(sequence) is the first entry: entries before it are missing"
                        : "audit entry \(sequence) follows entry \(expected - 1): entries are missing or reordered"))
            }
            let text = ["recorded_at", "actor", "action", "subject", "details", "previous_hash", "hash"]
                .compactMap { String.fromDatabaseValue(row[$0]) }
            guard text.count == 7 else {
                return .broken(AuditBreak(sequence: sequence, problem: "audit entry \(sequence) was altered: a field is not text"))
            }
            guard text[5] == previous.hex else {
                return .broken(AuditBreak(
                    sequence: sequence,
                    problem: "audit entry \(sequence) does not link to entry \(sequence - 1): entries were removed, reordered or altered"))
            }
            let hash = AuditEntry.chainHash(
                previous: previous, sequence: sequence, recordedAt: text[0], actor: text[1], action: text[2],
                subject: text[3], details: text[4])
            guard text[6] == hash.hex else {
                return .broken(AuditBreak(sequence: sequence, problem: "audit entry \(sequence) was altered: its hash does not match its contents"))
            }
            if text[2] == AuditAction.resultRecorded.rawValue || text[2] == AuditAction.resultCorrected.rawValue,
               let id = Int64(text[3].dropFirst("result:".count)), text[3].hasPrefix("result:")
            {
                let details = try? JSONDecoder().decode([String: String].self, from: Data(text[4].utf8))
                if let earlier = recorded[id] {
                    return .broken(AuditBreak(
                        sequence: sequence, problem: "audit entry \(sequence) records result \(id) again (first in entry \(earlier.sequence))"))
                }
                recorded[id] = (sequence, details?["content_sha256"] ?? "")
            }
            previous = hash
            expected += 1
        }
        if let problem = try checkResults(db, against: &recorded) { return .broken(problem) }
        return .intact(entries: Int(expected - 1), head: previous)
    }

    /// Every stored result must hash to the digest its entry recorded, and every recorded
    /// result must still be stored.
    private static func checkResults(
        _ db: Database, against recorded: inout [Int64: (sequence: Int64, digest: String)]
    ) throws -> AuditBreak? {
        let ids = try Int64.fetchCursor(db, sql: "SELECT id FROM screening_result ORDER BY id")
        while let id = try ids.next() {
            guard let entry = recorded.removeValue(forKey: id) else {
                return AuditBreak(sequence: nil, problem: "result \(id) has no entry in the audit trail")
            }
            guard let rows = try ResultRows.fetch(db, id: id), rows.contentDigest.hex == entry.digest else {
                return AuditBreak(
                    sequence: entry.sequence,
                    problem: "result \(id) differs from what audit entry \(entry.sequence) recorded: it was altered")
            }
        }
        if let (id, entry) = recorded.min(by: { $0.value.sequence < $1.value.sequence }) {
            return AuditBreak(
                sequence: entry.sequence, problem: "audit entry \(entry.sequence) records result \(id), which is missing")
        }
        return nil
    }
}
