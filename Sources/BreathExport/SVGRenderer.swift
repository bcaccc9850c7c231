import BreathSignal
import Foundation

/// Renders a ``ChromatogramPlot`` as a standalone SVG 1.1 document.
///
/// Elements a program can find: `polyline#trace` (class `trace`), `polyline#baseline` (class
/// `baseline`), and per reported peak `g#peak-N` (class `peak`, attributes
/// `data-retention-time` and `data-label`) holding `circle.peak-marker` at the apex and, when
/// the peak has a compound, `text.peak-label`. The trace is reduced to the minimum and maximum
/// of each pixel column, which keeps every peak's apex.
public enum SVGRenderer {
    public static let width = 1200.0
    public static let height = 520.0
    static let left = 95.0, right = 20.0, top = 80.0, bottom = 50.0

    public static func svg(_ plot: ChromatogramPlot) -> String {
        let chromatogram = plot.chromatogram
        let t0 = chromatogram.startTime, t1 = chromatogram.startTime + max(chromatogram.duration, chromatogram.samplePeriod)
        let range = plot.valueRange
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ t: Double) -> Double { left + (t - t0) / (t1 - t0) * plotWidth }
        func y(_ v: Double) -> Double { top + (range.upperBound - v) / (range.upperBound - range.lowerBound) * plotHeight }
        func point(_ t: Double, _ v: Double) -> String { String(format: "%.2f,%.2f", x(t), y(v)) }

        var lines = [
            ##"<?xml version="1.0" encoding="UTF-8"?>"##,
            ##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\##(Int(width))" height="\##(Int(height))" viewBox="0 0 \##(Int(width)) \##(Int(height))" font-family="DejaVu Sans, sans-serif" font-size="12">"##,
            "<title>\(escape(plot.title))</title>",
            ##"<rect width="100%" height="100%" fill="white"/>"##,
            ##"<text x="\##(left)" y="24" font-size="15">\##(escape(plot.title))</text>"##,
        ]
        // Axes with about six round ticks each.
        lines.append(##"<g id="axes" class="axes" stroke="#444" fill="#222">"##)
        lines.append(String(format: ##"<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>"##, left, top + plotHeight, left + plotWidth, top + plotHeight))
        lines.append(String(format: ##"<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>"##, left, top, left, top + plotHeight))
        for tick in ticks(t0, t1) {
            lines.append(String(format: ##"<line x1="%.2f" y1="%.1f" x2="%.2f" y2="%.1f"/><text x="%.2f" y="%.1f" stroke="none" text-anchor="middle">%@</text>"##,
                                x(tick), top + plotHeight, x(tick), top + plotHeight + 5, x(tick), top + plotHeight + 18, label(tick) as NSString))
        }
        for tick in ticks(range.lowerBound, range.upperBound) {
            lines.append(String(format: ##"<line x1="%.1f" y1="%.2f" x2="%.1f" y2="%.2f"/><text x="%.1f" y="%.2f" stroke="none" text-anchor="end">%@</text>"##,
                                left - 5, y(tick), left, y(tick), left - 8, y(tick) + 4, label(tick) as NSString))
        }
        lines.append(String(format: ##"<text x="%.1f" y="%.1f" stroke="none" text-anchor="middle">time (s)</text>"##, left + plotWidth / 2, height - 12))
        lines.append(String(format: ##"<text transform="translate(16 %.1f) rotate(-90)" stroke="none" text-anchor="middle">%@</text>"##,
                            top + plotHeight / 2, escape("signal" + (chromatogram.unit.map { " (\($0))" } ?? "")) as NSString))
        lines.append("</g>")

        lines.append(##"<polyline id="trace" class="trace" fill="none" stroke="#1f4e9c" stroke-width="1" points=""##
                     + reduced(chromatogram, columns: Int(plotWidth)).map { point($0.0, $0.1) }.joined(separator: " ") + ##""/>"##)
        if !plot.baseline.isEmpty {
            let step = max(1, plot.baseline.count / Int(plotWidth))
            let indices = Array(stride(from: 0, to: plot.baseline.count, by: step)) + [plot.baseline.count - 1]
            lines.append(##"<polyline id="baseline" class="baseline" fill="none" stroke="#d62728" stroke-width="1.2" stroke-dasharray="5 3" points=""##
                         + indices.map { point(chromatogram.time(at: $0), plot.baseline[$0]) }.joined(separator: " ") + ##""/>"##)
        }
        lines.append(##"<g id="peaks">"##)
        for (number, peak) in plot.peaks.enumerated() {
            let apex = plot.apex(of: peak)
            let attributes = String(format: ##"id="peak-%d" class="peak" data-retention-time="%.6g" data-label="%@""##,
                                    number, peak.retentionTime, escape(peak.label ?? "") as NSString)
            lines.append("<g \(attributes)>")
            lines.append(String(format: ##"<circle class="peak-marker" cx="%.2f" cy="%.2f" r="3.5" fill="#ff7f0e" stroke="#7a3a00"/>"##, x(peak.retentionTime), y(apex)))
            if let label = peak.label {
                lines.append(String(format: ##"<text class="peak-label" x="%.2f" y="%.2f" transform="rotate(-60 %.2f %.2f)" font-size="10">%@</text>"##,
                                    x(peak.retentionTime) + 3, y(apex) - 6, x(peak.retentionTime) + 3, y(apex) - 6, escape(label) as NSString))
            }
            lines.append("</g>")
        }
        lines.append("</g>")
        lines.append(String(format: ##"<g id="legend" font-size="11"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1f4e9c"/><text x="%.1f" y="%.1f">trace</text><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d62728" stroke-dasharray="5 3"/><text x="%.1f" y="%.1f">baseline</text><circle cx="%.1f" cy="%.1f" r="3.5" fill="#ff7f0e"/><text x="%.1f" y="%.1f">%d peaks</text></g>"##,
                            width - 330, 20.0, width - 305, 20.0, width - 300, 24.0, width - 250, 20.0, width - 225, 20.0, width - 220, 24.0,
                            width - 150, 20.0, width - 142, 24.0, plot.peaks.count))
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The trace as (time, value) points: per pixel column its first minimum and maximum in
    /// time order; non-finite samples (missing data) are skipped.
    static func reduced(_ chromatogram: Chromatogram, columns: Int) -> [(Double, Double)] {
        let count = chromatogram.count
        guard count > 2 * columns else {
            return (0..<count).filter { chromatogram.intensity[$0].isFinite }.map { (chromatogram.time(at: $0), chromatogram.intensity[$0]) }
        }
        var points = [(Double, Double)]()
        points.reserveCapacity(2 * columns)
        for column in 0..<columns {
            let from = column * count / columns, to = (column + 1) * count / columns
            var low: Int?, high: Int?
            for index in from..<to where chromatogram.intensity[index].isFinite {
                if low.map({ chromatogram.intensity[index] < chromatogram.intensity[$0] }) ?? true { low = index }
                if high.map({ chromatogram.intensity[index] > chromatogram.intensity[$0] }) ?? true { high = index }
            }
            for index in [low, high].compactMap({ $0 }).sorted() where points.last?.0 != chromatogram.time(at: index) {
                points.append((chromatogram.time(at: index), chromatogram.intensity[index]))
            }
        }
        return points
    }

    /// Round tick values (1, 2 or 5 times a power of ten) inside `low...high`.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / 6
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        return stride(from: ceil(low / step) * step, through: high, by: step).map { $0 }
    }

    static func label(_ value: Double) -> String {
        abs(value) >= 1e5 || (abs(value) < 1e-3 && value != 0) ? String(format: "%.2e", value) : String(format: "%g", (value * 1e6).rounded() / 1e6 + 0)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
