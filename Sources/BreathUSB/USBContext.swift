import CLibUSB
import Foundation
import Synchronization

/// A libusb context with its event thread.
///
/// libusb completes asynchronous transfers and delivers hotplug notices only while some
/// thread handles its events. That thread is ours alone: it blocks in
/// `libusb_handle_events_timeout_completed` (no polling loop) and is woken with
/// `libusb_interrupt_event_handler` to stop, so Swift's cooperative pool never blocks on USB.
public final class USBContext: Sendable {
    /// libusb contexts are thread-safe; the pointer itself never changes.
    nonisolated(unsafe) let pointer: OpaquePointer
    private let loop: EventLoop

    /// Initialises libusb and starts the event thread.
    ///
    /// - Parameter logLevel: libusb's own diagnostics on stderr (`LIBUSB_LOG_LEVEL_NONE` by default).
    public init(logLevel: libusb_log_level = LIBUSB_LOG_LEVEL_NONE) throws(USBError) {
        var context: OpaquePointer?
        try check(libusb_init(&context), "initialise libusb")
        guard let context else { throw USBError("initialise libusb", code: LIBUSB_ERROR_OTHER.rawValue) }
        pointer = context
        _ = breath_libusb_set_log_level(context, Int32(logLevel.rawValue))
        loop = EventLoop(context: context)
        // The thread holds the loop, not the context, so the context is freed with its last user.
        let loop = loop
        let thread = Thread { loop.run() }
        thread.name = "breath-usb-events"
        thread.start()
    }

    /// Whether libusb can report device arrival and removal on this system.
    public var supportsHotplug: Bool { libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 }

    /// Whether the context is still open (``shutdown()`` not called yet).
    public var isOpen: Bool { loop.isRunning }

    /// Stops the event thread and releases libusb; connectors and links opened on this context
    /// stop working. Called at the latest when the last reference goes.
    public func shutdown() {
        guard loop.stop() else { return }
        libusb_exit(pointer)
    }

    deinit { shutdown() }
}

/// The event thread's loop and its stop switch.
private final class EventLoop: Sendable {
    nonisolated(unsafe) private let context: OpaquePointer
    private let running = Atomic<Bool>(true)
    private let stopped = DispatchSemaphore(value: 0)

    init(context: OpaquePointer) { self.context = context }

    var isRunning: Bool { running.load(ordering: .acquiring) }

    func run() {
        // A long timeout: the thread wakes for events, for an interrupt, and otherwise
        // once a minute, so an idle host costs no CPU.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        while running.load(ordering: .acquiring) {
            let result = libusb_handle_events_timeout_completed(context, &timeout, nil)
            if result < 0, result != LIBUSB_ERROR_INTERRUPTED.rawValue, result != LIBUSB_ERROR_TIMEOUT.rawValue {
                // Errors here are transient (EINTR-like); back off briefly rather than spin.
                usleep(10_000)
            }
        }
        stopped.signal()
    }

    /// Stops the loop and waits for it; false when it was already stopped.
    func stop() -> Bool {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return false }
        libusb_interrupt_event_handler(context)
        stopped.wait()
        return true
    }
}
