import BreathDevice
import BreathEmulator

/// Opens a link to the device. The daemon calls it again after a link ends (unplug, power
/// cycle), with backoff, so it survives the device going away without restarting.
///
/// One conformer per ``DaemonConfiguration/DeviceKind``; the USB and replay links plug in here.
public protocol DeviceConnector: Sendable {
    /// For status and logs: "emulator", "usb", "replay".
    var kind: String { get }
    /// Opens a fresh link; throws when no device can be reached now.
    func connect() async throws -> any DeviceLink
}

/// The in-process emulated device. Each connection powers on a new emulator with the same
/// configuration (seed, subject, injected faults); runs on one connection differ by run index.
public final class EmulatorConnector: DeviceConnector {
    public let kind = "emulator"
    private let configuration: EmulatorConfiguration
    private let pacing: EmulatorLink.Pacing

    public init(configuration: EmulatorConfiguration, pacing: EmulatorLink.Pacing) {
        self.configuration = configuration
        self.pacing = pacing
    }

    public func connect() async throws -> any DeviceLink {
        EmulatorLink(configuration: configuration, pacing: pacing)
    }
}

extension DaemonConfiguration {
    /// The connector the configuration names.
    public func makeConnector() -> any DeviceConnector {
        switch device {
        case .emulator:
            var emulator = EmulatorConfiguration()
            emulator.seed = emulatorSeed
            emulator.subject = emulatorSubject
            return EmulatorConnector(configuration: emulator, pacing: emulatorPacing)
        }
    }
}
