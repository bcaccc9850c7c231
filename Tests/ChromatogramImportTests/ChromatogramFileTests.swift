import CNetCDF
import ChromatogramImport
import Testing

/// `ChromatogramFile.load` picks the importer by the bytes, not by the file name.
@Suite struct ChromatogramFileTests {
    @Test(arguments: [
        ([0x43, 0x44, 0x46, 0x01], ChromatogramFile.Format.aia),
        ([0x43, 0x44, 0x46, 0x02, 0, 0, 0, 0], .aia),
        ([0x43, 0x44, 0x46, 0x05, 0, 0, 0, 0], .aia),
        ([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A], .aia),
        ([0x43, 0x44, 0x46, 0x03], .csv),
        (Array("CDF,1\n".utf8), .csv),
        (Array("0,1\n1,2".utf8), .csv),
        ([], .csv),
    ] as [([UInt8], ChromatogramFile.Format)])
    func formatBySignature(prefix: [UInt8], format: ChromatogramFile.Format) {
        #expect(ChromatogramFile.Format(prefix: prefix) == format)
    }

    @Test func netCDFNamedCSVLoadsAsAIA() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("export.csv").path
            try NetCDFFixture.aia(ordinate: .float([1, 2, 3])).write(to: path)
            let file = try ChromatogramFile.load(path: path)
            guard case .aia(let aia) = file else { Issue.record("read as \(file.format)"); return }
            #expect(aia.chromatogram.intensity == [1, 2, 3])
        }
    }

    @Test func netCDF4NamedNCLoadsAsAIA() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.nc").path
            try NetCDFFixture.aia(ordinate: .float([1, 2, 3]), format: NC_NETCDF4).write(to: path)
            #expect(try ChromatogramFile.load(path: path).format == .aia)
        }
    }

    @Test func textNamedCDFLoadsAsCSV() throws {
        try withTemporaryDirectory { directory in
            let path = try writeText("time,intensity\n0,1\n1,2\n", named: "run.CDF", in: directory)
            let file = try ChromatogramFile.load(path: path)
            #expect(file.format == .csv)
            #expect(file.chromatogram.intensity == [1, 2])
        }
    }

    @Test func binaryThatIsNotNetCDFIsRefusedAsNotText() throws {
        try withTemporaryDirectory { directory in
            let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<256).map { UInt8($0) }
            let path = try writeBytes(bytes, named: "image.cdf", in: directory)
            #expect(throws: ImportError.notText(path: path)) { try ChromatogramFile.load(path: path) }
        }
    }

    @Test func missingFile() {
        #expect(throws: ImportError.unreadable(path: "/nonexistent/x", reason: "no such file")) {
            try ChromatogramFile.load(path: "/nonexistent/x")
        }
    }
}
