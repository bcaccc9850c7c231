import BreathWire

/// What a ``DeviceSession`` reports while connected, in arrival order.
public enum SessionEvent: Sendable, Hashable {
    case phaseChanged(PhaseChange)
    case breathMetrics(BreathMetrics)
    case samples(SampleBlock)
    case fault(Fault)
    case runComplete(RunComplete)
    /// Frames were lost on an endpoint: the sequence jumped by `missing + 1`.
    case sequenceGap(endpoint: Endpoint, missing: Int)
    /// A frame arrived with a valid CRC but a payload its type cannot hold.
    case malformedFrame(endpoint: Endpoint, type: UInt8, reason: String)
    /// No byte arrived for `silentFor` during a run (the stall watchdog, ``DeviceSession/Options/stallTimeout``).
    case stalled(silentFor: Duration)
    /// The link ended; `reason` is nil after a normal close.
    case linkClosed(reason: LinkError?)
}

/// Why a session request failed.
public enum SessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The device refused the command.
    case refused(Nack)
    /// No answer arrived in time.
    case timedOut(command: String)
    /// The device speaks another major protocol version (the minor is unknown when only a
    /// foreign frame header was seen).
    case unsupportedProtocol(major: UInt8, minor: UInt8?)
    /// The link ended before the answer.
    case linkClosed
    /// The device answered with something that does not fit the request.
    case unexpectedAnswer(String)

    public var description: String {
        switch self {
        case .refused(let nack):
            "device refused \(MessageType(rawValue: nack.requestType)?.specName ?? "command"): \(nack.code)"
                + (nack.detail.isEmpty ? "" : " (\(nack.detail))")
        case .timedOut(let command): "device did not answer \(command) in time"
        case .unsupportedProtocol(let major, let minor):
            "device speaks protocol \(major).\(minor.map(String.init) ?? "x"); this host speaks \(Frame.protocolVersion.major).x"
        case .linkClosed: "the device link closed"
        case .unexpectedAnswer(let text): "unexpected answer from device: \(text)"
        }
    }
}
