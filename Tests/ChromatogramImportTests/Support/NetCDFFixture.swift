import CNetCDF
import ChromatogramImport
import Foundation

/// A small netCDF file described in Swift and written with the netCDF C API, to give the
/// importer quirks the vendor example files lack.
struct NetCDFFixture {
    /// The values of a variable, in the netCDF type they are to be stored as.
    enum Values {
        case double([Double])
        case float([Float])
        case short([Int16])
        case int([Int32])
        /// Fixed-width strings, one per row of a (rows, width) char variable.
        case text([String])
        /// Defined but never written: every element is the fill value.
        case unwritten(nc_type, count: Int)
    }

    struct Variable {
        var name: String
        /// Dimension names; [] for a scalar.
        var dimensions: [String]
        var values: Values
        /// A `_FillValue` attribute, converted by the library to the variable's type.
        var fillValue: Double? = nil
    }

    /// `0` for classic (CDF-1), `NC_64BIT_OFFSET` (CDF-2), or `NC_NETCDF4` (HDF5).
    var format: Int32 = 0
    /// Dimension names and lengths; length 0 makes the unlimited (record) dimension.
    var dimensions: [(String, Int)] = []
    var globalText: [(String, String)] = []
    /// Text attributes given as raw bytes, for encodings other than UTF-8.
    var globalBytes: [(String, [UInt8])] = []
    var variables: [Variable] = []

    /// The layout of a typical AIA file: `point_number`, `ordinate_values` and the scalars.
    static func aia(
        ordinate: Values, interval: Double? = 0.5, delay: Double? = 0, runLength: Double? = nil,
        retentionUnit: (String, String)? = ("retention_unit", "seconds"),
        detectorUnit: (String, String)? = ("detector_unit", "uV"), format: Int32 = 0
    ) -> NetCDFFixture {
        var fixture = NetCDFFixture(format: format)
        fixture.dimensions = [("point_number", ordinate.count), ("_32_byte_string", 32)]
        fixture.globalText = [("separation_experiment_type", "gas_chromatography")]
        if let retentionUnit { fixture.globalText.append(retentionUnit) }
        if let detectorUnit { fixture.globalText.append(detectorUnit) }
        fixture.variables = [Variable(name: "ordinate_values", dimensions: ["point_number"], values: ordinate)]
        for (name, value) in [("actual_sampling_interval", interval), ("actual_delay_time", delay),
                              ("actual_run_time_length", runLength)] {
            if let value { fixture.variables.append(Variable(name: name, dimensions: [], values: .float([Float(value)]))) }
        }
        return fixture
    }

    /// Writes the file to `path` (replacing any file there).
    func write(to path: String) throws {
        try NetCDFLibrary.serialized {
            var id: Int32 = 0
            try check(nc_create(path, NC_CLOBBER | format, &id), "nc_create")
            do {
                try define(in: id)
                try check(nc_enddef(id), "nc_enddef")
                try putValues(in: id)
            } catch {
                _ = nc_close(id)
                throw error
            }
            try check(nc_close(id), "nc_close")
        }
    }

    private func define(in id: Int32) throws {
        var dimensionIDs: [String: Int32] = [:]
        for (name, length) in dimensions {
            var dimension: Int32 = 0
            try check(nc_def_dim(id, name, length == 0 ? NC_UNLIMITED : length, &dimension), "nc_def_dim(\(name))")
            dimensionIDs[name] = dimension
        }
        for (name, text) in globalText {
            try check(nc_put_att_text(id, NC_GLOBAL, name, text.utf8.count, text), "nc_put_att_text(\(name))")
        }
        for (name, bytes) in globalBytes {
            let characters = bytes.map { CChar(bitPattern: $0) }
            try check(nc_put_att_text(id, NC_GLOBAL, name, characters.count, characters), "nc_put_att_text(\(name))")
        }
        for variable in variables {
            var ids = variable.dimensions.map { dimensionIDs[$0]! }
            var varid: Int32 = 0
            try check(nc_def_var(id, variable.name, variable.values.type, Int32(ids.count), &ids, &varid),
                      "nc_def_var(\(variable.name))")
            if var fill = variable.fillValue {
                try check(nc_put_att_double(id, varid, "_FillValue", variable.values.type, 1, &fill),
                          "_FillValue(\(variable.name))")
            }
        }
    }

    private func putValues(in id: Int32) throws {
        for variable in variables {
            var varid: Int32 = 0
            try check(nc_inq_varid(id, variable.name, &varid), "nc_inq_varid(\(variable.name))")
            // nc_put_vara with explicit counts, because nc_put_var writes only as many records
            // as the unlimited dimension already has: none, in a new file.
            var start = [Int](repeating: 0, count: variable.dimensions.count)
            var count = shape(of: variable)
            let name = "put(\(variable.name))"
            switch variable.values {
            case .double(var values): try check(nc_put_vara_double(id, varid, &start, &count, &values), name)
            case .float(var values): try check(nc_put_vara_float(id, varid, &start, &count, &values), name)
            case .short(var values): try check(nc_put_vara_short(id, varid, &start, &count, &values), name)
            case .int(var values): try check(nc_put_vara_int(id, varid, &start, &count, &values), name)
            case .text(let rows):
                // Rows padded with NULs to the string dimension, as data systems write them.
                let width = count.last ?? 0
                var bytes = rows.flatMap { row in
                    let utf8 = Array(row.utf8.prefix(width))
                    return utf8 + [UInt8](repeating: 0, count: width - utf8.count)
                }.map { CChar(bitPattern: $0) }
                try check(nc_put_vara_text(id, varid, &start, &count, &bytes), name)
            case .unwritten:
                break
            }
        }
    }

    /// The variable's extent: its dimensions' lengths, the unlimited one set by the values
    /// (one record per string for text, whose last dimension is the string width).
    private func shape(of variable: Variable) -> [Int] {
        let lengths = variable.dimensions.map { name in dimensions.first { $0.0 == name }!.1 }
        let fixed = lengths.filter { $0 > 0 }.reduce(1, *)
        let records: Int
        if case .text(let rows) = variable.values { records = rows.count } else { records = variable.values.count / fixed }
        return lengths.map { $0 > 0 ? $0 : records }
    }

    private func check(_ status: Int32, _ operation: String) throws {
        guard status != NC_NOERR else { return }
        throw FixtureError(message: "\(operation): \(String(cString: nc_strerror(status)))")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension NetCDFFixture.Values {
    var type: nc_type {
        switch self {
        case .double: NC_DOUBLE
        case .float: NC_FLOAT
        case .short: NC_SHORT
        case .int: NC_INT
        case .text: NC_CHAR
        case .unwritten(let type, _): type
        }
    }

    var count: Int {
        switch self {
        case .double(let values): values.count
        case .float(let values): values.count
        case .short(let values): values.count
        case .int(let values): values.count
        case .text(let rows): rows.count
        case .unwritten(_, let count): count
        }
    }
}
