import BreathExport
import BreathStore
import Foundation

/// How screening results and audit entries look to people (tables, details) and to scripts (JSON).
enum ResultFormatting {
    /// `results show --json`: every version of the result, its run and device, the status
    /// of the version in force, the model notice and the audit entries.
    struct ShowDocument: Encodable {
        var history: ResultHistory
        var run: RunRecord?
        var device: DeviceRecord?
        /// final, amended or corrected (as in the FHIR export).
        var status: String
        var modelValidated = false
        var notice = ModelNotice.notValidated
        var audit: [AuditEntry]

        init(record: ResultRecord, audit: [AuditEntry]) {
            history = record.history
            run = record.run
            device = record.device
            status = record.status
            self.audit = audit
        }
    }

    static func table(_ results: [ResultSummary]) -> String {
        let header = ["ID", "SAMPLED (UTC)", "PATIENT", "RUN", "QC", "CATEGORY", "RISK", "MODEL", "CORRECTS"]
        let rows = results.map { result in
            ["\(result.id)", RunFormatting.timestamp(result.sampledAt), result.patient.text, "\(result.runID)",
             result.qcOutcome.rawValue, result.assessment?.category.rawValue ?? "-",
             result.assessment.map { String(format: "%.3f", $0.risk) } ?? "-", result.modelID,
             result.supersedes.map { "\($0)" } ?? ""]
        }
        // Every output that shows a risk says the classifier is not validated.
        let notice = results.contains { $0.assessment != nil } ? "\nNOT VALIDATED: \(ModelNotice.notValidated)" : ""
        return RunFormatting.render([header] + rows) + notice
    }

    /// Version `id` of `history` in full, then the whole history and its audit entries.
    static func details(_ record: ResultRecord, id: Int64, audit: [AuditEntry]) -> String {
        let history = record.history, run = record.run
        let index = history.versions.firstIndex { $0.id == id } ?? history.versions.count - 1
        let result = history.versions[index]
        let content = result.content
        let status = index == history.versions.count - 1 ? "in force" : "superseded by result \(history.current.id)"
        var lines = [
            "Result \(result.id)  \(status)" + (history.versions.count > 1 ? ", version \(index + 1) of \(history.versions.count)" : ""),
            "  Patient:       \(content.patient)",
            "  Run:           \(content.runID)"
                + (run.map { ", sampled \(RunFormatting.timestamp($0.startedAt)) UTC on \($0.deviceSerial), source \($0.source)" } ?? ""),
            "  QC:            \(content.qcOutcome.rawValue)",
        ]
        lines += content.qcReasons.map { "                 \($0.code)" + ($0.detail.isEmpty ? "" : ": \($0.detail)") }
        lines += [
            "  Risk:          " + (content.assessment.map { String(format: "%.3f (%@)", $0.risk, $0.category.rawValue) } ?? "none (QC failed)"),
            "  Model:         \(content.model.id), SHA-256 \(content.model.sha256)",
            "                 NOT VALIDATED: \(ModelNotice.notValidated)",
            "  Versions:      method \(content.methodVersion), software \(content.softwareVersion)",
            "  Device:        " + (run.map { run in
                [run.deviceSerial] + (record.device.map { ["hardware \($0.hardwareVersion)", "firmware \($0.firmwareVersion)",
                                                            "calibration \($0.calibrationID)"] } ?? [])
            }?.joined(separator: ", ") ?? "unknown"),
            "  Capture:       " + (run.map { "\($0.capturePath), SHA-256 " + ($0.captureSHA256?.hex ?? "not recorded (run stored before schema v2)") } ?? "unknown"),
            "  Operator:      \(content.operatorName)",
            "  Recorded:      \(RunFormatting.timestamp(result.recordedAt)) UTC by \(result.recordedBy)",
        ]
        if !content.peaks.isEmpty {
            lines.append("  Peaks:")
            lines += indent(RunFormatting.render([["#", "RT (s)", "START", "END", "HEIGHT", "AREA", "FWHM (s)", "SNR"]] +
                content.peaks.enumerated().map { index, peak in
                    ["\(index)"] + [peak.retentionTime, peak.start, peak.end].map { String(format: "%.2f", $0) }
                        + [peak.height, peak.area].map { String(format: "%.5g", $0) }
                        + [String(format: "%.3f", peak.fwhm), String(format: "%.1f", peak.snr)]
                }))
        }
        if !content.compounds.isEmpty {
            lines.append("  Compounds:")
            lines += indent(RunFormatting.render([["NAME", "CAS", "PEAK", "PPB", "CONFIDENCE"]] + content.compounds.map { compound in
                [compound.name, compound.casNumber ?? "-", compound.peakIndex.map { "\($0)" } ?? "-",
                 compound.concentrationPPB.map { String(format: "%.4g", $0) } ?? "-", String(format: "%.2f", compound.confidence)]
            }))
        }
        if !content.features.isEmpty {
            lines.append("  Features:")
            lines += indent(RunFormatting.render(content.features.map { [$0.name, String(format: "%.6g", $0.value)] }))
        }
        if history.versions.count > 1 {
            lines.append("  History:")
            for version in history.versions {
                let what = version.supersedes.map { "corrects result \($0): \(version.correctionReason ?? "")" } ?? "original"
                lines.append("    \(version.id)  \(RunFormatting.timestamp(version.recordedAt)) UTC by \(version.recordedBy)  \(what)")
            }
        }
        if !audit.isEmpty {
            lines.append("  Audit trail:")
            lines += indent(RunFormatting.render(audit.map { ["#\($0.sequence)", $0.recordedAt, $0.actor, $0.action, $0.subject] }))
        }
        return lines.joined(separator: "\n")
    }

    static func auditTable(_ entries: [AuditEntry]) -> String {
        RunFormatting.render([["#", "RECORDED (UTC)", "ACTOR", "ACTION", "SUBJECT", "DETAILS"]] + entries.map {
            ["\($0.sequence)", $0.recordedAt, $0.actor, $0.action, $0.subject, $0.details]
        })
    }

    /// JSON with snake_case keys, like the rest of breathctl's output.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func indent(_ text: String) -> [String] {
        text.split(separator: "\n").map { "    " + $0 }
    }
}
