import BreathDevice
import CLibUSB
import Foundation
import Synchronization

/// Finds the device by VID:PID (and serial), waits for it to arrive, and opens links to it.
///
/// A link ends when the device goes away; the connector opens a fresh one when it comes back,
/// re-finding it by serial from a new device list, so no handle outlives a re-enumeration.
/// Arrivals come from libusb's hotplug callbacks where the system has them, otherwise from a
/// rescan once a second while waiting.
public final class USBConnector: Sendable {
    public let match: USBDeviceMatch
    public let options: USBLinkOptions
    private let context: USBContext
    private let arrivals = ArrivalSignal()
    private let registration: Int32?

    public init(context: USBContext, match: USBDeviceMatch, options: USBLinkOptions = USBLinkOptions()) {
        self.context = context
        self.match = match
        self.options = options
        var handle: libusb_hotplug_callback_handle = 0
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        let result = context.supportsHotplug
            ? libusb_hotplug_register_callback(
                context.pointer, events, 0, Int32(match.vendorID), Int32(match.productID), LIBUSB_HOTPLUG_MATCH_ANY,
                hotplugCallback, Unmanaged.passUnretained(arrivals).toOpaque(), &handle)
            : LIBUSB_ERROR_NOT_SUPPORTED.rawValue
        registration = result == 0 ? handle : nil
    }

    deinit {
        // libusb_exit already dropped the callback if the context was shut down first.
        if let registration, context.isOpen { libusb_hotplug_deregister_callback(context.pointer, registration) }
    }

    /// Matching devices on the bus now.
    public func devices() -> [USBDeviceDescription] {
        withDeviceList { list in list.compactMap { describe($0) } }
    }

    /// Opens a link to the matching device, waiting up to `timeout` for one to arrive.
    ///
    /// Opening claims the interface, clears halts and drains stale data (PROTOCOL.md 1); it
    /// blocks, so it runs on its own thread rather than on Swift's cooperative pool.
    public func connect(waitingUpTo timeout: Duration = .zero) async throws -> USBLink {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastError: USBError?
        while true {
            let generation = arrivals.generation
            do {
                if let link = try await onOwnThread({ [self] () throws(USBError) in try openFirstMatch() }) { return link }
            } catch {
                // Permission and busy errors are worth reporting if nothing else turns up.
                lastError = error
            }
            guard clock.now < deadline else { throw USBConnectError.noDevice(match, lastError: lastError) }
            let wait = registration == nil ? min(deadline, clock.now + .seconds(1)) : deadline
            await arrivals.wait(after: generation, until: wait)
        }
    }

    private func openFirstMatch() throws(USBError) -> USBLink? {
        var failure: USBError?
        let link: USBLink? = withDeviceList { list in
            for device in list {
                guard let description = describe(device) else { continue }
                do throws(USBError) {
                    var handle: OpaquePointer?
                    try check(libusb_open(device, &handle), "open \(match) at bus \(description.bus) address \(description.address)")
                    guard let handle else { continue }
                    do throws(USBError) {
                        return try USBLink(handle: handle, device: description, options: options)
                    } catch {
                        libusb_close(handle)
                        throw error
                    }
                } catch {
                    failure = error
                }
            }
            return nil
        }
        if let link { return link }
        if let failure { throw failure }
        return nil
    }

    /// The device's identity if it matches, reading its serial string when a serial is asked for
    /// or the device has one (which needs permission to open it).
    private func describe(_ device: OpaquePointer) -> USBDeviceDescription? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0,
              descriptor.idVendor == match.vendorID, descriptor.idProduct == match.productID else { return nil }
        var description = USBDeviceDescription(
            bus: Int(libusb_get_bus_number(device)), address: Int(libusb_get_device_address(device)),
            vendorID: descriptor.idVendor, productID: descriptor.idProduct, serial: nil)
        if descriptor.iSerialNumber != 0 {
            var handle: OpaquePointer?
            if libusb_open(device, &handle) == 0, let handle {
                var buffer = [UInt8](repeating: 0, count: 256)
                let length = libusb_get_string_descriptor_ascii(handle, descriptor.iSerialNumber, &buffer, Int32(buffer.count))
                if length > 0 { description.serial = String(decoding: buffer[0..<Int(length)], as: UTF8.self) }
                libusb_close(handle)
            }
        }
        if let wanted = match.serial, description.serial != wanted { return nil }
        return description
    }

    private func withDeviceList<T>(_ body: ([OpaquePointer]) -> T) -> T {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context.pointer, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        guard count > 0, let list else { return body([]) }
        return body((0..<count).compactMap { list[$0] })
    }
}

/// Why no link could be opened.
public enum USBConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No matching device arrived in time; `lastError` says why a present one could not be opened.
    case noDevice(USBDeviceMatch, lastError: USBError?)

    public var description: String {
        switch self {
        case .noDevice(let match, let error):
            "no device \(match) on the USB bus" + (error.map { " (\($0))" } ?? "")
        }
    }
}

/// Counts device arrivals and wakes whoever waits for the next one.
final class ArrivalSignal: Sendable {
    private let state = Mutex<(generation: Int, waiters: [Int: CheckedContinuation<Void, Never>], nextWaiter: Int)>((0, [:], 0))

    var generation: Int { state.withLock { $0.generation } }

    /// Called on the event thread for every arrival or departure.
    func signal() {
        let waiters = state.withLock { state in
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns after an event newer than `generation`, or at `deadline`.
    func wait(after generation: Int, until deadline: ContinuousClock.Instant) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id: Int? = state.withLock { state in
                guard state.generation == generation else { return nil }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = continuation
                return id
            }
            guard let id else { return continuation.resume() }
            Task { [self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume()
            }
        }
    }
}

private let hotplugCallback: libusb_hotplug_callback_fn = { _, _, _, user in
    if let user { Unmanaged<ArrivalSignal>.fromOpaque(user).takeUnretainedValue().signal() }
    return 0 // stay registered
}

/// Runs blocking libusb work on a thread of its own and returns its result.
private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws(USBError) -> T) async throws(USBError) -> T {
    let result: Result<T, USBError> = await withCheckedContinuation { continuation in
        let thread = Thread {
            do throws(USBError) { continuation.resume(returning: .success(try body())) } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        thread.start()
    }
    return try result.get()
}
