import BreathWire

/// A byte-level connection to a device: the USB link, the in-process emulator, or a
/// replayed capture. ``DeviceSession`` drives every kind the same way.
public protocol DeviceLink: Sendable {
    /// Inbound transfers from the device's IN endpoints, in arrival order. The stream ends
    /// with ``LinkError/disconnected`` when the device goes away, normally after ``close()``.
    var transfers: AsyncThrowingStream<Transfer, any Error> { get }
    /// Writes `bytes` to the command endpoint (bulk OUT).
    func write(_ bytes: [UInt8]) async throws
    /// Releases the device; the transfer stream finishes.
    func close() async
}

/// Bytes that crossed the link in one transfer.
public struct Transfer: Sendable, Hashable {
    public var endpoint: Endpoint
    public var bytes: [UInt8]

    public init(endpoint: Endpoint, bytes: [UInt8]) {
        self.endpoint = endpoint
        self.bytes = bytes
    }
}

/// Why a link failed.
public enum LinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The device left the bus (unplugged, powered off, or re-enumerated).
    case disconnected
    /// The link was closed by the host.
    case closed

    public var description: String {
        switch self {
        case .disconnected: "the device disconnected"
        case .closed: "the link is closed"
        }
    }
}
