import ArgumentParser
import BreathEmulator
import Glibc

/// Runs an emulated device as a separate process, speaking the pipe protocol on stdin/stdout,
/// so that a USB device model outside Swift (the umockdev test device) can bridge to it.
@main
struct BreathEmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breath-emulator",
        abstract: "Run an emulated micro-GC (synthetic data) behind a record pipe on stdin/stdout.",
        discussion: """
            Records are a kind byte, a u32 little-endian length and a payload. Host to emulator: \
            O (bulk OUT bytes), T (tick: jump to the next scheduled event), Q (quit). Emulator to \
            host: I (endpoint byte, then the bytes the device sent), G (the device left the bus), \
            K (end of an answer: device time u64 µs, then 1 if the device only waits for the host). \
            Every host record is answered by zero or more I/G records and one K. With \
            --real-time-factor the device also sends I...K bursts by itself when their time comes. \
            The same options and host records always give the same bytes.

            Faults (repeat --fault): disconnect@S, corrupt#N, drop#N, stall@S+D, \
            fault:CODE:SEVERITY@S (S, D in run seconds; N the 0-based bulk IN frame ordinal).
            """)

    @Option(help: "Seed of the chromatogram, breath metrics and noise.")
    var seed: UInt64 = 1

    @Option(help: "Synthetic subject: control or case-like.")
    var subject: EmulatorConfiguration.Subject = .control

    @Option(help: "USB serial number (iSerialNumber and DEVICE_INFO).")
    var serial: String?

    @Option(help: "Breath volume the patient can exhale, mL (below the method's target gives a low-volume fault).")
    var breathVolume: Double?

    @Option(help: "Fractional retention drift of the column, e.g. 0.02.")
    var retentionDrift: Double = 0

    @Option(name: .customLong("fault"), help: "Inject a fault (repeatable, see above).")
    var faults: [FaultSpecification] = []

    @Option(help: "Device seconds per wall second; without it device time jumps on each T record.")
    var realTimeFactor: Double?

    mutating func validate() throws {
        if let realTimeFactor, !(realTimeFactor > 0) { throw ValidationError("--real-time-factor must be positive") }
    }

    func run() throws {
        var configuration = EmulatorConfiguration()
        configuration.seed = seed
        configuration.subject = subject
        if let serial { configuration.serial = serial }
        if let breathVolume { configuration.breath.availableVolumeML = breathVolume }
        configuration.retentionDrift = retentionDrift
        configuration.faults = faults.map(\.fault)
        var host = EmulatorHost(device: EmulatedDevice(configuration: configuration), realTimeFactor: realTimeFactor)
        host.serve()
    }
}

extension EmulatorConfiguration.Subject: ExpressibleByArgument {}

/// The pipe loop: reads host records, moves the device clock, writes the device's output.
struct EmulatorHost {
    private var device: EmulatedDevice
    private let realTimeFactor: Double?
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var reader = PipeReader(descriptor: STDIN_FILENO)
    private let writer = PipeWriter(descriptor: STDOUT_FILENO)

    init(device: EmulatedDevice, realTimeFactor: Double?) {
        self.device = device
        self.realTimeFactor = realTimeFactor
        origin = clock.now
    }

    mutating func serve() {
        while true {
            var timeout: Int32 = -1
            if let factor = realTimeFactor {
                let now = wallDeviceTime(factor: factor)
                if let next = device.nextEventTime, next <= now {
                    device.advance(to: now)
                    answer()
                }
                if let next = device.nextEventTime {
                    let micros = Double(next > now ? next - now : 0) / factor
                    timeout = Int32(min(micros / 1000, 1000).rounded(.up))
                }
            }
            while let record = reader.nextBuffered() {
                guard handle(record) else { return }
            }
            if reader.atEnd { return }
            _ = reader.fill(timeoutMillis: timeout)
        }
    }

    /// Acts on one host record; false when the host asked to quit.
    private mutating func handle(_ record: PipeRecord) -> Bool {
        switch record.kind {
        case PipeRecord.out:
            if let factor = realTimeFactor { device.advance(to: wallDeviceTime(factor: factor)) }
            device.receive(record.payload)
        case PipeRecord.tick:
            if realTimeFactor == nil, let next = device.nextEventTime { device.advance(to: next) }
        case PipeRecord.quit:
            return false
        default:
            let message = Array("breath-emulator: unknown record kind 0x\(String(record.kind, radix: 16))\n".utf8)
            _ = write(STDERR_FILENO, message, message.count)
            return false
        }
        answer()
        return true
    }

    /// Sends everything the device produced, then the end-of-answer record.
    private mutating func answer() {
        for piece in device.takeOutput() {
            writer.send(PipeRecord(kind: PipeRecord.input, payload: [piece.endpoint.rawValue] + piece.bytes))
        }
        if device.isDisconnected { writer.send(PipeRecord(kind: PipeRecord.gone, payload: [])) }
        let time = device.now
        let idle: UInt8 = device.nextEventTime == nil ? 1 : 0
        writer.send(PipeRecord(kind: PipeRecord.done, payload: (0..<8).map { UInt8(truncatingIfNeeded: time >> (8 * $0)) } + [idle]))
    }

    private func wallDeviceTime(factor: Double) -> UInt64 {
        let elapsed = clock.now - origin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return UInt64(max(0, seconds * factor * 1e6))
    }
}
