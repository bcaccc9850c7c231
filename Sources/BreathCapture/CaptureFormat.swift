import BreathWire

/// Constants and record kinds of the capture file format (Firmware-Protocol/CAPTURE.md).
public enum CaptureFormat {
    /// The first eight bytes of every capture: not text, catches CR/LF mangling like PNG's.
    public static let magic: [UInt8] = [0x89, 0x42, 0x43, 0x41, 0x50, 0x0D, 0x0A, 0x1A]
    public static let versionMajor: UInt16 = 1
    public static let versionMinor: UInt16 = 0
    /// Fixed bytes of a record before its data.
    public static let recordHeaderSize = 16
    /// The largest record data a reader accepts; anything larger is a torn or corrupt tail.
    public static let maximumRecordData = 1 << 20
    /// The largest header document a reader accepts.
    public static let maximumHeaderSize = 1 << 20
}

/// What a capture record holds.
public enum CaptureRecordKind: UInt8, Sendable, Hashable, Codable {
    /// The bytes of one USB transfer, in or out, exactly as they crossed the link.
    case transfer = 1
    /// A host-side note: a phase boundary or an anomaly, as JSON.
    case mark = 2
    /// The host closed the capture cleanly; JSON totals follow.
    case end = 3
}

/// One record of a capture.
public struct CaptureRecord: Sendable, Hashable {
    public var kind: CaptureRecordKind
    /// The endpoint of a transfer record; nil for marks and the end record.
    public var endpoint: Endpoint?
    /// Microseconds since the capture was created, from a monotonic clock.
    public var time: UInt64
    public var data: [UInt8]

    public init(kind: CaptureRecordKind, endpoint: Endpoint?, time: UInt64, data: [UInt8]) {
        self.kind = kind
        self.endpoint = endpoint
        self.time = time
        self.data = data
    }

    /// The record's bytes in the file.
    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: CaptureFormat.recordHeaderSize + data.count + 4)
        writer.u8(kind.rawValue)
        writer.u8(endpoint?.rawValue ?? 0)
        writer.u16(0)
        writer.u32(UInt32(data.count))
        writer.u64(time)
        writer.raw(data)
        writer.u32(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }
}

/// The header document at the start of a capture: what was recorded, from which device,
/// with which method. Encoded as JSON so that new fields never break old readers.
public struct CaptureHeader: Sendable, Hashable, Codable {
    public var runID: RunID
    /// Unix time of creation, in microseconds.
    public var createdMicros: UInt64
    public var softwareVersion: String
    public var hostName: String
    public var device: DeviceInfo
    public var method: RunMethod
    /// What the device was (emulator, USB, replay of another capture) — for people.
    public var source: String

    public init(
        runID: RunID, createdMicros: UInt64, softwareVersion: String, hostName: String, device: DeviceInfo,
        method: RunMethod, source: String
    ) {
        self.runID = runID
        self.createdMicros = createdMicros
        self.softwareVersion = softwareVersion
        self.hostName = hostName
        self.device = device
        self.method = method
        self.source = source
    }
}
