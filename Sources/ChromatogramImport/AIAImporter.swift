import BreathSignal
import CNetCDF

/// Reads ANDI/AIA chromatography files (ASTM E1947: netCDF, classic or netCDF-4) through the
/// netCDF C library.
///
/// The trace is `ordinate_values` (any numeric type), starting at `actual_delay_time` (0 when
/// absent) and spaced by `actual_sampling_interval`, or by `actual_run_time_length / (n − 1)`
/// when the interval is absent or not positive. Times are converted to seconds using
/// `retention_unit`. A fill value or NaN in the trace is an error naming its index: guessing
/// a value for a detector sample would make peak areas look measured when they were not.
public struct AIAImporter: Sendable {
    /// An importer.
    public init() {}

    /// Reads the file at `path`.
    public func read(path: String) throws(ImportError) -> AIAFile {
        try FileBytes.checkIsRegularFile(path)
        return try NetCDFDataset.withOpen(path: path) { dataset throws(ImportError) in
            try Self.checkComplete(dataset)
            let metadata = try Self.metadata(dataset)
            let scale = metadata.timeUnit.secondsPerUnit
            return AIAFile(
                chromatogram: try Self.chromatogram(dataset, metadata: metadata),
                metadata: metadata,
                peaks: try AIAPeakTable.read(from: dataset, secondsPerUnit: scale))
        }
    }

    /// The descriptive attributes, accepting the spellings real files use.
    private static func metadata(_ dataset: NetCDFDataset) throws(ImportError) -> AIAMetadata {
        let retentionUnit = try dataset.text(firstOf: "retention_unit", "retention_units")
        // ASTM E1947 times are seconds; files that omit the unit rely on that.
        var timeUnit = TimeUnit.seconds
        if let retentionUnit {
            guard let unit = TimeUnit(label: retentionUnit) else {
                throw .unknownRetentionUnit(path: dataset.path, unit: retentionUnit)
            }
            timeUnit = unit
        }
        return AIAMetadata(
            detectorUnit: try dataset.text(firstOf: "detector_unit", "detector_units"),
            retentionUnit: retentionUnit,
            timeUnit: timeUnit,
            experimentType: try dataset.text(firstOf: "separation_experiment_type", "experiment_type"),
            sampleName: try dataset.text(attribute: "sample_name"),
            sampleID: try dataset.text(attribute: "sample_id"),
            detectorName: try dataset.text(attribute: "detector_name"),
            datasetOrigin: try dataset.text(attribute: "dataset_origin"),
            injectionTimestamp: try dataset.text(attribute: "injection_date_time_stamp"),
            runTimeLength: try dataset.numbers("actual_run_time_length")?.scalar.map { $0 * timeUnit.secondsPerUnit })
    }

    /// Fails for a classic file shorter than its header requires (see ``ClassicNetCDFExtent``).
    /// netCDF-4 files need no such check: HDF5 refuses to open a truncated file.
    private static func checkComplete(_ dataset: NetCDFDataset) throws(ImportError) {
        let classic = [NC_FORMAT_CLASSIC, NC_FORMAT_64BIT_OFFSET, NC_FORMAT_CDF5]
        guard classic.contains(try dataset.format()) else { return }
        let bytes = try FileBytes.read(path: dataset.path)
        switch ClassicNetCDFExtent.inspect(bytes) {
        case .requiredBytes(let required) where required > bytes.count,
             .headerTruncated(let required):
            throw .truncated(path: dataset.path, expectedBytes: required, actualBytes: bytes.count)
        case .requiredBytes, .unrecognised:
            return
        }
    }

    private static func chromatogram(_ dataset: NetCDFDataset, metadata: AIAMetadata) throws(ImportError) -> Chromatogram {
        let path = dataset.path
        guard let ordinate = try dataset.numbers("ordinate_values") else {
            throw .missingVariable(path: path, name: "ordinate_values")
        }
        if let index = ordinate.firstMissingIndex {
            throw .missingValue(path: path, variable: ordinate.name, index: index)
        }
        let count = ordinate.values.count
        guard count >= 2 else { throw .tooFewSamples(path: path, count: count) }
        let scale = metadata.timeUnit.secondsPerUnit
        // Non-uniform sampling (E1947 category 2) stores the sample times explicitly. The
        // per-variable `non_uniform_sampling_flag` is not trusted: real files set it to "Y"
        // while also saying `uniform_sampling_flag = "Y"` and storing no times.
        if let times = try dataset.numbers("raw_data_retention") {
            guard times.values.count == count else {
                throw .unsupportedVariable(
                    path: path, name: times.name, reason: "has \(times.values.count) values for \(count) samples")
            }
            if let index = times.firstMissingIndex {
                throw .missingValue(path: path, variable: times.name, index: index)
            }
            return try make(path) { () throws(ChromatogramError) in
                try Chromatogram(
                    times: times.values.map { $0 * scale }, intensities: ordinate.values, unit: metadata.detectorUnit)
            }
        }
        let delay = try dataset.numbers("actual_delay_time")?.scalar ?? 0
        let period = try samplePeriod(dataset, count: count, metadata: metadata)
        return try make(path) { () throws(ChromatogramError) in
            try Chromatogram(startTime: delay * scale, samplePeriod: period, intensity: ordinate.values, unit: metadata.detectorUnit)
        }
    }

    /// The chromatogram `build` makes, its failure reported against `path`.
    private static func make(
        _ path: String, _ build: () throws(ChromatogramError) -> Chromatogram
    ) throws(ImportError) -> Chromatogram {
        do {
            return try build()
        } catch {
            throw .invalidChromatogram(path: path, reason: error)
        }
    }

    /// `actual_sampling_interval` in seconds, else the run length over the sample gaps.
    private static func samplePeriod(
        _ dataset: NetCDFDataset, count: Int, metadata: AIAMetadata
    ) throws(ImportError) -> Double {
        if let interval = try dataset.numbers("actual_sampling_interval")?.scalar, interval > 0, interval.isFinite {
            return interval * metadata.timeUnit.secondsPerUnit
        }
        // The run length is taken to span the first to the last sample. Real files disagree
        // (some write n × interval, some (n − 1) × interval); the difference is one part in n.
        if let length = metadata.runTimeLength, length > 0, length.isFinite {
            return length / Double(count - 1)
        }
        throw .noSamplingInterval(path: dataset.path)
    }
}
