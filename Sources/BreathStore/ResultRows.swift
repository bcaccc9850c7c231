import Foundation
import GRDB

/// A screening result as the database rows that hold it, in fixed column orders.
///
/// One mapping serves writing, reading and the content digest, so the digest recorded in the
/// audit trail when a result is written is, byte for byte, the digest of what a later reader
/// finds in the file. The column lists are part of the digest's definition ("v1"): a future
/// column joins the digest only under a new version.
struct ResultRows {
    static let resultColumns = [
        "id", "run_id", "sampled_at", "patient_pseudonym", "operator", "recorded_at", "recorded_by", "qc_outcome", "risk", "category",
        "model_id", "model_sha256", "method_version", "software_version", "supersedes_id", "correction_reason",
    ]
    static let qcReasonColumns = ["position", "code", "detail"]
    static let peakColumns = ["peak_index", "retention_time_s", "start_s", "end_s", "height", "area", "fwhm_s", "snr"]
    static let compoundColumns = ["position", "name", "cas_number", "peak_index", "concentration_ppb", "confidence"]
    static let featureColumns = ["position", "name", "value"]

    /// The child tables, their columns and their key column, in digest order.
    private static let children = [
        ("result_qc_reason", qcReasonColumns, "position"), ("result_peak", peakColumns, "peak_index"),
        ("result_compound", compoundColumns, "position"), ("result_feature", featureColumns, "position"),
    ]

    /// The screening_result row; its first value (the id) is NULL until inserted.
    var result: [DatabaseValue]
    /// Rows of result_qc_reason, result_peak, result_compound, result_feature (without result_id).
    var details: [[[DatabaseValue]]]

    /// The rows that store `content`, recorded now by `actor`; `sampledAt` is the run's
    /// `started_at` exactly as stored.
    init(
        content: ScreeningResultContent, sampledAt: DatabaseValue, recordedBy actor: String, supersedes: Int64?,
        correctionReason: String?
    ) {
        let values: [(any DatabaseValueConvertible)?] = [
            nil, content.runID, sampledAt, content.patient.text, content.operatorName, Date(), actor, content.qcOutcome.rawValue,
            content.assessment?.risk, content.assessment?.category.rawValue, content.model.id, content.model.sha256.hex,
            content.methodVersion, content.softwareVersion, supersedes, correctionReason,
        ]
        result = values.map { $0?.databaseValue ?? .null }
        let qcReasons = content.qcReasons.enumerated().map { index, reason in
            [index.databaseValue, reason.code.databaseValue, reason.detail.databaseValue]
        }
        let peaks = content.peaks.enumerated().map { index, peak in
            [index.databaseValue] + [peak.retentionTime, peak.start, peak.end, peak.height, peak.area, peak.fwhm, peak.snr]
                .map(\.databaseValue)
        }
        let compounds = content.compounds.enumerated().map { index, compound in
            [index.databaseValue, compound.name.databaseValue, compound.casNumber.databaseValue,
             compound.peakIndex.databaseValue, compound.concentrationPPB.databaseValue, compound.confidence.databaseValue]
        }
        let features = content.features.enumerated().map { index, feature in
            [index.databaseValue, feature.name.databaseValue, feature.value.databaseValue]
        }
        details = [qcReasons, peaks, compounds, features]
    }

    private init(result: [DatabaseValue], details: [[[DatabaseValue]]]) {
        self.result = result
        self.details = details
    }

    /// Writes the rows; returns the new result's id.
    mutating func insert(_ db: Database) throws -> Int64 {
        let columns = Self.resultColumns.dropFirst()
        try db.cachedStatement(sql: """
            INSERT INTO screening_result (\(columns.joined(separator: ", ")))
            VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
            """).execute(arguments: StatementArguments(result.dropFirst()))
        let id = db.lastInsertedRowID
        result[0] = id.databaseValue
        for ((table, columns, _), rows) in zip(Self.children, details) where !rows.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO \(table) (result_id, \(columns.joined(separator: ", ")))
                VALUES (?\(String(repeating: ", ?", count: columns.count)))
                """)
            for row in rows { try statement.execute(arguments: StatementArguments([id.databaseValue] + row)) }
        }
        return id
    }

    /// The stored rows of result `id`, or nil when there is no such result.
    static func fetch(_ db: Database, id: Int64) throws -> ResultRows? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(resultColumns.joined(separator: ", ")) FROM screening_result WHERE id = ?"),
            arguments: [id])
        else { return nil }
        let details = try children.map { table, columns, key in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE result_id = ? ORDER BY \(key)"),
                arguments: [id]
            ).map { Array($0.databaseValues) }
        }
        return ResultRows(result: Array(row.databaseValues), details: details)
    }

    /// SHA-256 over the rows: a version tag, then per table its name, row count and rows, each
    /// value as a type tag and its bytes. Negative zero counts as zero, as SQLite may store it so.
    var contentDigest: SHA256Digest {
        var bytes = Array("breath.result-content.v1".utf8)
        func append(_ text: String) {
            let utf8 = Array(text.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        func append(_ value: DatabaseValue) {
            switch value.storage {
            case .null:
                bytes.append(UInt8(ascii: "n"))
            case .int64(let integer):
                bytes.append(UInt8(ascii: "i"))
                withUnsafeBytes(of: integer.bigEndian) { bytes.append(contentsOf: $0) }
            case .double(let real):
                bytes.append(UInt8(ascii: "r"))
                withUnsafeBytes(of: (real == 0 ? 0 : real).bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
            case .string(let text):
                bytes.append(UInt8(ascii: "t"))
                append(text)
            case .blob(let data):
                bytes.append(UInt8(ascii: "b"))
                withUnsafeBytes(of: UInt32(data.count).bigEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: data)
            }
        }
        for ((table, _, _), rows) in zip([("screening_result", Self.resultColumns, "id")] + Self.children, [[result]] + details) {
            append(table)
            withUnsafeBytes(of: UInt32(rows.count).bigEndian) { bytes.append(contentsOf: $0) }
            for row in rows { row.forEach(append) }
        }
        return SHA256Digest.of(bytes)
    }

    /// The result these rows hold; a value of the wrong type (a tampered file) throws.
    func decoded() throws -> ScreeningResult {
        let row = Columns(names: Self.resultColumns, values: result)
        let reasons = try details[0].map { values in
            let reason = Columns(names: Self.qcReasonColumns, values: values)
            return QCReason(code: try reason["code"], detail: try reason["detail"])
        }
        let peaks = try details[1].map { values in
            let peak = Columns(names: Self.peakColumns, values: values)
            return ResultPeak(
                retentionTime: try peak["retention_time_s"], start: try peak["start_s"], end: try peak["end_s"],
                height: try peak["height"], area: try peak["area"], fwhm: try peak["fwhm_s"], snr: try peak["snr"])
        }
        let compounds = try details[2].map { values in
            let compound = Columns(names: Self.compoundColumns, values: values)
            return IdentifiedCompound(
                name: try compound["name"], casNumber: try compound["cas_number"], peakIndex: try compound["peak_index"],
                concentrationPPB: try compound["concentration_ppb"], confidence: try compound["confidence"])
        }
        let features = try details[3].map { values in
            let feature = Columns(names: Self.featureColumns, values: values)
            return ResultFeature(name: try feature["name"], value: try feature["value"])
        }
        let risk: Double? = try row["risk"]
        let category: String? = try row["category"]
        let content = ScreeningResultContent(
            runID: try row["run_id"], patient: try row.parse("patient_pseudonym", Pseudonym.init),
            operatorName: try row["operator"], qcOutcome: try row.parse("qc_outcome", QCOutcome.init(rawValue:)),
            qcReasons: reasons,
            assessment: try risk.map { RiskAssessment(risk: $0, category: try Columns.parse(category, "category", RiskCategory.init(rawValue:))) },
            model: ModelIdentity(id: try row["model_id"], sha256: try row.parse("model_sha256", SHA256Digest.init(hex:))),
            methodVersion: try row["method_version"], softwareVersion: try row["software_version"],
            peaks: peaks, compounds: compounds, features: features)
        return ScreeningResult(
            id: try row["id"], content: content, sampledAt: try row["sampled_at"], recordedAt: try row["recorded_at"],
            recordedBy: try row["recorded_by"],
            supersedes: try row["supersedes_id"], correctionReason: try row["correction_reason"])
    }
}

/// Values looked up by column name, converted with GRDB's conversions; a mismatch throws.
private struct Columns {
    let names: [String]
    let values: [DatabaseValue]

    /// The value of column `name` (one of `names`) as `T`; an optional `T` accepts NULL.
    subscript<T: DatabaseValueConvertible>(_ name: String) -> T {
        get throws {
            let value = values[names.firstIndex(of: name)!]
            guard let converted = T.fromDatabaseValue(value) else { throw StoredValueError(column: name) }
            return converted
        }
    }

    func parse<T>(_ name: String, _ make: (String) -> T?) throws -> T {
        try Self.parse(try self[name], name, make)
    }

    static func parse<T>(_ text: String?, _ name: String, _ make: (String) -> T?) throws -> T {
        guard let text, let value = make(text) else { throw StoredValueError(column: name) }
        return value
    }
}

/// A stored value that is not what its column must hold: the file was altered outside SQLite's rules.
struct StoredValueError: Error, CustomStringConvertible {
    var column: String
    var description: String { "column \(column) holds a value of the wrong kind" }
}
