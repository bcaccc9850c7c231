import BreathWire
import Foundation

/// A capture read back: header, every intact record, and what was found past them.
///
/// Reading never fails because of a torn tail: a record cut off by a crash or a bad CRC
/// ends the readable part, and ``tailBytes`` says how much followed it.
public struct CaptureFile: Sendable {
    public var header: CaptureHeader
    public var records: [CaptureRecord]
    /// Whether the capture ends with an end record: the host closed it normally.
    public var isComplete: Bool
    /// Bytes after the last intact record (0 for a clean file).
    public var tailBytes: Int

    /// Reads the capture at `url`.
    public init(contentsOf url: URL) throws(CaptureReadError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CaptureReadError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        try self.init(bytes: [UInt8](data))
    }

    /// Parses capture bytes.
    public init(bytes: [UInt8]) throws(CaptureReadError) {
        let magic = CaptureFormat.magic
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw CaptureReadError.notACapture
        }
        var reader = ByteReader(bytes)
        do {
            _ = try reader.u64("magic")
            let major = try reader.u16("version_major")
            let minor = try reader.u16("version_minor")
            guard major == CaptureFormat.versionMajor else { throw CaptureReadError.unsupportedVersion(major: major, minor: minor) }
            let length = Int(try reader.u32("header_length"))
            guard length <= CaptureFormat.maximumHeaderSize, reader.remaining >= length + 4 else {
                throw CaptureReadError.corruptHeader("header length \(length) runs past the end of the file")
            }
            let documentStart = reader.offset
            let stored = UInt32(bytes[documentStart + length]) | UInt32(bytes[documentStart + length + 1]) << 8
                | UInt32(bytes[documentStart + length + 2]) << 16 | UInt32(bytes[documentStart + length + 3]) << 24
            guard CRC32C.checksum(bytes[0..<documentStart + length]) == stored else {
                throw CaptureReadError.corruptHeader("header checksum does not match")
            }
            do {
                header = try JSONDecoder().decode(CaptureHeader.self, from: Data(bytes[documentStart..<documentStart + length]))
            } catch {
                throw CaptureReadError.corruptHeader("header document: \(error)")
            }
            var offset = documentStart + length + 4
            var records: [CaptureRecord] = []
            var complete = false
            while let (record, size) = CaptureFile.record(in: bytes, at: offset) {
                records.append(record)
                offset += size
                if record.kind == .end { complete = true }
            }
            self.records = records
            isComplete = complete
            tailBytes = bytes.count - offset
        } catch let error as CaptureReadError {
            throw error
        } catch {
            throw CaptureReadError.corruptHeader("\(error)")
        }
    }

    /// The intact record at `offset` and its size, or nil at the end or a torn tail.
    private static func record(in bytes: [UInt8], at offset: Int) -> (CaptureRecord, Int)? {
        let fixed = CaptureFormat.recordHeaderSize
        guard bytes.count - offset >= fixed + 4 else { return nil }
        var reader = ByteReader(Array(bytes[offset..<offset + fixed]))
        guard let kindByte = try? reader.u8("kind"), let kind = CaptureRecordKind(rawValue: kindByte),
              let endpointByte = try? reader.u8("endpoint"), let _ = try? reader.u16("reserved"),
              let length = try? reader.u32("length"), let time = try? reader.u64("time"),
              Int(length) <= CaptureFormat.maximumRecordData, bytes.count - offset >= fixed + Int(length) + 4
        else { return nil }
        let end = offset + fixed + Int(length)
        let stored = UInt32(bytes[end]) | UInt32(bytes[end + 1]) << 8 | UInt32(bytes[end + 2]) << 16 | UInt32(bytes[end + 3]) << 24
        guard CRC32C.checksum(bytes[offset..<end]) == stored else { return nil }
        let endpoint = Endpoint(rawValue: endpointByte)
        guard (kind == .transfer) == (endpoint != nil) else { return nil }
        return (CaptureRecord(kind: kind, endpoint: endpoint, time: time, data: Array(bytes[offset + fixed..<end])),
                fixed + Int(length) + 4)
    }

    /// The transfer records, in order.
    public var transfers: [(endpoint: Endpoint, time: UInt64, bytes: [UInt8])] {
        records.compactMap { record in
            guard record.kind == .transfer, let endpoint = record.endpoint else { return nil }
            return (endpoint, record.time, record.data)
        }
    }
}

/// A file that cannot be read as a capture at all.
public enum CaptureReadError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notACapture
    case unsupportedVersion(major: UInt16, minor: UInt16)
    case corruptHeader(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .notACapture: "not a breath capture file (wrong magic bytes)"
        case .unsupportedVersion(let major, let minor):
            "capture format \(major).\(minor) is newer than this software reads (\(CaptureFormat.versionMajor).x)"
        case .corruptHeader(let reason): "corrupt capture header: \(reason)"
        }
    }
}
