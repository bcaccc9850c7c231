import Foundation
import GRDB

/// Which results in force (not superseded by a correction) to list, most recently sampled first.
///
/// Every filter is part of the SQL the store runs, so a listing reads only the rows it shows:
/// sample time and patient use the indexes `screening_result_sampled` and
/// `screening_result_patient`; a run goes through `run_uuid`'s unique index and
/// `screening_result_run`; QC, category and device (through run's primary key) are checked
/// on the rows the time order walks (a clinic has a handful of devices and three categories,
/// so an index would not narrow the walk much).
public struct ResultQuery: Sendable, Hashable {
    /// Only this patient's results.
    public var patient: Pseudonym?
    /// Only results whose breath sample was taken at or after this time.
    public var sampledFrom: Date?
    /// Only results whose breath sample was taken before this time.
    public var sampledBefore: Date?
    /// Only results of this run (breath sample): its database id or its UUID.
    public var run: String?
    /// Only results with one of these QC outcomes; empty means any.
    public var qcOutcomes: Set<QCOutcome>
    /// Only results in one of these risk categories; empty means any.
    public var categories: Set<RiskCategory>
    /// Only results of runs on the device with this serial number.
    public var deviceSerial: String?
    /// At most this many results.
    public var limit: Int

    /// A query; with no filter, the latest `limit` results.
    public init(
        patient: Pseudonym? = nil, sampledFrom: Date? = nil, sampledBefore: Date? = nil, run: String? = nil,
        qcOutcomes: Set<QCOutcome> = [], categories: Set<RiskCategory> = [], deviceSerial: String? = nil, limit: Int = 50
    ) {
        self.patient = patient
        self.sampledFrom = sampledFrom
        self.sampledBefore = sampledBefore
        self.run = run
        self.qcOutcomes = qcOutcomes
        self.categories = categories
        self.deviceSerial = deviceSerial
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
        if let run {
            if let id = Int64(run) {
                conditions.append("r.run_id = ?")
                arguments.append(id.databaseValue)
            } else {
                conditions.append("r.run_id = (SELECT id FROM run WHERE run_uuid = ?)")
                arguments.append(run.lowercased().databaseValue)
            }
        }
        // Sorted, so that one query always gives one statement text (and one cached statement).
        if !qcOutcomes.isEmpty {
            let values = qcOutcomes.map(\.rawValue).sorted()
            conditions.append("r.qc_outcome IN (\(values.map { _ in "?" }.joined(separator: ", ")))")
            arguments += values.map(\.databaseValue)
        }
        if !categories.isEmpty {
            let values = categories.map(\.rawValue).sorted()
            conditions.append("r.category IN (\(values.map { _ in "?" }.joined(separator: ", ")))")
            arguments += values.map(\.databaseValue)
        }
        if let deviceSerial {
            // Correlated on run's primary key: one lookup per row the time order walks. An
            // IN (SELECT …) list would scan every run first (73 ms at 100,000 runs).
            conditions.append("EXISTS (SELECT 1 FROM run WHERE run.id = r.run_id AND run.device_serial = ?)")
            arguments.append(deviceSerial.databaseValue)
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
