import BreathEmulator
import BreathWire
import Foundation
import Testing

/// A frame the host decoded, with the device time at which it left the device.
struct Received: Sendable {
    var frame: Frame
    var message: Message
    var deviceTime: UInt64
}

/// Plays the host against an ``EmulatedDevice``: encodes commands, moves the virtual clock
/// from event to event, and decodes what comes out of each IN endpoint with its own decoder.
struct EmulatorHost: Sendable {
    var device: EmulatedDevice
    private var nextSequence: UInt16 = 0
    private(set) var dataDecoder = FrameDecoder()
    private(set) var eventDecoder = FrameDecoder()
    /// Every valid frame received on bulk IN, in order.
    private(set) var data: [Received] = []
    /// Every valid frame received on interrupt IN, in order.
    private(set) var events: [Received] = []
    /// The raw output exactly as the device produced it, in order.
    private(set) var rawOutput: [DeviceOutput] = []
    /// Frames on bulk IN whose payload did not decode as their type.
    private(set) var malformed: [Frame] = []

    init(configuration: EmulatorConfiguration = EmulatorConfiguration()) {
        device = EmulatedDevice(configuration: configuration)
    }

    /// A host that connected, uploaded the reference method and ran `runID` to the end on a
    /// device injecting `faults`.
    static func completedRun(_ runID: RunID, faults: [InjectedFault]) -> EmulatorHost {
        var configuration = EmulatorConfiguration()
        configuration.faults = faults
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.startRun(runID)
        host.runToIdle()
        return host
    }

    // MARK: Sending

    /// Sends a command and returns the sequence number it carried.
    @discardableResult
    mutating func send(_ message: Message, flags: FrameFlags = []) -> UInt16 {
        let sequence = nextSequence
        nextSequence &+= 1
        device.receive(message.frame(sequence: sequence, flags: flags).encoded())
        collect()
        return sequence
    }

    /// Sends a hand-made frame (any type, version or payload) with the next sequence number.
    @discardableResult
    mutating func send(type: UInt8, payload: [UInt8], versionMajor: UInt8 = 1) -> UInt16 {
        let sequence = nextSequence
        nextSequence &+= 1
        device.receive(Frame(type: type, sequence: sequence, payload: payload, versionMajor: versionMajor).encoded())
        collect()
        return sequence
    }

    /// The usual opening: GET_INFO with sequence 0, then the method.
    mutating func connectAndUpload(_ method: RunMethod = .breathScreenV1) {
        send(.getInfo)
        send(.uploadMethod(method))
    }

    /// Starts a run now and returns its id.
    @discardableResult
    mutating func startRun(_ runID: RunID = RunID()) -> RunID {
        send(.startRun(StartRun(runID: runID, hostTimeMicros: 1_700_000_000_000_000)))
        return runID
    }

    // MARK: Time

    /// Jumps from event to event until `stop` holds or the device has nothing scheduled.
    /// Returns whether `stop` held. Bounded, so a device that never settles fails instead of hanging.
    @discardableResult
    mutating func run(until stop: (EmulatorHost) -> Bool = { _ in false }) -> Bool {
        for _ in 0..<1_000_000 {
            if stop(self) { return true }
            guard let next = device.nextEventTime else { return stop(self) }
            device.advance(to: next)
            collect()
        }
        Issue.record("the emulated device never settled")
        return false
    }

    /// Runs until the device has nothing scheduled by itself.
    mutating func runToIdle() { run() }

    /// Moves event by event up to the device time `time`.
    mutating func advance(to time: UInt64) {
        for _ in 0..<1_000_000 {
            guard let next = device.nextEventTime, next <= time else {
                device.advance(to: time)
                collect()
                return
            }
            device.advance(to: next)
            collect()
        }
        Issue.record("the emulated device never reached \(time)")
    }

    /// Moves event by event to `seconds` after `start`.
    mutating func advance(toRunTime seconds: Double, from start: UInt64) {
        advance(to: start + UInt64((seconds * 1e6).rounded()))
    }

    // MARK: Receiving

    mutating func collect() {
        let time = device.now
        for output in device.takeOutput() {
            rawOutput.append(output)
            switch output.endpoint {
            case .dataIn:
                for frame in dataDecoder.feed(output.bytes) { accept(frame, at: time, into: \.data) }
            case .eventIn:
                for frame in eventDecoder.feed(output.bytes) { accept(frame, at: time, into: \.events) }
            case .commandOut:
                Issue.record("the device wrote to its own command endpoint")
            }
        }
    }

    private mutating func accept(_ frame: Frame, at time: UInt64, into list: WritableKeyPath<EmulatorHost, [Received]>) {
        do {
            let message = try Message(frame: frame)
            self[keyPath: list].append(Received(frame: frame, message: message, deviceTime: time))
        } catch {
            malformed.append(frame)
        }
    }

    // MARK: Views of what arrived

    var dataMessages: [Message] { data.map(\.message) }
    var eventMessages: [Message] { events.map(\.message) }

    var blocks: [SampleBlock] {
        data.compactMap { if case .sampleBlock(let block) = $0.message { block } else { nil } }
    }

    var completions: [RunComplete] {
        data.compactMap { if case .runComplete(let complete) = $0.message { complete } else { nil } }
    }

    var acks: [Ack] { data.compactMap { if case .ack(let ack) = $0.message { ack } else { nil } } }
    var nacks: [Nack] { data.compactMap { if case .nack(let nack) = $0.message { nack } else { nil } } }

    var phaseChanges: [PhaseChange] {
        events.compactMap { if case .phaseChanged(let change) = $0.message { change } else { nil } }
    }

    var faults: [Fault] { events.compactMap { if case .fault(let fault) = $0.message { fault } else { nil } } }

    var breathMetrics: [BreathMetrics] {
        events.compactMap { if case .breathMetrics(let metrics) = $0.message { metrics } else { nil } }
    }

    /// The detector values of every block, in arrival order.
    var detector: [Float] { blocks.flatMap(\.detector) }

    /// The last answer on bulk IN, if any.
    var lastData: Message? { data.last?.message }

    /// Whether a RUN_COMPLETE has arrived.
    var runCompleted: Bool { !completions.isEmpty }

    /// Asks for the status and returns it.
    mutating func status() throws -> DeviceStatus {
        let sequence = send(.getStatus)
        guard case .status(let status) = lastData else {
            throw HostError("no STATUS answered GET_STATUS \(sequence); last answer \(String(describing: lastData))")
        }
        #expect(status.requestSequence == sequence)
        return status
    }
}

struct HostError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// CRC-32C over detector values as the protocol defines it (f32 little-endian, index order).
func detectorCRC(_ values: [Float]) -> UInt32 {
    var crc = CRC32C()
    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { crc.update(buffer: $0) } }
    return crc.value
}

/// Sequence numbers that were skipped between consecutive frames, as (after, missing) pairs.
func sequenceGaps(_ frames: [Received]) -> [(after: UInt16, missing: Int)] {
    zip(frames, frames.dropFirst()).compactMap { previous, next in
        let missing = Int(next.frame.sequence &- previous.frame.sequence &- 1)
        return missing == 0 ? nil : (previous.frame.sequence, missing)
    }
}

/// Run times of the breath-screen-v1 reference run on the default configuration (1150 mL
/// available at 400 mL/min: the 1000 mL target is reached after 150 s).
enum ReferenceRun {
    static let trap: UInt64 = 150_000_000
    static let desorption: UInt64 = 170_000_000
    static let separation: UInt64 = 180_000_000
    static let coolDown: UInt64 = 780_000_000
    static let complete: UInt64 = 840_000_000
    /// (10 s desorption + 600 s separation) / 50 ms.
    static let sampleCount = 12_200
}

/// Nil when the two frame lists are equal; otherwise a short account of the first difference
/// (whole frame lists are far too long to print in a failure).
func firstDifference(_ actual: [Frame], _ expected: [Frame]) -> String? {
    guard actual != expected else { return nil }
    func describe(_ frame: Frame?) -> String {
        guard let frame else { return "nothing" }
        return "type 0x\(String(frame.type, radix: 16)) sequence \(frame.sequence) (\(frame.payload.count) payload bytes)"
    }
    let index = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actual.count, expected.count)
    return "\(actual.count) frames, expected \(expected.count); first difference at \(index): got "
        + describe(index < actual.count ? actual[index] : nil) + ", expected "
        + describe(index < expected.count ? expected[index] : nil)
}
