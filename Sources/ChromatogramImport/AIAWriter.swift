import BreathSignal
import CNetCDF
import Foundation

/// What an ANDI/AIA file written by ``AIAWriter`` holds besides the trace and the peaks.
public struct AIAWriteMetadata: Sendable, Hashable {
    public var sampleID: String
    public var sampleName: String
    public var detectorName: String
    public var operatorName: String
    public var injection: Date
    public var datasetOrigin: String
    public var experimentTitle: String

    public init(
        sampleID: String, sampleName: String, detectorName: String, operatorName: String, injection: Date,
        datasetOrigin: String, experimentTitle: String
    ) {
        self.sampleID = sampleID
        self.sampleName = sampleName
        self.detectorName = detectorName
        self.operatorName = operatorName
        self.injection = injection
        self.datasetOrigin = datasetOrigin
        self.experimentTitle = experimentTitle
    }
}

/// A file that could not be written; one line for the user.
public struct AIAWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// netCDF's status (e.g. `NC_EEXIST`), or 0 for a problem with the data.
    public var status: Int32

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a chromatogram and its peak table as an ANDI/AIA file (ASTM E1947, netCDF classic
/// format, the layout every chromatography data system reads), through the netCDF C library.
///
/// The trace is `ordinate_values` as 32-bit floats (the device's own resolution, so nothing
/// is rounded); a sample that never arrived (NaN) is written as netCDF's float fill value,
/// which readers treat as missing. Times are seconds (`retention_unit`). The peak table uses
/// the standard names (`peak_retention_time`, `peak_start_time`, `peak_end_time`,
/// `peak_height`, `peak_area`, `peak_width`, `peak_name`) in double precision, so a reader
/// gets back exactly the stored values. The file must not exist yet.
public enum AIAWriter {
    public static func write(
        _ chromatogram: Chromatogram, peaks: [AIAPeak], widths: [Double]? = nil, metadata: AIAWriteMetadata, to path: String
    ) throws(AIAWriteError) {
        try NetCDFLibrary.serialized { () throws(AIAWriteError) in
            var id: Int32 = 0
            try check(nc_create(path, NC_NOCLOBBER, &id), "create", path)
            do throws(AIAWriteError) {
                try define(id, chromatogram: chromatogram, peaks: peaks, widths: widths, metadata: metadata, path: path)
                try check(nc_enddef(id), "enddef", path)
                try put(id, chromatogram: chromatogram, peaks: peaks, widths: widths, path: path)
            } catch {
                _ = nc_close(id)
                unlink(path)
                throw error
            }
            try check(nc_close(id), "close", path)
        }
    }

    private static let stringWidth = 32
    private static let peakVariables = ["peak_retention_time", "peak_start_time", "peak_end_time", "peak_height", "peak_area", "peak_width"]

    private static func define(
        _ id: Int32, chromatogram: Chromatogram, peaks: [AIAPeak], widths: [Double]?, metadata: AIAWriteMetadata, path: String
    ) throws(AIAWriteError) {
        guard chromatogram.count >= 2 else { throw AIAWriteError(path: path, reason: "a trace needs at least 2 samples", status: 0) }
        let stamp = { (date: Date) in
            // E1947 timestamps: YYYYMMDDhhmmss±hhmm.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMddHHmmss"
            return formatter.string(from: date) + "+0000"
        }
        let attributes: [(String, String)] = [
            ("dataset_completeness", "C1+C2"), ("aia_template_revision", "1.0"), ("netcdf_revision", String(cString: nc_inq_libvers())),
            ("languages", "English"), ("administrative_comments", "written by breathctl"), ("dataset_origin", metadata.datasetOrigin),
            ("dataset_date_time_stamp", stamp(Date())), ("experiment_title", metadata.experimentTitle),
            ("experiment_date_time_stamp", stamp(metadata.injection)), ("operator_name", metadata.operatorName),
            ("injection_date_time_stamp", stamp(metadata.injection)), ("separation_experiment_type", "gas_chromatography"),
            ("sample_id", metadata.sampleID), ("sample_name", metadata.sampleName), ("detector_name", metadata.detectorName),
            ("detector_unit", chromatogram.unit ?? "arbitrary"), ("retention_unit", "seconds"),
            ("peak_processing_results_table_name", "breathctl peak table"),
        ]
        for (name, text) in attributes {
            try check(nc_put_att_text(id, NC_GLOBAL, name, text.utf8.count, text), "attribute \(name)", path)
        }
        var points: Int32 = 0, peakDimension: Int32 = 0, stringDimension: Int32 = 0
        try check(nc_def_dim(id, "point_number", chromatogram.count, &points), "dimension point_number", path)
        try check(nc_def_dim(id, "_\(stringWidth)_byte_string", stringWidth, &stringDimension), "string dimension", path)
        for name in ["actual_sampling_interval", "actual_delay_time", "actual_run_time_length"] {
            var varid: Int32 = 0
            try check(nc_def_var(id, name, NC_DOUBLE, 0, nil, &varid), "variable \(name)", path)
        }
        var varid: Int32 = 0
        try check(nc_def_var(id, "ordinate_values", NC_FLOAT, 1, &points, &varid), "variable ordinate_values", path)
        var fill = breath_nc_fill_float32
        try check(nc_put_att_float(id, varid, "_FillValue", NC_FLOAT, 1, &fill), "fill value", path)
        guard !peaks.isEmpty else { return }
        try check(nc_def_dim(id, "peak_number", peaks.count, &peakDimension), "dimension peak_number", path)
        for name in peakVariables where name != "peak_width" || widths != nil {
            try check(nc_def_var(id, name, NC_DOUBLE, 1, &peakDimension, &varid), "variable \(name)", path)
        }
        var nameDimensions = [peakDimension, stringDimension]
        try check(nc_def_var(id, "peak_name", NC_CHAR, 2, &nameDimensions, &varid), "variable peak_name", path)
    }

    private static func put(
        _ id: Int32, chromatogram: Chromatogram, peaks: [AIAPeak], widths: [Double]?, path: String
    ) throws(AIAWriteError) {
        let scalars = [
            ("actual_sampling_interval", chromatogram.samplePeriod), ("actual_delay_time", chromatogram.startTime),
            ("actual_run_time_length", chromatogram.duration),
        ]
        for (name, value) in scalars {
            var value = value
            try check(nc_put_var_double(id, try varid(id, name, path), &value), "value \(name)", path)
        }
        var trace = chromatogram.intensity.map { $0.isFinite ? Float($0) : breath_nc_fill_float32 }
        try check(nc_put_var_float(id, try varid(id, "ordinate_values", path), &trace), "ordinate_values", path)
        guard !peaks.isEmpty else { return }
        // A value the table lacks is written as the fill value (height: E1947's -1).
        var columns: [(String, [Double])] = [("peak_retention_time", peaks.map(\.retentionTime))]
        columns.append(("peak_start_time", peaks.map { $0.startTime ?? breath_nc_fill_double }))
        columns.append(("peak_end_time", peaks.map { $0.endTime ?? breath_nc_fill_double }))
        columns.append(("peak_height", peaks.map { $0.height ?? AIAPeakTable.heightNotGiven }))
        columns.append(("peak_area", peaks.map { $0.area ?? breath_nc_fill_double }))
        if let widths { columns.append(("peak_width", widths)) }
        for (name, values) in columns {
            var values = values
            try check(nc_put_var_double(id, try varid(id, name, path), &values), name, path)
        }
        var names = peaks.flatMap { peak in
            let utf8 = Array((peak.name ?? "").utf8.prefix(stringWidth - 1))
            return (utf8 + [UInt8](repeating: 0, count: stringWidth - utf8.count)).map { CChar(bitPattern: $0) }
        }
        try check(nc_put_var_text(id, try varid(id, "peak_name", path), &names), "peak_name", path)
    }

    private static func varid(_ id: Int32, _ name: String, _ path: String) throws(AIAWriteError) -> Int32 {
        var varid: Int32 = 0
        try check(nc_inq_varid(id, name, &varid), "find \(name)", path)
        return varid
    }

    private static func check(_ status: Int32, _ operation: String, _ path: String) throws(AIAWriteError) {
        guard status != NC_NOERR else { return }
        let reason = status == NC_EEXIST ? "the file already exists" : "\(operation): \(String(cString: nc_strerror(status)))"
        throw AIAWriteError(path: path, reason: reason, status: status)
    }
}
