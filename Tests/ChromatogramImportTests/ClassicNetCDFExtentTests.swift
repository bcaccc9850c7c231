@testable import ChromatogramImport
import Foundation
import Testing

/// The header-declared extent that catches truncation netCDF-C itself reads through as zeros.
@Suite(.disabled(if: !TestFiles.aiaFolderExists, "no vendor AIA folder at ../shared/data/aia from the package root"))
struct ClassicNetCDFExtentTests {
    @Test(arguments: ProvenanceRow.all)
    func vendorFilesHoldAllTheirData(_ row: ProvenanceRow) throws {
        let bytes = try [UInt8](Data(contentsOf: TestFiles.aiaFolder.appendingPathComponent(row.file)))
        guard case .requiredBytes(let required) = ClassicNetCDFExtent.inspect(bytes) else {
            Issue.record("header not decoded")
            return
        }
        #expect(required <= bytes.count)
        // The data ends at the end of the file, but for PCB.CDF's 16 bytes of trailing zeros.
        #expect(bytes.count - required <= 16)
    }

    @Test(arguments: ProvenanceRow.all)
    func oneByteShortOfTheDataFailsAsTruncated(_ row: ProvenanceRow) throws {
        let bytes = try [UInt8](Data(contentsOf: TestFiles.aiaFolder.appendingPathComponent(row.file)))
        guard case .requiredBytes(let required) = ClassicNetCDFExtent.inspect(bytes) else {
            Issue.record("header not decoded")
            return
        }
        try withTemporaryDirectory { directory in
            let path = try writeBytes(Array(bytes.prefix(required - 1)), named: row.file, in: directory)
            #expect(throws: ImportError.truncated(path: path, expectedBytes: required, actualBytes: required - 1)) {
                try AIAImporter().read(path: path)
            }
        }
    }

    @Test(arguments: ProvenanceRow.all)
    func cutInsideTheHeader(_ row: ProvenanceRow) throws {
        let bytes = try [UInt8](Data(contentsOf: TestFiles.aiaFolder.appendingPathComponent(row.file)))
        guard case .headerTruncated(let atLeast) = ClassicNetCDFExtent.inspect(Array(bytes.prefix(200))) else {
            Issue.record("a 200-byte prefix should end inside the header")
            return
        }
        #expect(atLeast > 200)
    }

    @Test func notAClassicHeader() {
        #expect(ClassicNetCDFExtent.inspect(Array("CDF\u{7}xxxxxxxx".utf8)) == .unrecognised)
        #expect(ClassicNetCDFExtent.inspect([0x89, 0x48, 0x44, 0x46]) == .unrecognised)
    }

    @Test func hostileSizesDoNotCrash() {
        // CDF-5 header declaring one dimension with a name length near Int.max.
        var bytes: [UInt8] = Array("CDF".utf8) + [5] + [UInt8](repeating: 0, count: 8)
        bytes += [0, 0, 0, 0x0A] + [0, 0, 0, 0, 0, 0, 0, 1] + [0x7F] + [UInt8](repeating: 0xFF, count: 7)
        guard case .headerTruncated = ClassicNetCDFExtent.inspect(bytes) else {
            Issue.record("expected a truncated header")
            return
        }
    }
}
