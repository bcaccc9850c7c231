import BreathSignal

/// Reads two-column `time,intensity` text exported by data systems and spreadsheets.
///
/// Accepted: an optional header line (recognised as a first line in which no field is a
/// number); comma, semicolon or tab separators (decimal commas with the latter two); `#`
/// comment lines; blank lines; LF, CRLF or CR line breaks; a UTF-8 byte-order mark; fields
/// in double quotes. Times are seconds unless the header's time column says minutes (or
/// milliseconds). Anything else is an ``ImportError`` naming the line.
public struct CSVImporter: Sendable {
    /// An importer.
    public init() {}

    /// Reads the file at `path`.
    public func read(path: String) throws(ImportError) -> CSVFile {
        try parse(FileBytes.read(path: path), path: path)
    }

    /// Parses file contents; `path` only names the source in errors.
    public func parse(_ bytes: [UInt8], path: String) throws(ImportError) -> CSVFile {
        let text = try Self.decode(bytes, path: path)
        let lines = TextLine.lines(of: text).filter { line in
            let content = line.text.trimmingWhitespace()
            return !content.isEmpty && !content.hasPrefix("#")
        }
        guard let first = lines.first else { throw .empty(path: path) }
        let separator = Self.separator(of: first.text)
        let firstFields = Self.fields(of: first.text, separator: separator)
        let hasHeader = firstFields.allSatisfy { Self.number($0, separator: separator) == nil }
        let header = hasHeader ? CSVHeader(names: firstFields.map(String.init)) : .absent
        if hasHeader, firstFields.count != 2 {
            throw .wrongColumnCount(path: path, line: first.number, found: firstFields.count)
        }

        var times: [Double] = []
        var intensities: [Double] = []
        times.reserveCapacity(lines.count)
        intensities.reserveCapacity(lines.count)
        for line in lines.dropFirst(hasHeader ? 1 : 0) {
            let fields = Self.fields(of: line.text, separator: separator)
            guard fields.count == 2 else {
                throw .wrongColumnCount(path: path, line: line.number, found: fields.count)
            }
            var values = [0.0, 0.0]
            for (column, field) in fields.enumerated() {
                guard let value = Self.number(field, separator: separator) else {
                    throw .unparseableNumber(path: path, line: line.number, text: String(field))
                }
                guard value.isFinite else {
                    throw .nonFiniteValue(
                        path: path, line: line.number, column: column == header.timeColumn ? "time" : "intensity")
                }
                values[column] = value
            }
            let time = values[header.timeColumn] * header.timeUnit.secondsPerUnit
            // Checked here rather than left to Chromatogram so the message can name the line.
            if let previous = times.last, time <= previous {
                throw .timesNotIncreasing(path: path, line: line.number)
            }
            times.append(time)
            intensities.append(values[1 - header.timeColumn])
        }
        if times.isEmpty { throw .empty(path: path) }
        guard times.count >= 2 else { throw .tooFewSamples(path: path, count: times.count) }

        let chromatogram: Chromatogram
        do {
            chromatogram = try Chromatogram(times: times, intensities: intensities, unit: header.intensityUnit)
        } catch {
            throw .invalidChromatogram(path: path, reason: error)
        }
        return CSVFile(
            chromatogram: chromatogram, timeUnit: header.timeUnit, columnNames: hasHeader ? header.names : nil)
    }

    /// The bytes as text, without a byte-order mark.
    ///
    /// NUL bytes are valid UTF-8 but never occur in text exports; rejecting them makes a binary
    /// file fail as "not text" rather than with a puzzling number error on some line.
    private static func decode(_ bytes: [UInt8], path: String) throws(ImportError) -> String {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = bytes.starts(with: bom) ? bytes[bom.count...] : bytes[...]
        // Decoding replaces invalid sequences, so a text that does not re-encode to the same
        // bytes was not UTF-8. (String(validating:as:) would say so directly but needs macOS 15.)
        let text = String(decoding: body, as: UTF8.self)
        guard !body.contains(0), text.utf8.elementsEqual(body) else { throw .notText(path: path) }
        return text
    }

    /// Tab if the line has one, else semicolon if it has one, else comma.
    ///
    /// Tab and semicolon are checked first because files using them often write decimal
    /// commas, so a comma in such a line says nothing about the separator.
    private static func separator(of line: Substring) -> Character {
        if line.contains("\t") { return "\t" }
        if line.contains(";") { return ";" }
        return ","
    }

    /// The line's fields, trimmed of whitespace and enclosing double quotes.
    private static func fields(of line: Substring, separator: Character) -> [Substring] {
        line.split(separator: separator, omittingEmptySubsequences: false).map { field in
            let trimmed = field.trimmingWhitespace()
            guard trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" else { return trimmed }
            return trimmed.dropFirst().dropLast().trimmingWhitespace()
        }
    }

    /// The field as a number, or nil. NaN and infinities parse (and are rejected by the caller
    /// with their own message). With a semicolon or tab separator a lone decimal comma is
    /// accepted ("1,5" → 1.5), as European locales write.
    private static func number(_ field: Substring, separator: Character) -> Double? {
        if separator != ",", field.contains(","), !field.contains(".") {
            return Double(field.replacing(",", with: "."))
        }
        return Double(field)
    }
}
