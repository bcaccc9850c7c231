import BreathScreening
import Foundation

/// A labelled set of runs for model training and evaluation: a directory holding
/// `manifest.csv` and the chromatogram files it names (any format `breathctl analyze` reads;
/// synthetic cohorts use two-column CSV). The format is described in Screening/FORMATS.md.
///
/// Manifest columns, one row per run in the device's run order (carryover is checked against
/// the row before): `run_id, subject_id, label (case|control), chromatogram (path relative to
/// the directory), exhaled_volume_ml, end_tidal_co2_percent, breath_duration_s, device_faults
/// (";"-separated CODE:NAME:severity, may be empty), oracle_score (synthetic sets only, may be
/// empty)`. Lines starting with "#" are comments (a synthetic set says so there).
public struct LabelledSet: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var runID: String
        public var subjectID: String
        public var isCase: Bool
        public var chromatogram: String
        public var sample: BreathSampleReport
        public var faults: [DeviceFaultReport]
        public var oracleScore: Double?

        public init(
            runID: String, subjectID: String, isCase: Bool, chromatogram: String, sample: BreathSampleReport,
            faults: [DeviceFaultReport], oracleScore: Double?
        ) {
            self.runID = runID
            self.subjectID = subjectID
            self.isCase = isCase
            self.chromatogram = chromatogram
            self.sample = sample
            self.faults = faults
            self.oracleScore = oracleScore
        }
    }

    public var directory: String
    public var comments: [String]
    public var entries: [Entry]

    public static let header =
        "run_id,subject_id,label,chromatogram,exhaled_volume_ml,end_tidal_co2_percent,breath_duration_s,device_faults,oracle_score"

    public init(directory: String, comments: [String], entries: [Entry]) {
        self.directory = directory
        self.comments = comments
        self.entries = entries
    }

    /// Path of an entry's chromatogram file.
    public func path(of entry: Entry) -> String {
        entry.chromatogram.hasPrefix("/") ? entry.chromatogram : directory + "/" + entry.chromatogram
    }

    /// Reads `directory/manifest.csv`.
    public static func read(directory: String) throws(LabelledSetError) -> LabelledSet {
        let path = directory + "/manifest.csv"
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(path: path, line: 0, reason: "not UTF-8") }
        var comments: [String] = []
        var entries: [Entry] = []
        var sawHeader = false
        var runIDs = Set<String>()
        var subjectLabels: [String: Bool] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                comments.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            if !sawHeader {
                guard line == header else { throw .invalid(path: path, line: lineNumber, reason: "expected the header \(header)") }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 9 else { throw .invalid(path: path, line: lineNumber, reason: "\(fields.count) fields, expected 9") }
            func numeric(_ index: Int, _ name: String) throws(LabelledSetError) -> Double {
                guard let value = Double(fields[index]), value.isFinite else {
                    throw .invalid(path: path, line: lineNumber, reason: "\(name) \"\(fields[index])\" is not a number")
                }
                return value
            }
            guard !fields[0].isEmpty, runIDs.insert(fields[0]).inserted else {
                throw .invalid(path: path, line: lineNumber, reason: "run_id \"\(fields[0])\" is empty or repeated")
            }
            guard !fields[1].isEmpty else { throw .invalid(path: path, line: lineNumber, reason: "subject_id is empty") }
            guard fields[2] == "case" || fields[2] == "control" else {
                throw .invalid(path: path, line: lineNumber, reason: "label \"\(fields[2])\" is neither case nor control")
            }
            let isCase = fields[2] == "case"
            if let earlier = subjectLabels[fields[1]], earlier != isCase {
                throw .invalid(path: path, line: lineNumber, reason: "subject \(fields[1]) is labelled both case and control")
            }
            subjectLabels[fields[1]] = isCase
            guard !fields[3].isEmpty else { throw .invalid(path: path, line: lineNumber, reason: "chromatogram is empty") }
            var faults: [DeviceFaultReport] = []
            for item in fields[7].split(separator: ";") {
                let parts = item.split(separator: ":").map(String.init)
                guard parts.count == 3, parts[0].hasPrefix("0x"), let code = UInt16(parts[0].dropFirst(2), radix: 16),
                      let severity = DeviceFaultReport.Severity(rawValue: parts[2])
                else { throw .invalid(path: path, line: lineNumber, reason: "device fault \"\(item)\" is not CODE:NAME:severity") }
                faults.append(DeviceFaultReport(code: code, name: parts[1], severity: severity))
            }
            let oracle: Double? = fields[8].isEmpty ? nil : try numeric(8, "oracle_score")
            entries.append(Entry(
                runID: fields[0], subjectID: fields[1], isCase: isCase, chromatogram: fields[3],
                sample: BreathSampleReport(
                    exhaledVolumeML: try numeric(4, "exhaled_volume_ml"), endTidalCO2Percent: try numeric(5, "end_tidal_co2_percent"),
                    durationS: try numeric(6, "breath_duration_s")),
                faults: faults, oracleScore: oracle))
        }
        guard sawHeader else { throw .invalid(path: path, line: 0, reason: "no header line") }
        guard !entries.isEmpty else { throw .invalid(path: path, line: 0, reason: "no runs") }
        return LabelledSet(directory: directory, comments: comments, entries: entries)
    }

    /// The manifest text for these entries.
    public func manifest() -> String {
        var lines = comments.map { "# " + $0 }
        lines.append(Self.header)
        for entry in entries {
            let faults = entry.faults.map { "0x" + String(format: "%04X", $0.code) + ":\($0.name):\($0.severity.rawValue)" }
            lines.append([
                entry.runID, entry.subjectID, entry.isCase ? "case" : "control", entry.chromatogram,
                String(format: "%.1f", entry.sample.exhaledVolumeML), String(format: "%.2f", entry.sample.endTidalCO2Percent),
                String(format: "%.1f", entry.sample.durationS), faults.joined(separator: ";"),
                entry.oracleScore.map { String(format: "%.6f", $0) } ?? "",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Why a labelled set cannot be read.
public enum LabelledSetError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String)
    case invalid(path: String, line: Int, reason: String)
    /// A chromatogram file named by the manifest cannot be loaded.
    case chromatogram(runID: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): cannot be read"
        case .invalid(let path, let line, let reason): line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)"
        case .chromatogram(let runID, let reason): "run \(runID): \(reason)"
        }
    }
}
