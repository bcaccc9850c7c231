/// The values of a numeric netCDF variable and the markers that mean "not recorded".
struct NumericVariable {
    var name: String
    var values: [Double]
    /// `_FillValue` (or the type's default fill) and `missing_value`, converted to double.
    var missingMarkers: [Double]

    /// Whether `value` records nothing: NaN, or one of the missing markers.
    func isMissing(_ value: Double) -> Bool {
        value.isNaN || missingMarkers.contains(value)
    }

    /// Value `index`, or nil when it is out of range or missing.
    func value(at index: Int) -> Double? {
        guard values.indices.contains(index), !isMissing(values[index]) else { return nil }
        return values[index]
    }

    /// The first value, or nil when there is none or it is missing (for scalar variables).
    var scalar: Double? { value(at: 0) }

    /// Index of the first missing value, if any.
    var firstMissingIndex: Int? { values.firstIndex(where: isMissing) }
}
