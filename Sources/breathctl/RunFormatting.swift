import BreathStore
import Foundation

/// How runs look to people (tables, details) and to scripts (JSON).
enum RunFormatting {
    static func table(_ runs: [RunRecord]) -> String {
        let header = ["ID", "STARTED (UTC)", "DEVICE", "METHOD", "STATUS", "SAMPLES", "MISSING", "SOURCE"]
        let rows = runs.map { run in
            ["\(run.id ?? 0)", timestamp(run.startedAt), run.deviceSerial, run.methodID, run.status.rawValue,
             "\(run.sampleCount)", "\(run.missingSamples)", run.source]
        }
        return render([header] + rows)
    }

    static func details(_ run: RunRecord, events: [RunEventRecord], trace: RunTrace?) -> String {
        var lines = [
            "Run \(run.id ?? 0)  \(run.runUUID)",
            "  Status:        \(run.status.rawValue)" + (run.statusReason.map { " (\($0))" } ?? ""),
            "  Device:        \(run.deviceSerial)" + (run.deviceOutcome.map { ", device reported \($0)" } ?? ""),
            "  Method:        \(run.methodID)",
            "  Source:        \(run.source)",
            "  Started:       \(timestamp(run.startedAt)) UTC",
            "  Ended:         \(timestamp(run.endedAt)) UTC",
            "  Samples:       \(run.sampleCount) at \(Double(run.samplePeriodMicros) / 1000) ms"
                + ", \(run.missingSamples) missing, totals \(run.totalsVerified ? "verified" : "NOT verified")",
            "  Link:          \(run.sequenceGaps) frames lost, \(run.droppedBytes) bytes dropped, \(run.malformedFrames) malformed",
            "  Capture:       \(run.capturePath)",
        ]
        if let volume = run.breathVolumeML {
            lines.append(String(
                format: "  Breath sample: %.0f mL in %.0f s, end-tidal CO2 %.1f %%, humidity %.0f %%RH",
                volume, run.breathDurationS ?? .nan, run.breathCO2Percent ?? .nan, run.breathHumidityPercent ?? .nan))
        }
        if let trace {
            let finite = trace.detector.filter(\.isFinite)
            if let low = finite.min(), let high = finite.max() {
                lines.append(String(format: "  Detector:      %.1f to %.1f µV", low, high))
            }
        }
        if !events.isEmpty {
            lines.append("  Events:")
            for event in events {
                lines.append(String(format: "    %8.1f s  %-12@ %@", Double(event.runTimeMillis) / 1000,
                                    event.kind as NSString, event.detail as NSString))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).dateTimeSeparator(.space))
    }

    static func render(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
