import BreathDevice
import BreathWire
import Synchronization

/// A fake device for session tests: records what the host writes and answers each command
/// frame with whatever `answer` returns (nothing by default: a device that never answers).
/// Tests can also push transfers of their own or end the stream.
public final class ScriptedLink: DeviceLink {
    public let transfers: AsyncThrowingStream<Transfer, any Error>
    /// Every frame the host wrote, as it arrives.
    public let written: AsyncStream<Frame>
    private let inbound: AsyncThrowingStream<Transfer, any Error>.Continuation
    private let writtenSink: AsyncStream<Frame>.Continuation
    private let answer: @Sendable (Frame) -> [Transfer]
    private let frames = Mutex<[Frame]>([])
    private let closes = Mutex(0)

    public init(answer: @escaping @Sendable (Frame) -> [Transfer] = { _ in [] }) {
        (transfers, inbound) = AsyncThrowingStream<Transfer, any Error>.makeStream()
        (written, writtenSink) = AsyncStream<Frame>.makeStream()
        self.answer = answer
    }

    public func write(_ bytes: [UInt8]) async throws {
        var decoder = FrameDecoder()
        for frame in decoder.feed(bytes) {
            frames.withLock { $0.append(frame) }
            writtenSink.yield(frame)
            for transfer in answer(frame) { inbound.yield(transfer) }
        }
    }

    public func close() async {
        closes.withLock { $0 += 1 }
        inbound.finish()
        writtenSink.finish()
    }

    /// Sends bytes as if the device had.
    public func push(_ endpoint: Endpoint, _ bytes: [UInt8]) { inbound.yield(Transfer(endpoint: endpoint, bytes: bytes)) }

    /// The device leaves the bus.
    public func unplug() { inbound.finish(throwing: LinkError.disconnected) }

    /// What this device would answer to `frame`, without sending it.
    public func answers(to frame: Frame) -> [Transfer] { answer(frame) }

    /// Frames the host wrote so far.
    public var frameLog: [Frame] { frames.withLock { $0 } }

    /// How often the session closed the link.
    public var closeCount: Int { closes.withLock { $0 } }
}

extension ScriptedLink {
    /// A device that answers GET_INFO with `DEVICE_INFO` claiming protocol `major.minor`, and
    /// every other command with ACK.
    public static func answeringInfo(major: UInt8 = 1, minor: UInt8 = 0) -> ScriptedLink {
        let sequence = Mutex<UInt16>(0)
        return ScriptedLink { frame in
            let reply: Message = frame.type == MessageType.getInfo.rawValue
                ? .deviceInfo(fakeInfo(answering: frame.sequence, major: major, minor: minor))
                : .ack(Ack(requestSequence: frame.sequence, requestType: frame.type))
            let next = sequence.withLock { value in
                defer { value &+= 1 }
                return value
            }
            return [Transfer(endpoint: .dataIn, bytes: reply.frame(sequence: next).encoded())]
        }
    }

    public static func fakeInfo(answering sequence: UInt16, major: UInt8, minor: UInt8) -> DeviceInfo {
        DeviceInfo(
            requestSequence: sequence, serial: "FAKE-0001", hardwareVersion: "fake", firmwareVersion: "0.0.1",
            protocolMajor: major, protocolMinor: minor, capabilities: [.photoionisationDetector],
            calibrationID: "CAL-FAKE", minSamplePeriodMicros: 1_000, maxSamplePeriodMicros: 100_000)
    }
}
