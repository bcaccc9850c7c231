/// `ACK`: the device accepted a command.
public struct Ack: PayloadCodable {
    public var requestSequence: UInt16
    public var requestType: UInt8

    public init(requestSequence: UInt16, requestType: UInt8) {
        self.requestSequence = requestSequence
        self.requestType = requestType
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        requestSequence = try reader.u16("request_sequence")
        requestType = try reader.u8("request_type")
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(requestSequence)
        writer.u8(requestType)
    }
}

/// `NACK`: the device refused a command, with a reason.
public struct Nack: PayloadCodable {
    public var requestSequence: UInt16
    public var requestType: UInt8
    public var code: NackCode
    /// Human-readable detail, e.g. the name of an invalid method field.
    public var detail: String

    public init(requestSequence: UInt16, requestType: UInt8, code: NackCode, detail: String) {
        self.requestSequence = requestSequence
        self.requestType = requestType
        self.code = code
        self.detail = detail
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        requestSequence = try reader.u16("request_sequence")
        requestType = try reader.u8("request_type")
        code = NackCode(rawValue: try reader.u16("error_code"))
        detail = try reader.string("detail")
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(requestSequence)
        writer.u8(requestType)
        writer.u16(code.rawValue)
        writer.string(detail)
    }
}

/// `KEEPALIVE_REPLY`: the device is alive, and its clock.
public struct KeepAliveReply: PayloadCodable {
    public var requestSequence: UInt16
    public var counter: UInt32
    public var deviceTimeMicros: UInt64

    public init(requestSequence: UInt16, counter: UInt32, deviceTimeMicros: UInt64) {
        self.requestSequence = requestSequence
        self.counter = counter
        self.deviceTimeMicros = deviceTimeMicros
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        requestSequence = try reader.u16("request_sequence")
        counter = try reader.u32("counter")
        deviceTimeMicros = try reader.u64("device_time_us")
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(requestSequence)
        writer.u32(counter)
        writer.u64(deviceTimeMicros)
    }
}

/// `CLOCK_SYNC_REPLY`: the host's time echoed with the device's time (PROTOCOL.md 4.12).
public struct ClockSyncReply: PayloadCodable {
    public var requestSequence: UInt16
    public var hostTimeMicros: UInt64
    public var deviceTimeMicros: UInt64

    public init(requestSequence: UInt16, hostTimeMicros: UInt64, deviceTimeMicros: UInt64) {
        self.requestSequence = requestSequence
        self.hostTimeMicros = hostTimeMicros
        self.deviceTimeMicros = deviceTimeMicros
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        requestSequence = try reader.u16("request_sequence")
        hostTimeMicros = try reader.u64("host_time_us")
        deviceTimeMicros = try reader.u64("device_time_us")
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(requestSequence)
        writer.u64(hostTimeMicros)
        writer.u64(deviceTimeMicros)
    }
}
