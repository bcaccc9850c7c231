import Foundation
import GRDB

/// A run the audit trail says was started but that was never stored: the daemon stopped
/// (crash, power loss, SIGKILL) before the run ended.
public struct OpenRun: Sendable, Hashable {
    public var runUUID: String
    public var deviceSerial: String
    public var methodID: String
    /// When the start was recorded.
    public var startedAt: Date
    /// Who started it, as the audit trail names them.
    public var actor: String
}

extension ResultStore {
    /// Runs started but never stored, oldest first.
    public func openRuns() throws(StoreError) -> [OpenRun] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT subject, actor, recorded_at, details FROM audit_entry
                WHERE action = ? AND substr(subject, 5) NOT IN (SELECT run_uuid FROM run)
                ORDER BY sequence
                """, arguments: [AuditAction.runStarted.rawValue])
            return rows.map { row in
                let subject: String = row["subject"]
                let details = (try? JSONDecoder().decode([String: String].self, from: Data((row["details"] as String).utf8))) ?? [:]
                let recordedAt: String = row["recorded_at"]
                return OpenRun(
                    runUUID: String(subject.dropFirst("run:".count)), deviceSerial: details["device"] ?? "unknown",
                    methodID: details["method"] ?? "unknown",
                    startedAt: Date.fromDatabaseValue(recordedAt.databaseValue) ?? Date(timeIntervalSince1970: 0),
                    actor: row["actor"])
            }
        }
    }

    /// Adds an event to a stored run (the analysis summary, which comes after the run is stored).
    public func appendEvent(_ event: RunEventRecord) throws(StoreError) {
        try transaction { transaction in
            try InputRules.text(event.kind, "an event kind", maxLength: 64)
            try InputRules.text(event.detail, "an event detail")
            try event.insert(transaction.db)
        }
    }
}
