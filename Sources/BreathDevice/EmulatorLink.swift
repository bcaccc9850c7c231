import BreathEmulator
import BreathWire

/// A link to an ``EmulatedDevice`` running in this process.
///
/// The emulator's virtual clock is driven either in scaled real time or as fast as
/// possible; either way the device's bytes are the same for the same commands and seed.
public final class EmulatorLink: DeviceLink {
    /// How device time relates to wall time.
    public enum Pacing: Sendable, Hashable {
        /// `speed` device seconds per wall second (1 = real time).
        case realTime(speed: Double)
        /// Device time jumps from event to event.
        case asFastAsPossible
    }

    public let transfers: AsyncThrowingStream<Transfer, any Error>
    private let driver: EmulatorDriver

    /// Powers on an emulated device and starts its clock.
    public init(configuration: EmulatorConfiguration, pacing: Pacing = .asFastAsPossible) {
        let (stream, continuation) = AsyncThrowingStream<Transfer, any Error>.makeStream()
        transfers = stream
        driver = EmulatorDriver(device: EmulatedDevice(configuration: configuration), pacing: pacing, output: continuation)
        let driver = driver
        Task { await driver.runClock() }
    }

    public func write(_ bytes: [UInt8]) async throws {
        try await driver.write(bytes)
    }

    public func close() async {
        await driver.close()
    }
}

/// Owns the emulated device and moves its clock; an actor so writes and ticks never interleave.
private actor EmulatorDriver {
    private var device: EmulatedDevice
    private let pacing: EmulatorLink.Pacing
    private let output: AsyncThrowingStream<Transfer, any Error>.Continuation
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var wake: CheckedContinuation<Void, Never>?
    private var closed = false

    init(device: EmulatedDevice, pacing: EmulatorLink.Pacing, output: AsyncThrowingStream<Transfer, any Error>.Continuation) {
        self.device = device
        self.pacing = pacing
        self.output = output
        origin = clock.now
    }

    func write(_ bytes: [UInt8]) throws {
        guard !closed else { throw LinkError.closed }
        guard !device.isDisconnected else { throw LinkError.disconnected }
        if let wallTime = deviceTimeNow() { device.advance(to: wallTime) }
        device.receive(bytes)
        deliver()
        wake?.resume()
        wake = nil
    }

    func close() {
        closed = true
        output.finish()
        wake?.resume()
        wake = nil
    }

    func runClock() async {
        while !closed {
            guard let next = device.nextEventTime else {
                await withCheckedContinuation { wake = $0 }
                continue
            }
            if case .realTime(let speed) = pacing {
                let due = origin + .microseconds(Double(next) / speed)
                if clock.now < due {
                    // Sleep in short slices so a write's new schedule is seen promptly.
                    try? await clock.sleep(until: min(due, clock.now + .milliseconds(50)))
                    continue
                }
            }
            device.advance(to: next)
            deliver()
            // Let a waiting host write between bursts, as a real bus would.
            await Task.yield()
        }
    }

    private func deviceTimeNow() -> UInt64? {
        guard case .realTime(let speed) = pacing else { return nil }
        let elapsed = clock.now - origin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return UInt64(max(0, seconds * speed * 1e6))
    }

    private func deliver() {
        for piece in device.takeOutput() {
            output.yield(Transfer(endpoint: piece.endpoint, bytes: piece.bytes))
        }
        if device.isDisconnected {
            closed = true
            output.finish(throwing: LinkError.disconnected)
        }
    }
}
