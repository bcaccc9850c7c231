import BreathSignal
import ChromatogramImport
import Foundation
import Testing

/// The real vendor files in ../shared/data/aia import exactly as PROVENANCE.md describes them.
@Suite(.disabled(if: !TestFiles.aiaFolderExists, "no vendor AIA folder at ../shared/data/aia from the package root"))
struct VendorAIAFileTests {
    @Test func provenanceListsEveryFileInTheFolder() {
        #expect(!ProvenanceRow.all.isEmpty)
        #expect(ProvenanceRow.all.map(\.file).sorted() == TestFiles.aiaFileNames)
    }

    @Test(arguments: ProvenanceRow.all)
    func importsAsListed(_ row: ProvenanceRow) throws {
        let file = try AIAImporter().read(path: TestFiles.aiaFolder.appendingPathComponent(row.file).path)
        let trace = file.chromatogram
        #expect(trace.count == row.points)
        // The table gives the nominal interval; files store float32, and PCB.CDF stores
        // 0.1999688 for a nominal 0.2 s (the run length, 1280 s over 6401 points, agrees).
        #expect(abs(trace.samplePeriod - row.samplingInterval) <= 1e-3 * row.samplingInterval)
        #expect(abs(trace.startTime - row.delay) <= 1e-12)
        #expect(trace.unit == row.detectorUnit)
        #expect(file.metadata.detectorUnit == row.detectorUnit)
        #expect(file.metadata.retentionUnit == row.retentionUnit)
        #expect(file.metadata.timeUnit == .seconds)
        #expect(file.metadata.experimentType == row.experimentType)
        #expect(!trace.wasResampled)
        #expect(file.peaks.isEmpty)
        #expect(trace.intensity.allSatisfy { $0.isFinite })
        #expect(Set(trace.intensity).count > 1)
        #expect(file.metadata.injectionDate != nil)
    }

    @Test(arguments: ProvenanceRow.all)
    func loadPicksTheAIAImporterByContent(_ row: ProvenanceRow) throws {
        let loaded = try ChromatogramFile.load(path: TestFiles.aiaFolder.appendingPathComponent(row.file).path)
        #expect(loaded.format == .aia)
        #expect(loaded.chromatogram.count == row.points)
    }

    @Test(arguments: ProvenanceRow.all)
    func halfTheBytesFailsAsTruncated(_ row: ProvenanceRow) throws {
        let bytes = try [UInt8](Data(contentsOf: TestFiles.aiaFolder.appendingPathComponent(row.file)))
        try withTemporaryDirectory { directory in
            let path = try writeBytes(Array(bytes.prefix(bytes.count / 2)), named: row.file, in: directory)
            let error = #expect(throws: ImportError.self) { try AIAImporter().read(path: path) }
            guard case .truncated(let errorPath, let expected, let actual) = error else {
                Issue.record("expected a truncation error, got \(String(describing: error))")
                return
            }
            #expect(errorPath == path)
            // Not always the file size: PCB.CDF carries 16 zero bytes after its data.
            #expect(expected > actual && expected <= bytes.count)
            #expect(actual == bytes.count / 2)
            #expect(error?.description.contains("truncated") == true)
        }
    }

    @Test func metadataOfAnHPAndAThruPutFile() throws {
        let hp = try AIAImporter().read(path: TestFiles.aiaFolder.appendingPathComponent("PCB.CDF").path).metadata
        #expect(hp.sampleName == "25 PPB")
        #expect(hp.detectorName == "electron capture")
        #expect(hp.datasetOrigin == "Hewlett Packard")
        #expect(hp.injectionTimestamp == "19860401184500-0700")
        #expect(hp.injectionDate == Date(timeIntervalSince1970: 512_790_300))
        #expect(hp.runTimeLength == 1280)

        let thruPut = try AIAImporter().read(path: TestFiles.aiaFolder.appendingPathComponent("tgntpe41.cdf").path)
        #expect(thruPut.metadata.sampleName == "Gasoline")
        #expect(thruPut.metadata.sampleID == nil)
        #expect(thruPut.chromatogram.time(at: 1) == 0)
    }
}
