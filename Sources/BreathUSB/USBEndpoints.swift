import BreathWire

/// The interface and endpoint layout of PROTOCOL.md 1, and the host's transfer sizes.
enum USBLayout {
    static let configuration: Int32 = 1
    static let interface: Int32 = 0
    static let commandOut = Endpoint.commandOut.rawValue
    static let dataIn = Endpoint.dataIn.rawValue
    static let eventIn = Endpoint.eventIn.rawValue
    /// Bulk IN transfers are a multiple of the max packet size so a packet never overflows.
    static let dataTransferSize = 16 * 1024
    static let eventTransferSize = 64
}
