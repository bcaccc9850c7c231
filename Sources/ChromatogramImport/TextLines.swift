/// One physical line of a text file, without its line break.
struct TextLine {
    /// 1-based, as editors number lines, so error messages point where the user will look.
    var number: Int
    var text: Substring
}

extension TextLine {
    /// The lines of `text`, breaking at LF, CRLF or a lone CR.
    ///
    /// Splitting a `String` on `"\n"` would not do: Swift treats CRLF as one `Character`, so
    /// Windows files would come back as a single line. Breaking on the UTF-8 bytes avoids that.
    static func lines(of text: String) -> [TextLine] {
        let utf8 = text.utf8
        var lines: [TextLine] = []
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index = utf8.index(after: index)
                continue
            }
            lines.append(TextLine(number: lines.count + 1, text: text[start..<index]))
            index = utf8.index(after: index)
            if byte == UInt8(ascii: "\r"), index < utf8.endIndex, utf8[index] == UInt8(ascii: "\n") {
                index = utf8.index(after: index)
            }
            start = index
        }
        if start < utf8.endIndex {
            lines.append(TextLine(number: lines.count + 1, text: text[start...]))
        }
        return lines
    }
}
