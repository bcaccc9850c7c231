import Foundation
import GRDB

/// Screening results: written once, corrected by superseding rows.
extension StoreTransaction {
    /// Stores a screening result with its peaks, compounds, features and QC reasons, and an
    /// audit entry (`result.recorded`) carrying the SHA-256 of what was stored; returns its id.
    public func insertResult(_ content: ScreeningResultContent, actor: String) throws -> Int64 {
        try content.validate()
        try InputRules.name(actor, "the acting user")
        let sampledAt = try checkReferences(of: content)
        var rows = ResultRows(content: content, sampledAt: sampledAt, recordedBy: actor, supersedes: nil, correctionReason: nil)
        let id = try rows.insert(db)
        try AuditTrail.append(
            db, actor: actor, action: .resultRecorded, subject: "result:\(id)", details: auditDetails(content, rows: rows))
        return id
    }

    /// Corrects result `id`: stores `content` as a new result that supersedes it, with the
    /// reason, the acting user and the time, and an audit entry (`result.corrected`). Only the
    /// version in force can be corrected; the old row stays as it was. Returns the new id.
    public func correctResult(_ id: Int64, with content: ScreeningResultContent, reason: String, actor: String) throws -> Int64 {
        try content.validate()
        try InputRules.text(reason, "the reason for the correction")
        try InputRules.name(actor, "the acting user")
        guard try resultExists(id) else { throw StoreError.notFound("no result \(id)") }
        if let newer = try Int64.fetchOne(db, sql: "SELECT id FROM screening_result WHERE supersedes_id = ?", arguments: [id]) {
            throw StoreError.invalidInput("result \(id) was already corrected by result \(newer); correct that one")
        }
        let sampledAt = try checkReferences(of: content)
        var rows = ResultRows(
            content: content, sampledAt: sampledAt, recordedBy: actor, supersedes: id, correctionReason: reason)
        let newID = try rows.insert(db)
        var details = auditDetails(content, rows: rows)
        details["supersedes"] = "\(id)"
        details["reason"] = reason
        try AuditTrail.append(db, actor: actor, action: .resultCorrected, subject: "result:\(newID)", details: details)
        return newID
    }

    /// Records that `actor` exported results `ids` (one audit entry each).
    public func recordExport(of ids: [Int64], format: String, destination: String, actor: String) throws {
        guard !ids.isEmpty else { throw StoreError.invalidInput("an export needs at least one result") }
        try InputRules.name(format, "the export format")
        try InputRules.text(destination, "the export destination", maxLength: 500)
        try InputRules.name(actor, "the acting user")
        for id in ids {
            guard try resultExists(id) else { throw StoreError.notFound("no result \(id)") }
            try AuditTrail.append(
                db, actor: actor, action: .resultExported, subject: "result:\(id)",
                details: ["format": format, "destination": destination])
        }
    }

    private func resultExists(_ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM screening_result WHERE id = ?)", arguments: [id])!
    }

    /// Fails with a sentence when the run, the patient or the operator is not in the database;
    /// returns the run's `started_at` as stored.
    private func checkReferences(of content: ScreeningResultContent) throws -> DatabaseValue {
        let exists = { (sql: String, value: any DatabaseValueConvertible) in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (\(sql))", arguments: [value])!
        }
        guard let started = try DatabaseValue.fetchOne(db, sql: "SELECT started_at FROM run WHERE id = ?", arguments: [content.runID])
        else { throw StoreError.notFound("no run \(content.runID)") }
        guard try exists("SELECT 1 FROM patient WHERE pseudonym = ?", content.patient.text) else {
            throw StoreError.notFound("no patient with pseudonym \(content.patient)")
        }
        guard try exists("SELECT 1 FROM operator WHERE username = ?", content.operatorName) else {
            throw StoreError.notFound("no operator '\(content.operatorName)'; register them first")
        }
        return started
    }

    /// What the audit entry of a stored result says: enough to read the trail alone, and the
    /// digest that ties the entry to the stored rows.
    private func auditDetails(_ content: ScreeningResultContent, rows: ResultRows) -> [String: String] {
        var details = [
            "run_id": "\(content.runID)", "patient": content.patient.text, "qc": content.qcOutcome.rawValue,
            "content_sha256": rows.contentDigest.hex,
        ]
        details["category"] = content.assessment?.category.rawValue
        return details
    }
}

/// Screening results, each write in a transaction of its own; listing and showing.
extension ResultStore {
    /// ``StoreTransaction/insertResult(_:actor:)`` in a transaction of its own.
    public func insertResult(_ content: ScreeningResultContent, actor: String) throws(StoreError) -> Int64 {
        try transaction { try $0.insertResult(content, actor: actor) }
    }

    /// ``StoreTransaction/correctResult(_:with:reason:actor:)`` in a transaction of its own.
    public func correctResult(
        _ id: Int64, with content: ScreeningResultContent, reason: String, actor: String
    ) throws(StoreError) -> Int64 {
        try transaction { try $0.correctResult(id, with: content, reason: reason, actor: actor) }
    }

    /// ``StoreTransaction/recordExport(of:format:destination:actor:)`` in a transaction of its own.
    public func recordExport(of ids: [Int64], format: String, destination: String, actor: String) throws(StoreError) {
        try transaction { try $0.recordExport(of: ids, format: format, destination: destination, actor: actor) }
    }

    /// Result `id` with every version of it, oldest first, or nil when there is no such result.
    public func result(_ id: Int64) throws(StoreError) -> ResultHistory? {
        try read { db in
            guard let found = try ResultRows.fetch(db, id: id)?.decoded() else { return nil }
            var versions = [found]
            // A history is a line: a loop (only possible in an altered file) is damage, not an answer.
            var seen: Set = [id]
            while let older = versions[0].supersedes {
                guard seen.insert(older).inserted, let previous = try ResultRows.fetch(db, id: older)?.decoded() else {
                    throw StoreError.corrupt(path: path, problem: "result \(versions[0].id) supersedes a missing or later result \(older)")
                }
                versions.insert(previous, at: 0)
            }
            while let newer = try Int64.fetchOne(
                db, sql: "SELECT id FROM screening_result WHERE supersedes_id = ?", arguments: [versions[versions.count - 1].id])
            {
                guard seen.insert(newer).inserted, let next = try ResultRows.fetch(db, id: newer)?.decoded() else {
                    throw StoreError.corrupt(path: path, problem: "result \(newer) supersedes a later result")
                }
                versions.append(next)
            }
            return ResultHistory(versions: versions)
        }
    }

    /// The results in force that `query` selects, most recently sampled first.
    public func results(_ query: ResultQuery) throws(StoreError) -> [ResultSummary] {
        guard query.limit >= 0 else { throw StoreError.invalidInput("the limit must not be negative") }
        let (sql, arguments) = query.statement
        return try read { db in
            try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments)).map { row in
                let risk: Double? = try row.decode(forColumn: "risk")
                let category: String? = try row.decode(forColumn: "category")
                let patient: String = try row.decode(forColumn: "patient_pseudonym")
                let outcome: String = try row.decode(forColumn: "qc_outcome")
                guard let pseudonym = Pseudonym(patient), let qcOutcome = QCOutcome(rawValue: outcome) else {
                    throw StoredValueError(column: "patient_pseudonym or qc_outcome")
                }
                let assessment = try risk.map { risk in
                    guard let category = category.flatMap(RiskCategory.init(rawValue:)) else {
                        throw StoredValueError(column: "category")
                    }
                    return RiskAssessment(risk: risk, category: category)
                }
                return ResultSummary(
                    id: try row.decode(forColumn: "id"), runID: try row.decode(forColumn: "run_id"), patient: pseudonym,
                    sampledAt: try row.decode(forColumn: "sampled_at"), recordedAt: try row.decode(forColumn: "recorded_at"),
                    qcOutcome: qcOutcome, assessment: assessment, modelID: try row.decode(forColumn: "model_id"),
                    supersedes: try row.decode(forColumn: "supersedes_id"))
            }
        }
    }
}
