import CNetCDF

/// A netCDF file open for reading: a thin, throwing layer over the C calls the importer needs.
///
/// Only ``withOpen(path:_:)`` makes one, and the value must not escape its closure: the file is
/// closed (and the library lock released) when the closure returns.
struct NetCDFDataset {
    let path: String
    let id: Int32

    /// Opens `path` read-only, runs `body` on it under the library lock, and always closes it.
    static func withOpen<Result>(
        path: String, _ body: (NetCDFDataset) throws(ImportError) -> Result
    ) throws(ImportError) -> Result {
        try NetCDFLibrary.serialized { () throws(ImportError) -> Result in
            var id: Int32 = 0
            try check(nc_open(path, NC_NOWRITE, &id), "nc_open", path: path)
            // The status is ignored: nothing was written, so there is nothing close could lose.
            defer { _ = nc_close(id) }
            return try body(NetCDFDataset(path: path, id: id))
        }
    }

    /// Throws the library's message for a failed call.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String, path: String) throws(ImportError) {
        guard status != NC_NOERR else { return }
        throw .netCDF(path: path, operation: operation(), code: status, message: String(cString: nc_strerror(status)))
    }

    private func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(ImportError) {
        try Self.check(status, operation(), path: path)
    }

    /// The on-disk format (`NC_FORMAT_CLASSIC`, `NC_FORMAT_64BIT_OFFSET`, `NC_FORMAT_NETCDF4` …).
    func format() throws(ImportError) -> Int32 {
        var format: Int32 = 0
        try check(nc_inq_format(id, &format), "nc_inq_format")
        return format
    }

    /// The id of variable `name`, or nil when the file has none.
    func variable(_ name: String) throws(ImportError) -> Int32? {
        var varid: Int32 = 0
        let status = nc_inq_varid(id, name, &varid)
        if status == NC_ENOTVAR { return nil }
        try check(status, "nc_inq_varid(\(name))")
        return varid
    }

    /// The lengths of a variable's dimensions ([] for a scalar).
    func shape(of varid: Int32, name: String) throws(ImportError) -> [Int] {
        var rank: Int32 = 0
        try check(nc_inq_varndims(id, varid, &rank), "nc_inq_varndims(\(name))")
        var dimensions = [Int32](repeating: 0, count: Int(rank))
        try check(nc_inq_vardimid(id, varid, &dimensions), "nc_inq_vardimid(\(name))")
        var shape: [Int] = []
        for dimension in dimensions {
            var length = 0
            try check(nc_inq_dimlen(id, dimension, &length), "nc_inq_dimlen(\(name))")
            shape.append(length)
        }
        return shape
    }

    /// The netCDF type of a variable.
    func type(of varid: Int32, name: String) throws(ImportError) -> nc_type {
        var type: nc_type = 0
        try check(nc_inq_vartype(id, varid, &type), "nc_inq_vartype(\(name))")
        return type
    }

    /// Every value of numeric variable `name`, converted to double, or nil when it is absent.
    ///
    /// `nc_get_var_double` converts whatever the file stores (byte, short, int, float, double …),
    /// so vendors' choice of type does not matter here.
    func numbers(_ name: String) throws(ImportError) -> NumericVariable? {
        guard let varid = try variable(name) else { return nil }
        let type = try type(of: varid, name: name)
        guard type != NC_CHAR, type != NC_STRING, type <= NC_UINT64 else {
            throw .unsupportedVariable(path: path, name: name, reason: "is not numeric (netCDF type \(type))")
        }
        let count = try shape(of: varid, name: name).reduce(1, *)
        var values = [Double](repeating: 0, count: count)
        if count > 0 {
            try check(nc_get_var_double(id, varid, &values), "nc_get_var_double(\(name))")
        }
        return NumericVariable(name: name, values: values, missingMarkers: try missingMarkers(varid, type: type))
    }

    /// The values that mean "nothing recorded" for a variable: its `_FillValue` (or the library
    /// default for its type) and any `missing_value`.
    private func missingMarkers(_ varid: Int32, type: nc_type) throws(ImportError) -> [Double] {
        var markers = try doubles(attribute: "_FillValue", of: varid) ?? Self.defaultFill(for: type).map { [$0] } ?? []
        markers += try doubles(attribute: "missing_value", of: varid) ?? []
        return markers
    }

    /// netCDF's default fill value for `type`. None for bytes: the netCDF conventions say every
    /// byte value is valid data, so 8-bit data has no implicit missing marker.
    private static func defaultFill(for type: nc_type) -> Double? {
        switch type {
        case NC_SHORT: breath_nc_fill_short
        case NC_INT: breath_nc_fill_int
        case NC_FLOAT: breath_nc_fill_float
        case NC_DOUBLE: breath_nc_fill_double
        case NC_USHORT: breath_nc_fill_ushort
        case NC_UINT: breath_nc_fill_uint
        case NC_INT64: breath_nc_fill_int64
        case NC_UINT64: breath_nc_fill_uint64
        default: nil
        }
    }

    /// A numeric attribute's values, or nil when it is absent or not numeric.
    private func doubles(attribute name: String, of varid: Int32) throws(ImportError) -> [Double]? {
        var type: nc_type = 0
        var length = 0
        let status = nc_inq_att(id, varid, name, &type, &length)
        if status == NC_ENOTATT { return nil }
        try check(status, "nc_inq_att(\(name))")
        guard type != NC_CHAR, type != NC_STRING, length > 0 else { return nil }
        var values = [Double](repeating: 0, count: length)
        try check(nc_get_att_double(id, varid, name, &values), "nc_get_att_double(\(name))")
        return values
    }

    /// A text attribute (global by default), trimmed; nil when absent, empty or not text.
    func text(attribute name: String, of varid: Int32 = NC_GLOBAL) throws(ImportError) -> String? {
        var type: nc_type = 0
        var length = 0
        let status = nc_inq_att(id, varid, name, &type, &length)
        if status == NC_ENOTATT { return nil }
        try check(status, "nc_inq_att(\(name))")
        guard length > 0 else { return nil }
        switch type {
        case NC_CHAR:
            // nc_inq_attlen's count, not strlen: classic text attributes need not end in NUL.
            var bytes = [CChar](repeating: 0, count: length)
            try check(nc_get_att_text(id, varid, name, &bytes), "nc_get_att_text(\(name))")
            return NetCDFText.decode(bytes.map { UInt8(bitPattern: $0) })
        case NC_STRING:
            var strings = [UnsafeMutablePointer<CChar>?](repeating: nil, count: length)
            try check(nc_get_att_string(id, varid, name, &strings), "nc_get_att_string(\(name))")
            defer { _ = nc_free_string(length, &strings) }
            guard let first = strings[0] else { return nil }
            var characters = 0
            while first[characters] != 0 { characters += 1 }
            return NetCDFText.decode(UnsafeBufferPointer(start: first, count: characters).map { UInt8(bitPattern: $0) })
        default:
            return nil
        }
    }

    /// The first of several global text attributes the file has: vendors spell some names
    /// more than one way (`detector_unit`, `detector_units`).
    func text(firstOf names: String...) throws(ImportError) -> String? {
        for name in names {
            if let text = try text(attribute: name) { return text }
        }
        return nil
    }

    /// The rows of a two-dimensional char variable (`peak_name(peak_number, _32_byte_string)`),
    /// each trimmed; nil when the variable is absent.
    func strings(_ name: String) throws(ImportError) -> [String?]? {
        guard let varid = try variable(name) else { return nil }
        guard try type(of: varid, name: name) == NC_CHAR else {
            throw .unsupportedVariable(path: path, name: name, reason: "is not a char array")
        }
        let shape = try shape(of: varid, name: name)
        guard shape.count == 2 else {
            throw .unsupportedVariable(path: path, name: name, reason: "has \(shape.count) dimensions, not 2")
        }
        let (rows, width) = (shape[0], shape[1])
        guard rows > 0 else { return [] }
        guard width > 0 else { return [String?](repeating: nil, count: rows) }
        var bytes = [CChar](repeating: 0, count: rows * width)
        try check(nc_get_var_text(id, varid, &bytes), "nc_get_var_text(\(name))")
        return (0..<rows).map { row in
            NetCDFText.decode(bytes[row * width..<(row + 1) * width].map { UInt8(bitPattern: $0) })
        }
    }
}
