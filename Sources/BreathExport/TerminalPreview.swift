import Foundation

/// A compact text preview of a ``ChromatogramPlot`` for a terminal: the trace as columns of
/// block characters (eight levels per row), a row of `^` under the reported peaks, and the
/// time axis.
public enum TerminalPreview {
    static let levels = Array(" ▁▂▃▄▅▆▇█")

    public static func text(_ plot: ChromatogramPlot, columns: Int = 72, rows: Int = 8) -> String {
        let chromatogram = plot.chromatogram
        let count = chromatogram.count
        guard count > 0, columns > 0, rows > 0 else { return "" }
        let range = plot.valueRange
        // Each column shows the highest finite sample it covers, so that no peak disappears.
        let heights: [Int] = (0..<columns).map { column in
            let from = column * count / columns, to = max(from + 1, (column + 1) * count / columns)
            let top = chromatogram.intensity[from..<min(to, count)].filter(\.isFinite).max() ?? range.lowerBound
            return Int(((top - range.lowerBound) / (range.upperBound - range.lowerBound) * Double(rows * 8)).rounded())
        }
        var lines = [String]()
        for row in (0..<rows).reversed() {
            lines.append(String(heights.map { levels[min(max($0 - row * 8, 0), 8)] }))
        }
        var markers = [Character](repeating: " ", count: columns)
        for peak in plot.peaks {
            let column = min(max(plot.index(at: peak.retentionTime) * columns / count, 0), columns - 1)
            markers[column] = "^"
        }
        lines.append(String(markers))
        let start = String(format: "%.0f s", chromatogram.startTime)
        let end = String(format: "%.0f s", chromatogram.startTime + chromatogram.duration)
        lines.append(start + String(repeating: " ", count: max(1, columns - start.count - end.count)) + end)
        lines.append(String(format: "%d peaks marked ^; signal %.4g to %.4g%@", plot.peaks.count, range.lowerBound, range.upperBound,
                            chromatogram.unit.map { " \($0)" as NSString } ?? ""))
        return lines.joined(separator: "\n")
    }
}
