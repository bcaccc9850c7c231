import BreathExport
import BreathSignal
import Foundation
import Testing

@Suite struct CSVAndPlotTests {
    @Test func csvQuotesOnlyWhatNeedsQuoting() {
        let table = CSVTable(header: ["a", "b"], rows: [["plain", "with, comma"], ["say \"hi\"", "two\nlines"]])
        #expect(table.text == "a,b\r\nplain,\"with, comma\"\r\n\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
    }

    @Test func exportCSVHasOneRowPerCompound() {
        let record = ExportFixtures.record(outcome: .warning)
        let table = CSVTable.export([record])
        #expect(table.rows.count == record.current.content.compounds.count)
        #expect(table.rows.allSatisfy { $0.count == table.header.count })
        let qc = table.header.firstIndex(of: "qc_reasons")!
        #expect(table.rows[0][qc] == "LOW_BREATH_VOLUME: 412 mL, below 500 mL")
    }

    static func plot() throws -> ChromatogramPlot {
        let intensity = (0..<4000).map { i -> Double in
            let t = Double(i) * 0.05
            return 10 + 0.01 * t + 300 * exp(-0.5 * pow((t - 50) / 0.6, 2)) + 40 * exp(-0.5 * pow((t - 120) / 0.8, 2))
        }
        let chromatogram = try Chromatogram(samplePeriod: 0.05, intensity: intensity, unit: "µV")
        return ChromatogramPlot(
            title: "test <&>", chromatogram: chromatogram, baseline: (0..<4000).map { 10 + 0.01 * Double($0) * 0.05 },
            peaks: [.init(retentionTime: 50, start: 48, end: 52, height: 300, label: "acetone"),
                    .init(retentionTime: 120, start: 118, end: 122, height: 40, label: nil)])
    }

    @Test func svgHasTheTraceTheBaselineAndAMarkerPerPeakAtItsApex() throws {
        let svg = SVGRenderer.svg(try Self.plot())
        #expect(svg.contains(#"<polyline id="trace""#))
        #expect(svg.contains(#"<polyline id="baseline""#))
        #expect(svg.components(separatedBy: #"class="peak-marker""#).count - 1 == 2)
        #expect(svg.contains(#"id="peak-0" class="peak" data-retention-time="50" data-label="acetone""#))
        #expect(svg.contains(#"id="peak-1" class="peak" data-retention-time="120" data-label="""#))
        #expect(svg.contains("test &lt;&amp;&gt;"))
        #expect(!svg.contains("nan"))
        // The tallest trace point is the first peak's apex (the reduction kept it).
        let points = svg.components(separatedBy: #"id="trace""#)[1].components(separatedBy: #"points=""#)[1]
            .prefix { $0 != "\"" }.split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        let top = try #require(points.min { $0[1] < $1[1] })
        let marker = svg.components(separatedBy: #"id="peak-0""#)[1].components(separatedBy: #"cx=""#)[1].prefix { $0 != "\"" }
        #expect(abs(top[0] - Double(marker)!) < 1)
    }

    @Test func terminalPreviewMarksEveryPeak() throws {
        let text = TerminalPreview.text(try Self.plot(), columns: 60, rows: 6)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 9)
        #expect(lines[6].filter { $0 == "^" }.count == 2)
        // The tallest peak reaches the top row; the last rows hold the axis and the summary.
        #expect(lines[0].contains { $0 != " " })
        #expect(lines[8].hasPrefix("2 peaks marked ^"))
    }
}
