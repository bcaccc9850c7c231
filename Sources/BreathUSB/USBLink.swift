import BreathDevice
import BreathWire
import CLibUSB
import Foundation
import Synchronization

/// A ``DeviceLink`` to a real device through libusb's asynchronous API.
///
/// Several bulk IN transfers (data endpoint) and interrupt IN transfers (event endpoint) stay
/// in flight and are resubmitted from their completion callbacks on the context's event
/// thread, so the device never waits on the host. A halted endpoint is cleared and streaming
/// goes on; an overflow or a transfer error is counted and streaming goes on; a vanished
/// device ends ``transfers`` with ``LinkError/disconnected`` after everything already received.
/// A link is one connection: after a disconnect, ``USBConnector`` opens a new one.
public final class USBLink: DeviceLink {
    public let transfers: AsyncThrowingStream<Transfer, any Error>
    /// The device this link talks to.
    public let device: USBDeviceDescription
    private let core: USBLinkCore

    init(handle: OpaquePointer, device: USBDeviceDescription, options: USBLinkOptions) throws(USBError) {
        self.device = device
        let (stream, continuation) = AsyncThrowingStream<Transfer, any Error>.makeStream()
        transfers = stream
        core = USBLinkCore(handle: handle, options: options, output: continuation)
        try core.claim()
        core.drain()
        try core.startStreaming()
    }

    public func write(_ bytes: [UInt8]) async throws {
        try await core.write(bytes)
    }

    public func close() async {
        await core.close()
    }

    /// Transfer and error counts so far.
    public var statistics: USBLinkStatistics { core.statistics }
}

/// The libusb side of a ``USBLink``: the handle, the transfers and their callbacks.
///
/// Callbacks run on the context's event thread and every other method on the caller's;
/// all mutable state sits behind one mutex.
final class USBLinkCore: Sendable {
    /// A libusb device handle is safe to use from several threads.
    nonisolated(unsafe) private let handle: OpaquePointer
    private let options: USBLinkOptions
    private let output: AsyncThrowingStream<Transfer, any Error>.Continuation
    private let state = Mutex(State())

    private struct State {
        /// Streaming transfers, allocated once and reused; freed at close.
        var streaming: [TransferPointer] = []
        /// Every submitted transfer not yet completed (streaming and writes).
        var inFlight: Set<TransferPointer> = []
        var writes: [TransferPointer: CheckedContinuation<Void, any Error>] = [:]
        var consecutiveErrors: [UInt8: Int] = [:]
        var statistics = USBLinkStatistics()
        var closing = false
        var ended = false
        var idle: CheckedContinuation<Void, Never>?
        /// Streaming submissions so far, and when each transfer and each endpoint's last
        /// halt clearing happened in that count: which stalls belong to one halt.
        var submissions = 0
        var submittedAt: [TransferPointer: Int] = [:]
        var haltClearedAt: [UInt8: Int] = [:]

        /// Submits a streaming transfer; libusb's result.
        mutating func submit(_ transfer: TransferPointer) -> Int32 {
            let result = libusb_submit_transfer(transfer.pointer)
            guard result == 0 else { return result }
            inFlight.insert(transfer)
            submittedAt[transfer] = submissions
            submissions += 1
            return result
        }
    }

    init(handle: OpaquePointer, options: USBLinkOptions, output: AsyncThrowingStream<Transfer, any Error>.Continuation) {
        self.handle = handle
        self.options = options
        self.output = output
    }

    var statistics: USBLinkStatistics { state.withLock { $0.statistics } }

    // MARK: Opening

    /// PROTOCOL.md 1: detach a kernel driver, select configuration 1, claim interface 0, clear halts.
    func claim() throws(USBError) {
        // Detach only a driver the kernel reports bound. Auto-detach instead makes the claim
        // fail on a usbfs that cannot answer the driver query (umockdev's pcap replay).
        if libusb_kernel_driver_active(handle, Int32(USBLayout.interface)) == 1 {
            try check(libusb_detach_kernel_driver(handle, Int32(USBLayout.interface)), "detach the kernel driver")
        }
        var active: Int32 = 0
        try check(libusb_get_configuration(handle, &active), "read the active configuration")
        if active != USBLayout.configuration {
            try check(libusb_set_configuration(handle, USBLayout.configuration), "set configuration 1")
        }
        try check(libusb_claim_interface(handle, USBLayout.interface), "claim interface 0")
        for endpoint in [USBLayout.commandOut, USBLayout.dataIn, USBLayout.eventIn] {
            try check(libusb_clear_halt(handle, endpoint), "clear halt on endpoint \(hex(endpoint))")
        }
    }

    /// Reads and drops what a previous session left in the IN endpoints, until each has been
    /// quiet for the quiet period (bounded by the drain limit).
    func drain() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: USBLayout.dataTransferSize)
        defer { buffer.deallocate() }
        let quiet = UInt32(options.drainQuietPeriod.milliseconds)
        let clock = ContinuousClock()
        let deadline = clock.now + options.drainLimit
        var drained = 0
        for (endpoint, size) in [(USBLayout.dataIn, USBLayout.dataTransferSize), (USBLayout.eventIn, USBLayout.eventTransferSize)] {
            while clock.now < deadline {
                var length: Int32 = 0
                let result = endpoint == USBLayout.eventIn
                    ? libusb_interrupt_transfer(handle, endpoint, buffer, Int32(size), &length, quiet)
                    : libusb_bulk_transfer(handle, endpoint, buffer, Int32(size), &length, quiet)
                drained += Int(length)
                if result == LIBUSB_ERROR_PIPE.rawValue { _ = libusb_clear_halt(handle, endpoint) }
                guard result == 0, length > 0 else { break }
            }
        }
        state.withLock { $0.statistics.staleBytesDrained = drained }
    }

    /// Allocates the streaming transfers and submits them all.
    func startStreaming() throws(USBError) {
        let plan = [(USBLayout.dataIn, USBLayout.dataTransferSize, options.dataTransfersInFlight, UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue)),
                    (USBLayout.eventIn, USBLayout.eventTransferSize, options.eventTransfersInFlight, UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue))]
        // The callbacks reach the core through user_data: keep it alive until close() has
        // seen the last of them, even if the link object is dropped first.
        let user = Unmanaged.passRetained(self).toOpaque()
        var transfers: [TransferPointer] = []
        for (endpoint, size, count, type) in plan {
            for _ in 0..<count {
                guard let transfer = libusb_alloc_transfer(0) else { continue }
                transfer.pointee.dev_handle = handle
                transfer.pointee.endpoint = endpoint
                transfer.pointee.type = type
                transfer.pointee.timeout = 0
                transfer.pointee.buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
                transfer.pointee.length = Int32(size)
                transfer.pointee.callback = streamingCallback
                transfer.pointee.user_data = user
                transfers.append(TransferPointer(transfer))
            }
        }
        state.withLock { $0.streaming = transfers }
        for transfer in transfers {
            let submitted = state.withLock { $0.submit(transfer) }
            try check(submitted, "submit a transfer on endpoint \(hex(transfer.pointer.pointee.endpoint))")
        }
    }

    // MARK: Streaming

    /// A streaming transfer completed: hand its bytes on and resubmit it, unless the link is ending.
    func streamingCompleted(_ transfer: TransferPointer) {
        let raw = transfer.pointer.pointee
        let endpoint = raw.endpoint
        var bytes: [UInt8] = []
        var resubmit = false
        var gone = false
        switch raw.status {
        case LIBUSB_TRANSFER_COMPLETED:
            bytes = Array(UnsafeBufferPointer(start: raw.buffer, count: Int(raw.actual_length)))
            resubmit = true
        case LIBUSB_TRANSFER_STALL:
            // A halted endpoint: cleared below, and streaming goes on; lost frames show as
            // sequence gaps. A stalled transfer can carry data that arrived before the halt.
            bytes = Array(UnsafeBufferPointer(start: raw.buffer, count: Int(raw.actual_length)))
            resubmit = true
        case LIBUSB_TRANSFER_OVERFLOW, LIBUSB_TRANSFER_ERROR, LIBUSB_TRANSFER_TIMED_OUT:
            resubmit = true
        case LIBUSB_TRANSFER_NO_DEVICE:
            gone = true
        default: // LIBUSB_TRANSFER_CANCELLED: the link is closing.
            break
        }
        let end: Bool = state.withLock { state in
            state.inFlight.remove(transfer)
            switch raw.status {
            case LIBUSB_TRANSFER_COMPLETED:
                state.statistics.transfersIn += 1
                state.statistics.bytesIn += bytes.count
                state.consecutiveErrors[endpoint] = 0
            case LIBUSB_TRANSFER_STALL:
                // Every transfer in flight fails with the one halt: clear it once, for the
                // first of them; those submitted before that clear just go back in.
                if state.submittedAt[transfer, default: 0] >= state.haltClearedAt[endpoint, default: -1] {
                    state.statistics.stalls += 1
                    state.haltClearedAt[endpoint] = state.submissions
                    gone = libusb_clear_halt(handle, endpoint) == LIBUSB_ERROR_NO_DEVICE.rawValue
                }
            case LIBUSB_TRANSFER_OVERFLOW: state.statistics.overflows += 1
            case LIBUSB_TRANSFER_ERROR, LIBUSB_TRANSFER_TIMED_OUT:
                state.statistics.transferErrors += 1
                state.consecutiveErrors[endpoint, default: 0] += 1
                // A device that fails every transfer (unplug on some controllers reports
                // EPROTO before ENODEV) is taken as gone rather than retried for ever.
                if state.consecutiveErrors[endpoint, default: 0] >= options.consecutiveErrorLimit { gone = true }
            default: break
            }
            // Yield inside the lock so the byte order of an endpoint survives two callbacks.
            if !bytes.isEmpty, !state.ended { output.yield(Transfer(endpoint: Endpoint(rawValue: endpoint) ?? .dataIn, bytes: bytes)) }
            if resubmit, !gone, !state.closing, !state.ended {
                gone = state.submit(transfer) != 0
            }
            return gone
        }
        if end { endStream(throwing: LinkError.disconnected) }
        resumeIfIdle()
    }

    /// Ends the inbound stream once; later data is dropped (there is none after a disconnect).
    private func endStream(throwing error: LinkError?) {
        let first = state.withLock { state -> Bool in
            defer { state.ended = true }
            return !state.ended
        }
        guard first else { return }
        if let error { output.finish(throwing: error) } else { output.finish() }
    }

    // MARK: Writing

    func write(_ bytes: [UInt8]) async throws {
        guard let transfer = libusb_alloc_transfer(0) else { throw USBError("allocate a transfer", code: LIBUSB_ERROR_NO_MEM.rawValue) }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        buffer.initialize(from: bytes, count: bytes.count)
        transfer.pointee.dev_handle = handle
        transfer.pointee.endpoint = USBLayout.commandOut
        transfer.pointee.type = UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue)
        transfer.pointee.timeout = UInt32(options.writeTimeout.milliseconds)
        transfer.pointee.buffer = buffer
        transfer.pointee.length = Int32(bytes.count)
        transfer.pointee.callback = writeCallback
        transfer.pointee.user_data = Unmanaged.passUnretained(self).toOpaque()
        let pointer = TransferPointer(transfer)
        defer {
            buffer.deallocate()
            libusb_free_transfer(transfer)
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let failure: (any Error)? = state.withLock { state in
                guard !state.closing else { return LinkError.closed }
                guard !state.ended else { return LinkError.disconnected }
                let result = libusb_submit_transfer(transfer)
                guard result == 0 else {
                    return result == LIBUSB_ERROR_NO_DEVICE.rawValue ? LinkError.disconnected : USBError("write a command", code: result)
                }
                state.inFlight.insert(pointer)
                state.writes[pointer] = continuation
                return nil
            }
            if let failure { continuation.resume(throwing: failure) }
        }
    }

    /// A command write completed: resume its writer with the outcome.
    func writeCompleted(_ transfer: TransferPointer) {
        let raw = transfer.pointer.pointee
        let outcome: Result<Void, any Error>
        switch raw.status {
        case LIBUSB_TRANSFER_COMPLETED where raw.actual_length == raw.length: outcome = .success(())
        case LIBUSB_TRANSFER_COMPLETED: outcome = .failure(USBError("write a command (short write)", code: LIBUSB_ERROR_IO.rawValue))
        case LIBUSB_TRANSFER_TIMED_OUT: outcome = .failure(USBError("write a command", code: LIBUSB_ERROR_TIMEOUT.rawValue))
        case LIBUSB_TRANSFER_STALL:
            _ = libusb_clear_halt(handle, USBLayout.commandOut)
            outcome = .failure(USBError("write a command", code: LIBUSB_ERROR_PIPE.rawValue))
        case LIBUSB_TRANSFER_NO_DEVICE: outcome = .failure(LinkError.disconnected)
        case LIBUSB_TRANSFER_CANCELLED: outcome = .failure(LinkError.closed)
        default: outcome = .failure(USBError("write a command", code: LIBUSB_ERROR_IO.rawValue))
        }
        let continuation = state.withLock { state in
            state.inFlight.remove(transfer)
            switch raw.status {
            case LIBUSB_TRANSFER_TIMED_OUT: state.statistics.timeouts += 1
            case LIBUSB_TRANSFER_STALL: state.statistics.stalls += 1
            case LIBUSB_TRANSFER_ERROR: state.statistics.transferErrors += 1
            default: break
            }
            return state.writes.removeValue(forKey: transfer)
        }
        continuation?.resume(with: outcome)
        if raw.status == LIBUSB_TRANSFER_NO_DEVICE { endStream(throwing: LinkError.disconnected) }
        resumeIfIdle()
    }

    // MARK: Closing

    /// Cancels every transfer, waits for their callbacks, releases the interface and closes the handle.
    func close() async {
        let toCancel = state.withLock { state -> [TransferPointer]? in
            guard !state.closing else { return nil }
            state.closing = true
            return Array(state.inFlight)
        }
        guard let toCancel else { return }
        for transfer in toCancel { _ = libusb_cancel_transfer(transfer.pointer) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                guard state.inFlight.isEmpty else {
                    state.idle = continuation
                    return false
                }
                return true
            }
            if idle { continuation.resume() }
        }
        _ = libusb_release_interface(handle, USBLayout.interface)
        libusb_close(handle)
        let streaming = state.withLock { state in
            defer { state.streaming = [] }
            return state.streaming
        }
        for transfer in streaming {
            transfer.pointer.pointee.buffer.deallocate()
            libusb_free_transfer(transfer.pointer)
        }
        if !streaming.isEmpty { Unmanaged.passUnretained(self).release() }
        endStream(throwing: nil)
    }

    private func resumeIfIdle() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.closing, state.inFlight.isEmpty else { return nil }
            defer { state.idle = nil }
            return state.idle
        }
        waiter?.resume()
    }
}

/// A libusb transfer, hashable by address; only touched under the core's mutex or by libusb.
struct TransferPointer: Hashable, @unchecked Sendable {
    let pointer: UnsafeMutablePointer<libusb_transfer>
    init(_ pointer: UnsafeMutablePointer<libusb_transfer>) { self.pointer = pointer }
}

private let streamingCallback: libusb_transfer_cb_fn = { transfer in
    guard let transfer, let user = transfer.pointee.user_data else { return }
    Unmanaged<USBLinkCore>.fromOpaque(user).takeUnretainedValue().streamingCompleted(TransferPointer(transfer))
}

private let writeCallback: libusb_transfer_cb_fn = { transfer in
    guard let transfer, let user = transfer.pointee.user_data else { return }
    Unmanaged<USBLinkCore>.fromOpaque(user).takeUnretainedValue().writeCompleted(TransferPointer(transfer))
}

func hex(_ endpoint: UInt8) -> String { "0x" + String(endpoint, radix: 16) }

extension Duration {
    /// Whole milliseconds, for libusb's timeouts.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
