/// Message type bytes (PROTOCOL.md section 4). Host → device types are `0x01`–`0x3F`,
/// device → host types `0x80`–`0xBF`.
public enum MessageType: UInt8, Sendable, CaseIterable {
    case getInfo = 0x01
    case getStatus = 0x02
    case uploadMethod = 0x03
    case startRun = 0x04
    case abortRun = 0x05
    case keepAlive = 0x06
    case clockSync = 0x07
    case ack = 0x80
    case nack = 0x81
    case deviceInfo = 0x82
    case status = 0x83
    case phaseChanged = 0x84
    case breathMetrics = 0x85
    case sampleBlock = 0x86
    case runComplete = 0x87
    case fault = 0x88
    case keepAliveReply = 0x89
    case clockSyncReply = 0x8A

    /// The name the protocol document uses.
    public var specName: String {
        switch self {
        case .getInfo: "GET_INFO"
        case .getStatus: "GET_STATUS"
        case .uploadMethod: "UPLOAD_METHOD"
        case .startRun: "START_RUN"
        case .abortRun: "ABORT_RUN"
        case .keepAlive: "KEEPALIVE"
        case .clockSync: "CLOCK_SYNC"
        case .ack: "ACK"
        case .nack: "NACK"
        case .deviceInfo: "DEVICE_INFO"
        case .status: "STATUS"
        case .phaseChanged: "PHASE_CHANGED"
        case .breathMetrics: "BREATH_METRICS"
        case .sampleBlock: "SAMPLE_BLOCK"
        case .runComplete: "RUN_COMPLETE"
        case .fault: "FAULT"
        case .keepAliveReply: "KEEPALIVE_REPLY"
        case .clockSyncReply: "CLOCK_SYNC_REPLY"
        }
    }

    /// Whether the host sends this type.
    public var isCommand: Bool { rawValue < 0x80 }

    /// Whether the device sends this type on the interrupt endpoint rather than bulk IN.
    public var isEvent: Bool { self == .phaseChanged || self == .breathMetrics || self == .fault }
}
