/// Turning netCDF char data into Swift strings.
enum NetCDFText {
    /// The text up to the first NUL, trimmed of whitespace; nil when nothing is left.
    ///
    /// Classic files have no declared encoding. UTF-8 is tried first; otherwise the bytes are
    /// read as ISO 8859-1, which older data systems wrote (µ as 0xB5 in "µV"), rather than
    /// replacing them with U+FFFD and losing the unit.
    static func decode(_ bytes: [UInt8]) -> String? {
        let content = bytes.prefix { $0 != 0 }
        var text = String(decoding: content, as: UTF8.self)
        if !text.utf8.elementsEqual(content) {
            text = String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) }))
        }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
