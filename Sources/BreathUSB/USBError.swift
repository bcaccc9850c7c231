import CLibUSB

/// A libusb call that failed: which operation, and libusb's error code and name.
public struct USBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the host was doing, e.g. "claim interface 0".
    public var operation: String
    /// libusb's (negative) error code.
    public var code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// The device is gone: unplugged, powered off, or re-enumerated.
    public var isNoDevice: Bool { code == LIBUSB_ERROR_NO_DEVICE.rawValue }

    /// The caller lacks permission to open the device node (see the udev rule).
    public var isAccessDenied: Bool { code == LIBUSB_ERROR_ACCESS.rawValue }

    public var description: String {
        let name = String(cString: libusb_error_name(code))
        let hint = isAccessDenied ? " (is the udev rule installed and the user in the device's group?)" : ""
        return "\(operation) failed: \(name)\(hint)"
    }
}

/// Throws a ``USBError`` for a negative libusb return code; passes other values through.
@discardableResult
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(USBError) -> Int32 {
    guard result >= 0 else { throw USBError(operation(), code: result) }
    return result
}
