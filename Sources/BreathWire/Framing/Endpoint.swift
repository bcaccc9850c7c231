/// The USB endpoints of the device's vendor interface (PROTOCOL.md section 1).
///
/// Each endpoint is its own frame stream with its own sequence counter, so decoders and
/// sequence checks are kept per endpoint.
public enum Endpoint: UInt8, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Bulk OUT: host commands.
    case commandOut = 0x01
    /// Bulk IN: responses and streamed data.
    case dataIn = 0x81
    /// Interrupt IN: asynchronous events.
    case eventIn = 0x82

    /// Whether data on this endpoint flows from the device to the host.
    public var isInbound: Bool { rawValue & 0x80 != 0 }

    public var description: String {
        switch self {
        case .commandOut: "bulk-out"
        case .dataIn: "bulk-in"
        case .eventIn: "interrupt-in"
        }
    }
}
