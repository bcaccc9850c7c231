/// One protocol frame: header fields and payload (PROTOCOL.md section 2.1).
///
/// A `Frame` holds a payload whose CRC was checked (when decoded) or will be computed
/// (when encoded); interpreting the payload is ``Message``'s job.
public struct Frame: Sendable, Hashable {
    /// The two sync bytes every frame starts with.
    public static let sync: (UInt8, UInt8) = (0xB7, 0xEA)
    /// Bytes before the payload.
    public static let headerSize = 12
    /// Bytes after the payload (CRC-32C).
    public static let trailerSize = 4
    /// The largest payload a frame may carry.
    public static let maximumPayloadSize = 4080
    /// The largest frame, header and CRC included.
    public static let maximumSize = headerSize + maximumPayloadSize + trailerSize
    /// The protocol version this code speaks.
    public static let protocolVersion = (major: UInt8(1), minor: UInt8(0))

    public var versionMajor: UInt8
    public var versionMinor: UInt8
    /// The message type byte (see ``MessageType``).
    public var type: UInt8
    public var flags: FrameFlags
    /// The sender stream's sequence number (PROTOCOL.md 2.4).
    public var sequence: UInt16
    public var payload: [UInt8]

    /// A frame of this code's protocol version unless told otherwise.
    public init(
        type: UInt8, flags: FrameFlags = [], sequence: UInt16, payload: [UInt8],
        versionMajor: UInt8 = Frame.protocolVersion.major, versionMinor: UInt8 = Frame.protocolVersion.minor
    ) {
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.payload = payload
    }

    /// The size of this frame on the wire.
    public var encodedSize: Int { Frame.headerSize + payload.count + Frame.trailerSize }

    /// The frame's bytes on the wire.
    ///
    /// - Precondition: the payload is at most ``maximumPayloadSize`` bytes; senders split
    ///   data so that this holds, and a larger payload is a programming error.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encodedSize)
        encode(into: &bytes)
        return bytes
    }

    /// Appends the frame's bytes to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        precondition(payload.count <= Frame.maximumPayloadSize, "payload of \(payload.count) bytes exceeds a frame")
        let start = bytes.count
        let length = UInt16(payload.count)
        bytes.append(contentsOf: [
            Frame.sync.0, Frame.sync.1, versionMajor, versionMinor, type, flags.rawValue,
            UInt8(truncatingIfNeeded: sequence), UInt8(truncatingIfNeeded: sequence >> 8),
            UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8),
        ])
        let check = UInt16(truncatingIfNeeded: CRC32C.checksum(bytes[start..<start + 10]))
        bytes.append(UInt8(truncatingIfNeeded: check))
        bytes.append(UInt8(truncatingIfNeeded: check >> 8))
        bytes.append(contentsOf: payload)
        let crc = CRC32C.checksum(bytes[start...])
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
    }
}

/// The frame header's flag bits (PROTOCOL.md 2.1). Unknown bits are kept, not rejected.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Host → device: answer with ACK or NACK.
    public static let ackRequested = FrameFlags(rawValue: 1 << 0)
    /// Device → host: this frame answers a host request.
    public static let response = FrameFlags(rawValue: 1 << 1)
}
