import BreathSignal
import ChromatogramImport
import Foundation
import Testing

/// ANDI/AIA files written by ``AIAWriter`` read back by the importer exactly.
@Suite struct AIAWriterTests {
    static let metadata = AIAWriteMetadata(
        sampleID: "result-7", sampleName: "breath sample, run 3", detectorName: "MEMS µTCD", operatorName: "alice",
        injection: Date(timeIntervalSince1970: 1_772_634_600), datasetOrigin: "breathctl 0.1.0", experimentTitle: "test")

    @Test func traceAndPeakTableRoundTripBitForBit() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("out.cdf").path
            // Float-representable samples (the device's resolution) with awkward values.
            let samples: [Float] = (0..<500).map { Float(sin(Double($0) * 0.37) * 123.456 + 1e-3 * Double($0)) }
            let chromatogram = try Chromatogram(startTime: 0, samplePeriod: 0.05, intensity: samples.map(Double.init), unit: "µV")
            let peaks = [
                AIAPeak(name: "acetone", retentionTime: 3.1415926535, startTime: 2.9, endTime: 3.4, height: 98.7654321, area: 12.000000001),
                AIAPeak(name: "a-very-long-compound-name-that-is-cut-at-31", retentionTime: 10.25, startTime: 10, endTime: 10.5,
                        height: 0.125, area: 0.0625),
            ]
            try AIAWriter.write(chromatogram, peaks: peaks, widths: [0.1, 0.2], metadata: Self.metadata, to: path)
            let file = try AIAImporter().read(path: path)
            #expect(file.chromatogram.intensity == chromatogram.intensity)
            #expect(file.chromatogram.samplePeriod == 0.05)
            #expect(file.chromatogram.startTime == 0)
            #expect(file.chromatogram.unit == "µV")
            #expect(file.metadata.sampleID == "result-7")
            #expect(file.metadata.experimentType == "gas_chromatography")
            #expect(file.peaks.map(\.retentionTime) == peaks.map(\.retentionTime))
            #expect(file.peaks.map(\.startTime) == peaks.map(\.startTime))
            #expect(file.peaks.map(\.endTime) == peaks.map(\.endTime))
            #expect(file.peaks.map(\.height) == peaks.map(\.height))
            #expect(file.peaks.map(\.area) == peaks.map(\.area))
            #expect(file.peaks.map(\.name) == ["acetone", "a-very-long-compound-name-that-"])
        }
    }

    @Test func missingSamplesBecomeTheFillValueWhichTheImporterRefusesByIndex() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("gap.cdf").path
            let chromatogram = try Chromatogram(samplePeriod: 1, intensity: [1, 2, .nan, 4])
            try AIAWriter.write(chromatogram, peaks: [], metadata: Self.metadata, to: path)
            let error = #expect(throws: ImportError.self) { try AIAImporter().read(path: path) }
            guard case .missingValue(_, "ordinate_values", 2)? = error else { Issue.record("wrong error: \(String(describing: error))"); return }
        }
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("exists.cdf").path
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
            let chromatogram = try Chromatogram(samplePeriod: 1, intensity: [1, 2, 3])
            #expect(throws: AIAWriteError.self) { try AIAWriter.write(chromatogram, peaks: [], metadata: Self.metadata, to: path) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
        }
    }
}
