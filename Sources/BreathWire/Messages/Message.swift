/// Every message of protocol 1.0, decoded from or encoded to a ``Frame``'s payload.
public enum Message: Sendable, Hashable {
    case getInfo
    case getStatus
    case uploadMethod(RunMethod)
    case startRun(StartRun)
    case abortRun(RunID)
    case keepAlive(counter: UInt32)
    case clockSync(hostTimeMicros: UInt64)
    case ack(Ack)
    case nack(Nack)
    case deviceInfo(DeviceInfo)
    case status(DeviceStatus)
    case phaseChanged(PhaseChange)
    case breathMetrics(BreathMetrics)
    case sampleBlock(SampleBlock)
    case runComplete(RunComplete)
    case fault(Fault)
    case keepAliveReply(KeepAliveReply)
    case clockSyncReply(ClockSyncReply)
    /// A type this version does not know; a newer minor version may send it (PROTOCOL.md 2.2).
    case unknown(type: UInt8, payload: [UInt8])

    /// Decodes a frame's payload.
    ///
    /// - Throws: ``MessageDecodingError`` when the payload is shorter than its type's fields.
    ///   Trailing bytes (fields of a newer minor version) are ignored.
    public init(frame: Frame) throws(MessageDecodingError) {
        var reader = ByteReader(frame.payload)
        guard let type = MessageType(rawValue: frame.type) else {
            self = .unknown(type: frame.type, payload: frame.payload)
            return
        }
        switch type {
        case .getInfo: self = .getInfo
        case .getStatus: self = .getStatus
        case .uploadMethod: self = .uploadMethod(try RunMethod(from: &reader))
        case .startRun: self = .startRun(try StartRun(from: &reader))
        case .abortRun: self = .abortRun(RunID(try reader.uuid("run_id")))
        case .keepAlive: self = .keepAlive(counter: try reader.u32("counter"))
        case .clockSync: self = .clockSync(hostTimeMicros: try reader.u64("host_time_us"))
        case .ack: self = .ack(try Ack(from: &reader))
        case .nack: self = .nack(try Nack(from: &reader))
        case .deviceInfo: self = .deviceInfo(try DeviceInfo(from: &reader))
        case .status: self = .status(try DeviceStatus(from: &reader))
        case .phaseChanged: self = .phaseChanged(try PhaseChange(from: &reader))
        case .breathMetrics: self = .breathMetrics(try BreathMetrics(from: &reader))
        case .sampleBlock: self = .sampleBlock(try SampleBlock(from: &reader))
        case .runComplete: self = .runComplete(try RunComplete(from: &reader))
        case .fault: self = .fault(try Fault(from: &reader))
        case .keepAliveReply: self = .keepAliveReply(try KeepAliveReply(from: &reader))
        case .clockSyncReply: self = .clockSyncReply(try ClockSyncReply(from: &reader))
        }
    }

    /// The type byte of this message.
    public var typeCode: UInt8 {
        switch self {
        case .getInfo: MessageType.getInfo.rawValue
        case .getStatus: MessageType.getStatus.rawValue
        case .uploadMethod: MessageType.uploadMethod.rawValue
        case .startRun: MessageType.startRun.rawValue
        case .abortRun: MessageType.abortRun.rawValue
        case .keepAlive: MessageType.keepAlive.rawValue
        case .clockSync: MessageType.clockSync.rawValue
        case .ack: MessageType.ack.rawValue
        case .nack: MessageType.nack.rawValue
        case .deviceInfo: MessageType.deviceInfo.rawValue
        case .status: MessageType.status.rawValue
        case .phaseChanged: MessageType.phaseChanged.rawValue
        case .breathMetrics: MessageType.breathMetrics.rawValue
        case .sampleBlock: MessageType.sampleBlock.rawValue
        case .runComplete: MessageType.runComplete.rawValue
        case .fault: MessageType.fault.rawValue
        case .keepAliveReply: MessageType.keepAliveReply.rawValue
        case .clockSyncReply: MessageType.clockSyncReply.rawValue
        case .unknown(let type, _): type
        }
    }

    /// The payload bytes of this message.
    public func encodedPayload() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .getInfo, .getStatus: break
        case .uploadMethod(let method): method.write(to: &writer)
        case .startRun(let start): start.write(to: &writer)
        case .abortRun(let run): writer.uuid(run.uuid)
        case .keepAlive(let counter): writer.u32(counter)
        case .clockSync(let hostTime): writer.u64(hostTime)
        case .ack(let ack): ack.write(to: &writer)
        case .nack(let nack): nack.write(to: &writer)
        case .deviceInfo(let info): info.write(to: &writer)
        case .status(let status): status.write(to: &writer)
        case .phaseChanged(let change): change.write(to: &writer)
        case .breathMetrics(let metrics): metrics.write(to: &writer)
        case .sampleBlock(let block): block.write(to: &writer)
        case .runComplete(let complete): complete.write(to: &writer)
        case .fault(let fault): fault.write(to: &writer)
        case .keepAliveReply(let reply): reply.write(to: &writer)
        case .clockSyncReply(let reply): reply.write(to: &writer)
        case .unknown(_, let payload): writer.raw(payload)
        }
        return writer.bytes
    }

    /// A frame carrying this message. Answers to host requests get the RESPONSE flag.
    public func frame(sequence: UInt16, flags: FrameFlags = []) -> Frame {
        var flags = flags
        if isResponse { flags.insert(.response) }
        return Frame(type: typeCode, flags: flags, sequence: sequence, payload: encodedPayload())
    }

    /// Whether this message answers a host request (PROTOCOL.md 2.1).
    public var isResponse: Bool {
        switch self {
        case .ack, .nack, .deviceInfo, .status, .keepAliveReply, .clockSyncReply: true
        default: false
        }
    }
}
