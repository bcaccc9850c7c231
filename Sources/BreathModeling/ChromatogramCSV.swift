import BreathSignal
import Foundation

/// Writes a chromatogram as the two-column CSV that ``ChromatogramImport`` reads back.
public enum ChromatogramCSV {
    /// `Time (s),Signal (µV)` then one line per sample, to 0.01 (well below the detector noise).
    public static func text(_ chromatogram: Chromatogram) -> String {
        var text = "Time (s),Signal (\(chromatogram.unit ?? "µV"))\n"
        text.reserveCapacity(chromatogram.count * 20)
        for (index, value) in chromatogram.intensity.enumerated() {
            text += String(format: "%.2f,%.2f\n", chromatogram.time(at: index), value)
        }
        return text
    }
}
