import CNetCDF
import ChromatogramImport
import Foundation
import Testing

/// Files the AIA importer must refuse, each with a message that says why.
@Suite struct AIAFailureTests {
    private func error(reading fixture: NetCDFFixture) throws -> ImportError? {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("bad.cdf").path
            try fixture.write(to: path)
            return #expect(throws: ImportError.self) { try AIAImporter().read(path: path) }
        }
    }

    private func missingIndex(_ error: ImportError?) -> Int? {
        guard case .missingValue(_, "ordinate_values", let index) = error else { return nil }
        return index
    }

    @Test func defaultFloatFillValueNamesItsIndex() throws {
        let error = try error(reading: .aia(ordinate: .float([1, 2, 3, Float(breath_nc_fill_float), 5])))
        #expect(missingIndex(error) == 3)
        #expect(error?.description.contains("ordinate_values[3] is missing") == true)
    }

    @Test func defaultShortFillValueNamesItsIndex() throws {
        let error = try error(reading: .aia(ordinate: .short([100, -32767, 102])))
        #expect(missingIndex(error) == 1)
    }

    @Test func explicitFillValueAttribute() throws {
        var fixture = NetCDFFixture.aia(ordinate: .short([100, 101, -1, 103]))
        fixture.variables[0].fillValue = -1
        #expect(missingIndex(try error(reading: fixture)) == 2)
    }

    @Test func nanIsMissing() throws {
        #expect(missingIndex(try error(reading: .aia(ordinate: .double([1, 2, .nan])))) == 2)
    }

    @Test func neverWrittenOrdinateIsAllFill() throws {
        #expect(missingIndex(try error(reading: .aia(ordinate: .unwritten(NC_FLOAT, count: 4)))) == 0)
    }

    @Test func noOrdinateValues() throws {
        var fixture = NetCDFFixture.aia(ordinate: .float([1, 2]))
        fixture.variables.removeFirst()
        let error = try error(reading: fixture)
        guard case .missingVariable(_, "ordinate_values") = error else { Issue.record("wrong error"); return }
        #expect(error?.description.contains("no variable 'ordinate_values'") == true)
    }

    @Test func textOrdinateValues() throws {
        var fixture = NetCDFFixture.aia(ordinate: .float([1, 2]))
        fixture.variables[0] = .init(name: "ordinate_values", dimensions: ["point_number", "_32_byte_string"], values: .text(["a", "b"]))
        guard case .unsupportedVariable = try error(reading: fixture) else { Issue.record("wrong error"); return }
    }

    @Test func singleSample() throws {
        guard case .tooFewSamples(_, 1) = try error(reading: .aia(ordinate: .float([7]))) else {
            Issue.record("wrong error")
            return
        }
    }

    @Test func notNetCDFBinary() throws {
        try withTemporaryDirectory { directory in
            // A PNG signature and chunk header: binary, and not a netCDF or HDF5 signature.
            let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<256).map { UInt8($0) }
            let path = try writeBytes(bytes, named: "image.cdf", in: directory)
            let error = #expect(throws: ImportError.self) { try AIAImporter().read(path: path) }
            guard case .netCDF(let errorPath, "nc_open", _, let message) = error else {
                Issue.record("got \(String(describing: error))")
                return
            }
            #expect(errorPath == path)
            #expect(message == "NetCDF: Unknown file format")
        }
    }

    @Test func truncatedHeader() throws {
        try withTemporaryDirectory { directory in
            let full = directory.appendingPathComponent("full.cdf").path
            try NetCDFFixture.aia(ordinate: .float([1, 2, 3])).write(to: full)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
            let path = try writeBytes(Array(bytes.prefix(40)), named: "cut.cdf", in: directory)
            // netCDF-C may itself refuse such a stub, or open it; either way it must fail.
            let error = #expect(throws: ImportError.self) { try AIAImporter().read(path: path) }
            #expect(error?.description.hasPrefix(path) == true)
        }
    }

    @Test func truncatedNetCDF4File() throws {
        try withTemporaryDirectory { directory in
            let full = directory.appendingPathComponent("full.nc").path
            try NetCDFFixture.aia(ordinate: .float((0..<2000).map(Float.init)), format: NC_NETCDF4).write(to: full)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
            let path = try writeBytes(Array(bytes.prefix(bytes.count / 2)), named: "half.nc", in: directory)
            let error = #expect(throws: ImportError.self) { try AIAImporter().read(path: path) }
            #expect(error?.description.hasPrefix(path) == true)
        }
    }

    @Test func missingFileOrDirectory() throws {
        #expect(throws: ImportError.unreadable(path: "/nonexistent/run.cdf", reason: "no such file")) {
            try AIAImporter().read(path: "/nonexistent/run.cdf")
        }
        try withTemporaryDirectory { directory in
            #expect(throws: ImportError.unreadable(path: directory.path, reason: "is a directory")) {
                try AIAImporter().read(path: directory.path)
            }
        }
    }
}
