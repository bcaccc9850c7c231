/// How many bytes a netCDF-3 file (CDF-1, CDF-2 or CDF-5) must have for the data its header
/// describes.
///
/// This exists because netCDF-C does not notice truncation of classic files: reads past the
/// end of the file come back as zeros (the library treats the gap as space not yet written),
/// so a file cut short by a failed copy opens and "reads" with a tail of zeros. Comparing the
/// file size with the extent the header declares catches that. The header layout is the
/// published netCDF classic format specification; only sizes and offsets are decoded.
enum ClassicNetCDFExtent {
    /// What the header says about the file's size.
    enum Outcome: Equatable {
        /// The data ends at this byte offset (the file must be at least this long).
        case requiredBytes(Int)
        /// The header itself runs past the end of the bytes: it needs at least this many.
        case headerTruncated(atLeast: Int)
        /// Not a header this decoder understands; the caller should rely on netCDF-C alone.
        case unrecognised
    }

    /// Decodes the header at the start of `bytes`.
    static func inspect(_ bytes: [UInt8]) -> Outcome {
        var reader = HeaderReader(bytes: bytes)
        do {
            return .requiredBytes(try requiredBytes(&reader))
        } catch .pastEnd(let needed) {
            return .headerTruncated(atLeast: needed)
        } catch {
            return .unrecognised
        }
    }

    private static let dimensionTag: UInt32 = 0x0A
    private static let variableTag: UInt32 = 0x0B
    private static let attributeTag: UInt32 = 0x0C
    /// `numrecs` while a file is being streamed: the record count is not known.
    private static let streaming = 0xFFFF_FFFF

    private static func requiredBytes(_ reader: inout HeaderReader) throws(HeaderReader.Failure) -> Int {
        guard try reader.bytes(3).elementsEqual("CDF".utf8) else { throw .malformed }
        let version = try reader.bytes(1).first
        switch version {
        case 1: (reader.countSize, reader.offsetSize) = (4, 4)
        case 2: (reader.countSize, reader.offsetSize) = (4, 8)
        case 5: (reader.countSize, reader.offsetSize) = (8, 8)
        default: throw .malformed
        }
        let recordCount = try reader.count()

        var dimensionLengths: [Int] = []
        for _ in 0..<(try reader.listLength(tag: dimensionTag)) {
            try reader.skipName()
            dimensionLengths.append(try reader.count())
        }
        // A length of 0 marks the record (unlimited) dimension; classic files have at most one.
        let recordDimension = dimensionLengths.firstIndex(of: 0)
        try skipAttributes(&reader)

        var end = reader.offset
        var recordVariables: [(begin: Int, bytes: Int, paddedSize: Int)] = []
        for _ in 0..<(try reader.listLength(tag: variableTag)) {
            try reader.skipName()
            var dimensions: [Int] = []
            for _ in 0..<(try reader.count()) { dimensions.append(try reader.count()) }
            try skipAttributes(&reader)
            let elementSize = try size(ofType: reader.word())
            let paddedSize = try reader.count()
            let begin = try reader.fileOffset()
            let isRecord = dimensions.first.map { $0 == recordDimension } ?? false
            var elements = 1
            for dimension in dimensions.dropFirst(isRecord ? 1 : 0) {
                guard dimensionLengths.indices.contains(dimension) else { throw .malformed }
                elements = try checked(elements.multipliedReportingOverflow(by: dimensionLengths[dimension]))
            }
            let bytes = try checked(elements.multipliedReportingOverflow(by: elementSize))
            if isRecord {
                recordVariables.append((begin, bytes, paddedSize))
            } else {
                end = max(end, try checked(begin.addingReportingOverflow(bytes)))
            }
        }

        guard recordCount > 0, recordCount != streaming, !recordVariables.isEmpty else { return end }
        // Records interleave every record variable; a lone record variable is stored unpadded.
        let recordSize = recordVariables.count == 1
            ? recordVariables[0].bytes : recordVariables.reduce(0) { $0 + $1.paddedSize }
        for variable in recordVariables {
            let lastRecord = try checked((recordCount - 1).multipliedReportingOverflow(by: recordSize))
            let variableEnd = try checked(variable.begin.addingReportingOverflow(lastRecord))
            end = max(end, try checked(variableEnd.addingReportingOverflow(variable.bytes)))
        }
        return end
    }

    private static func skipAttributes(_ reader: inout HeaderReader) throws(HeaderReader.Failure) {
        for _ in 0..<(try reader.listLength(tag: attributeTag)) {
            try reader.skipName()
            let elementSize = try size(ofType: reader.word())
            let count = try reader.count()
            try reader.skip(checked(count.multipliedReportingOverflow(by: elementSize)))
        }
    }

    /// Bytes per element of a classic type code (CDF-5 adds the unsigned and 64-bit types).
    private static func size(ofType type: UInt32) throws(HeaderReader.Failure) -> Int {
        switch type {
        case 1, 2, 7: 1  // byte, char, ubyte
        case 3, 8: 2  // short, ushort
        case 4, 5, 9: 4  // int, float, uint
        case 6, 10, 11: 8  // double, int64, uint64
        default: throw .malformed
        }
    }

    /// Hostile headers can declare sizes whose products overflow; that is malformed, not a crash.
    private static func checked(_ result: (partialValue: Int, overflow: Bool)) throws(HeaderReader.Failure) -> Int {
        guard !result.overflow else { throw .malformed }
        return result.partialValue
    }
}

/// Big-endian reads over a classic header, tracking how far they got.
private struct HeaderReader {
    enum Failure: Error { case pastEnd(needed: Int), malformed }

    let bytes: [UInt8]
    var offset = 0
    /// Width of counts and lengths: 4 bytes, 8 in CDF-5.
    var countSize = 4
    /// Width of data offsets (`begin`): 4 bytes in CDF-1, 8 in CDF-2 and CDF-5.
    var offsetSize = 4

    mutating func bytes(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
        guard count >= 0 else { throw .malformed }
        let (end, overflow) = offset.addingReportingOverflow(count)
        guard !overflow else { throw .malformed }
        guard end <= bytes.count else { throw .pastEnd(needed: end) }
        defer { offset = end }
        return bytes[offset..<end]
    }

    mutating func skip(_ count: Int) throws(Failure) {
        // Beyond the data there is nothing to pad; checking first also keeps the padding sum
        // below from overflowing for a hostile count.
        guard count <= bytes.count else { throw .pastEnd(needed: Int.max - count < offset ? Int.max : offset + count) }
        // Every item in the header is padded to a multiple of 4 bytes.
        _ = try bytes(count + (4 - count % 4) % 4)
    }

    mutating func unsigned(_ width: Int) throws(Failure) -> UInt64 {
        try bytes(width).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func word() throws(Failure) -> UInt32 { UInt32(try unsigned(4)) }

    mutating func count() throws(Failure) -> Int {
        let value = try unsigned(countSize)
        guard value <= UInt64(Int.max) else { throw .malformed }
        return Int(value)
    }

    mutating func fileOffset() throws(Failure) -> Int {
        let value = try unsigned(offsetSize)
        guard value <= UInt64(Int.max) else { throw .malformed }
        return Int(value)
    }

    mutating func skipName() throws(Failure) { try skip(count()) }

    /// The element count of a tagged list; an absent list is written as two zero words.
    mutating func listLength(tag: UInt32) throws(Failure) -> Int {
        let found = try word()
        let length = try count()
        guard found == tag || (found == 0 && length == 0) else { throw .malformed }
        return length
    }
}
