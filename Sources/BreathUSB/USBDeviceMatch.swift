/// Which USB device the host talks to: the protocol's VID:PID (PROTOCOL.md 1, taken from
/// configuration for production units) and, optionally, one unit's serial number.
public struct USBDeviceMatch: Sendable, Hashable, CustomStringConvertible {
    public var vendorID: UInt16
    public var productID: UInt16
    /// When set, only the unit whose `iSerialNumber` is this string matches; that is how a
    /// device is re-found after it re-enumerates under a new bus address.
    public var serial: String?

    /// The pid.codes test VID:PID of PROTOCOL.md 1.
    public static let protocolDefault = USBDeviceMatch(vendorID: 0x1209, productID: 0xB7EA)

    /// A vendor or product id written in hex, with or without `0x` ("0x1209", "b7ea").
    public static func id(parsing text: String) -> UInt16? {
        let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        return UInt16(digits, radix: 16)
    }

    public init(vendorID: UInt16, productID: UInt16, serial: String? = nil) {
        self.vendorID = vendorID
        self.productID = productID
        self.serial = serial
    }

    public var description: String {
        let ids = String(format4(vendorID)) + ":" + String(format4(productID))
        return serial.map { "\(ids) serial \($0)" } ?? ids
    }
}

/// A device on the bus that matched.
public struct USBDeviceDescription: Sendable, Hashable, Codable {
    public var bus: Int
    public var address: Int
    public var vendorID: UInt16
    public var productID: UInt16
    /// The serial string descriptor; nil when the device has none or it cannot be read
    /// (no permission to open the node).
    public var serial: String?
}

private func format4(_ value: UInt16) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
