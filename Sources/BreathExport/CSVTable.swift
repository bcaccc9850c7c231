import BreathStore
import Foundation

/// RFC 4180 CSV: a header row, comma-separated fields, CRLF line ends, fields quoted when they
/// hold a comma, a quote or a line break. Numbers use a dot and no grouping whatever the locale.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as `%.17g` would print it, shortest round-trip form; empty for nil.
    static func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    /// `results list --csv`: one row per result in force.
    public static func summaries(_ results: [ResultSummary]) -> CSVTable {
        CSVTable(
            header: ["id", "sampled_at", "patient", "run_id", "qc_outcome", "category", "risk", "model_id", "supersedes_id", "recorded_at"],
            rows: results.map { result in
                ["\(result.id)", result.sampledAt.formatted(.iso8601), result.patient.text, "\(result.runID)", result.qcOutcome.rawValue,
                 result.assessment?.category.rawValue ?? "", number(result.assessment?.risk), result.modelID,
                 result.supersedes.map { "\($0)" } ?? "", result.recordedAt.formatted(.iso8601)]
            })
    }

    /// `results export --format csv`: one row per identified compound of each result (one row
    /// with empty compound fields for a result without any), the result's fields repeated, so
    /// that a spreadsheet can filter and pivot without joins.
    public static func export(_ records: [ResultRecord]) -> CSVTable {
        let header = [
            "result_id", "status", "corrects_result_id", "correction_reason", "sampled_at", "patient", "run_id", "run_uuid",
            "device_serial", "qc_outcome", "qc_reasons", "risk", "category", "model_id", "model_sha256", "model_validated",
            "method_version", "software_version", "compound", "cas_number", "peak_index", "retention_time_s",
            "concentration_ppb", "confidence",
        ]
        var rows = [[String]]()
        for record in records {
            let result = record.current
            let content = result.content
            let common = [
                "\(result.id)", record.status, result.supersedes.map { "\($0)" } ?? "", result.correctionReason ?? "",
                result.sampledAt.formatted(.iso8601), content.patient.text, "\(content.runID)", record.run?.runUUID ?? "",
                record.run?.deviceSerial ?? "", content.qcOutcome.rawValue,
                content.qcReasons.map { $0.detail.isEmpty ? $0.code : "\($0.code): \($0.detail)" }.joined(separator: "; "),
                number(content.assessment?.risk), content.assessment?.category.rawValue ?? "", content.model.id,
                content.model.sha256.hex, "no", content.methodVersion, content.softwareVersion,
            ]
            if content.compounds.isEmpty { rows.append(common + ["", "", "", "", "", ""]) }
            for compound in content.compounds {
                let peak = compound.peakIndex.flatMap { content.peaks.indices.contains($0) ? content.peaks[$0] : nil }
                rows.append(common + [
                    compound.name, compound.casNumber ?? "", compound.peakIndex.map { "\($0)" } ?? "", number(peak?.retentionTime),
                    number(compound.concentrationPPB), number(compound.confidence),
                ])
            }
        }
        return CSVTable(header: header, rows: rows)
    }
}
