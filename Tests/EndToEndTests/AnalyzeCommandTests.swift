import Foundation
import Testing

/// `breathctl analyze` on real vendor files and on bad input.
@Suite struct AnalyzeCommandTests {
    /// The shared vendor AIA files, found from this source file (package root/../shared/data/aia).
    static let vendorDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/aia")

    static var vendorFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: vendorDirectory.path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".cdf") }.sorted()
    }

    @Test(.enabled(if: !vendorFiles.isEmpty, "the shared vendor AIA files are not present"), arguments: vendorFiles)
    func vendorFileGivesAPeakTable(_ name: String) throws {
        let path = Self.vendorDirectory.appendingPathComponent(name).path
        let result = try Command.run("breathctl", ["analyze", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "andi-aia")
        let peaks = try #require(document["peaks"] as? [[String: Any]])
        #expect(!peaks.isEmpty)
        for peak in peaks {
            for key in ["retention_time_s", "start_s", "end_s", "height", "area", "fwhm_s", "snr"] {
                let value = try #require(peak[key] as? Double, "\(key) missing")
                #expect(value.isFinite)
            }
            let start = peak["start_s"] as! Double, apex = peak["retention_time_s"] as! Double, end = peak["end_s"] as! Double
            #expect(start <= apex && apex <= end)
        }
        #expect((document["noise"] as? Double ?? 0) > 0)
        #expect(document["points"] as? Int ?? 0 > 1000)

        let table = try Command.run("breathctl", ["analyze", path])
        #expect(table.status == 0)
        #expect(table.stdout.split(separator: "\n").count == peaks.count + 2)
    }

    @Test func csvFileIsAnalysed() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("trace.csv")
        var text = "time,intensity\n"
        for i in 0..<2000 {
            let t = Double(i) * 0.05
            let peak = 500 * Foundation.exp(-0.5 * pow((t - 50) / 0.8, 2))
            text += "\(t),\(10 + peak + 2 * sin(Double(i) * 1.7))\n"
        }
        try Data(text.utf8).write(to: file)
        let result = try Command.run("breathctl", ["analyze", file.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let peaks = try #require(document["peaks"] as? [[String: Any]])
        #expect(peaks.count == 1)
        #expect(abs((peaks.first?["retention_time_s"] as? Double ?? 0) - 50) < 0.05)
    }

    @Test func aMissingFileIsOneLineAndExit66() throws {
        let result = try Command.run("breathctl", ["analyze", "/nonexistent/trace.csv"])
        #expect(result.status == 66)
        #expect(result.stderr == "breathctl: /nonexistent/trace.csv: no such file\n")
    }

    @Test func anUnreadableFormatIsOneLineAndExit65() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("bad.csv")
        try Data("time,intensity\n1,2\n2,oops\n".utf8).write(to: file)
        let result = try Command.run("breathctl", ["analyze", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("breathctl: \(file.path): line 3:"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
