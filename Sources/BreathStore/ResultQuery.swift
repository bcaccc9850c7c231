import Foundation
import GRDB

/// Which results in force (not superseded by a correction) to list, most recently sampled first.
public struct ResultQuery: Sendable, Hashable {
    /// Only this patient's results.
    public var patient: Pseudonym?
    /// Only results whose breath sample was taken at or after this time.
    public var sampledFrom: Date?
    /// Only results whose breath sample was taken before this time.
    public var sampledBefore: Date?
    /// At most this many results.
    public var limit: Int

    /// A query; with no filter, the latest `limit` results.
    public init(patient: Pseudonym? = nil, sampledFrom: Date? = nil, sampledBefore: Date? = nil, limit: Int = 50) {
        self.patient = patient
        self.sampledFrom = sampledFrom
        self.sampledBefore = sampledBefore
        self.limit = limit
    }

    /// The statement the store runs, with `?` placeholders, and its arguments.
    var statement: (sql: String, arguments: [DatabaseValue]) {
        var conditions = ["NOT EXISTS (SELECT 1 FROM screening_result AS newer WHERE newer.supersedes_id = r.id)"]
        var arguments = [DatabaseValue]()
        if let patient {
            conditions.append("r.patient_pseudonym = ?")
            arguments.append(patient.text.databaseValue)
        }
        if let sampledFrom {
            conditions.append("r.sampled_at >= ?")
            arguments.append(sampledFrom.databaseValue)
        }
        if let sampledBefore {
            conditions.append("r.sampled_at < ?")
            arguments.append(sampledBefore.databaseValue)
        }
        arguments.append(limit.databaseValue)
        let sql = """
            SELECT r.id, r.run_id, r.patient_pseudonym, r.sampled_at, r.recorded_at, r.qc_outcome, r.risk, r.category, \
            r.model_id, r.supersedes_id \
            FROM screening_result AS r \
            WHERE \(conditions.joined(separator: " AND ")) \
            ORDER BY r.sampled_at DESC, r.id DESC LIMIT ?
            """
        return (sql, arguments)
    }

    /// The same statement with its arguments written in as SQL literals: what to paste into
    /// the `sqlite3` shell to run exactly the query the store runs.
    public var shellSQL: String {
        let (sql, arguments) = statement
        var literals = arguments.makeIterator()
        var text = ""
        for character in sql {
            guard character == "?", let value = literals.next() else {
                text.append(character)
                continue
            }
            switch value.storage {
            case .int64(let integer): text += "\(integer)"
            case .string(let string): text += "'" + string.replacingOccurrences(of: "'", with: "''") + "'"
            case .null, .double, .blob: preconditionFailure("result queries bind only integers and text")
            }
        }
        return text + ";"
    }
}
