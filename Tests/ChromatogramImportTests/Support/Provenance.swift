import Foundation
import Testing

/// One row of the table in the AIA folder's PROVENANCE.md: what a vendor file must import as.
struct ProvenanceRow: Sendable, CustomTestStringConvertible {
    var file: String
    var points: Int
    var samplingInterval: Double
    var delay: Double
    var detectorUnit: String
    var retentionUnit: String
    var experimentType: String

    var testDescription: String { file }

    /// The table rows, read from the document so that it, not a copy of it, is what is tested;
    /// [] when the folder is absent.
    static let all: [ProvenanceRow] = {
        let url = TestFiles.aiaFolder.appendingPathComponent("PROVENANCE.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // "| file | points | … |" splits into an empty cell at each end.
            guard cells.count == 9, let points = Int(cells[2]), let interval = Double(cells[3]),
                  let delay = Double(cells[4]) else { return nil }
            return ProvenanceRow(
                file: cells[1], points: points, samplingInterval: interval, delay: delay,
                detectorUnit: cells[5], retentionUnit: cells[6], experimentType: cells[7])
        }
    }()
}
