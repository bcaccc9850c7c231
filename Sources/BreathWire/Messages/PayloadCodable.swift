/// A payload that reads itself from and writes itself to the wire (PROTOCOL.md section 4).
public protocol PayloadCodable: Sendable, Hashable {
    /// Reads the fields this version knows; trailing bytes of a newer minor version are left unread.
    init(from reader: inout ByteReader) throws(MessageDecodingError)
    /// Appends the fields to `writer`.
    func write(to writer: inout ByteWriter)
}
