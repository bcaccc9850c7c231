/// Reading the optional peak table of an ANDI/AIA file.
enum AIAPeakTable {
    /// `peak_height` writes this when the data system did not measure the height.
    static let heightNotGiven = -1.0

    /// The peaks, or [] when the file has no `peak_retention_time`.
    ///
    /// Optional columns may be absent or shorter than the table; their entries are then nil.
    /// A missing retention time is an error instead, because a peak is placed by it.
    static func read(from dataset: NetCDFDataset, secondsPerUnit scale: Double) throws(ImportError) -> [AIAPeak] {
        guard let retention = try dataset.numbers("peak_retention_time") else { return [] }
        let start = try dataset.numbers("peak_start_time")
        let end = try dataset.numbers("peak_end_time")
        let height = try dataset.numbers("peak_height")
        let area = try dataset.numbers("peak_area")
        let baselineStartTime = try dataset.numbers("baseline_start_time")
        let baselineStartValue = try dataset.numbers("baseline_start_value")
        let baselineStopTime = try dataset.numbers("baseline_stop_time")
        let baselineStopValue = try dataset.numbers("baseline_stop_value")
        let names = try dataset.strings("peak_name")

        var peaks: [AIAPeak] = []
        for index in retention.values.indices {
            guard let retentionTime = retention.value(at: index) else {
                throw .missingValue(path: dataset.path, variable: retention.name, index: index)
            }
            func time(_ variable: NumericVariable?) -> Double? { variable?.value(at: index).map { $0 * scale } }
            func point(_ time: NumericVariable?, _ value: NumericVariable?) -> AIABaselinePoint? {
                guard let t = time?.value(at: index), let v = value?.value(at: index) else { return nil }
                return AIABaselinePoint(time: t * scale, value: v)
            }
            peaks.append(
                AIAPeak(
                    name: names.flatMap { $0.indices.contains(index) ? $0[index] : nil },
                    retentionTime: retentionTime * scale,
                    startTime: time(start),
                    endTime: time(end),
                    height: height?.value(at: index).flatMap { $0 == heightNotGiven ? nil : $0 },
                    area: area?.value(at: index),
                    baselineStart: point(baselineStartTime, baselineStartValue),
                    baselineStop: point(baselineStopTime, baselineStopValue)))
        }
        return peaks
    }
}
