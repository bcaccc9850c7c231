import BreathCapture
import BreathDevice
import BreathEmulator
import BreathReplay
import BreathUSB
import BreathWire
import Foundation
import Synchronization

/// Opens a link to the device. The daemon calls it again after a link ends (unplug, power
/// cycle), with backoff, so it survives the device going away without restarting.
///
/// One conformer per ``DaemonConfiguration/DeviceKind``; the USB and replay links plug in here.
public protocol DeviceConnector: Sendable {
    /// For status and logs: "emulator", "usb", "replay".
    var kind: String { get }
    /// Opens a fresh link; throws when no device can be reached now.
    func connect() async throws -> any DeviceLink
    /// The run a recorded device plays back: its id and method, which the host must use again
    /// for the recorded answers to fit; nil for a live device.
    var recordedRun: RecordedRunPlan? { get }
    /// Session timing for this kind of link.
    var sessionOptions: DeviceSession.Options { get }
    /// The link's own error counts so far (USB stalls, overflows, ...), by kind; empty for links
    /// that have none.
    func linkErrors(of link: any DeviceLink) -> [String: Int]
}

extension DeviceConnector {
    public var recordedRun: RecordedRunPlan? { nil }
    public var sessionOptions: DeviceSession.Options { DeviceSession.Options() }
    public func linkErrors(of link: any DeviceLink) -> [String: Int] { [:] }
}

/// The id and method of a recorded run.
public struct RecordedRunPlan: Sendable, Hashable {
    public var runID: RunID
    public var method: RunMethod
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

/// The device on the USB bus. A connection waits briefly for it to appear (hotplug); the
/// supervisor's backoff covers longer absences, and each connection re-finds the unit by
/// VID:PID and serial from a fresh device list, so no handle outlives a re-enumeration.
public final class USBConnector: DeviceConnector {
    public let kind = "usb"
    private let connector: BreathUSB.USBConnector

    public init(match: USBDeviceMatch) throws {
        connector = BreathUSB.USBConnector(context: try USBContext(), match: match)
    }

    public func connect() async throws -> any DeviceLink {
        try await connector.connect(waitingUpTo: .seconds(2))
    }

    public func linkErrors(of link: any DeviceLink) -> [String: Int] {
        guard let statistics = (link as? USBLink)?.statistics else { return [:] }
        return ["stall": statistics.stalls, "overflow": statistics.overflows, "timeout": statistics.timeouts,
                "transfer_error": statistics.transferErrors]
    }
}

/// A recorded capture as the device: the first connection plays it; later ones find no device,
/// so the daemon plays a capture exactly once.
public final class ReplayConnector: DeviceConnector {
    public let kind = "replay"
    public let recordedRun: RecordedRunPlan?
    /// A replay has no device to keep alive, and its silences are the recording's.
    public let sessionOptions = DeviceSession.Options(stallTimeout: nil, keepAliveInterval: nil)
    private let path: String
    private let capture: CaptureFile
    private let played = Mutex(false)

    public init(path: String) throws {
        self.path = path
        capture = try CaptureFile(contentsOf: URL(fileURLWithPath: path))
        recordedRun = RecordedRunPlan(runID: capture.header.runID, method: capture.header.method)
    }

    public func connect() async throws -> any DeviceLink {
        let first = played.withLock { played in
            defer { played = true }
            return !played
        }
        guard first else { throw ReplayConnectorError.alreadyPlayed(path) }
        return ReplayLink(capture: capture)
    }
}

/// Why a replay device cannot be connected again.
public enum ReplayConnectorError: Error, CustomStringConvertible {
    case alreadyPlayed(String)

    public var description: String {
        switch self {
        case .alreadyPlayed(let path): "the capture \(path) has been played; restart breathd to play it again"
        }
    }
}

extension DaemonConfiguration {
    /// The connector the configuration names.
    public func makeConnector() throws -> any DeviceConnector {
        switch device {
        case .emulator:
            var emulator = EmulatorConfiguration()
            emulator.seed = emulatorSeed
            emulator.subject = emulatorSubject
            return EmulatorConnector(configuration: emulator, pacing: emulatorPacing)
        case .usb:
            return try USBConnector(match: usbMatch)
        case .replay:
            return try ReplayConnector(path: replayFile ?? "")
        }
    }
}
