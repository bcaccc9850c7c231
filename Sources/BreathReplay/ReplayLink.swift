import BreathCapture
import BreathDevice
import BreathWire

/// A recorded run playing back as a device: a ``DeviceLink`` over a capture file.
///
/// The device's side of the recorded conversation is handed to the session in the recorded
/// order, and released in step with the host's commands: the bytes that followed a recorded
/// command are delivered once the session sends the same command again. So the session,
/// decoders and acquisition run exactly as they did live, and replaying a capture twice gives
/// bit-identical runs. Recorded keep-alives and clock syncs do not gate playback (their timing
/// is the host's, not the device's); a capture that ends without an end record ends the
/// stream with ``LinkError/disconnected``, as the live link did.
public final class ReplayLink: DeviceLink {
    /// How recorded time maps to wall time.
    public enum Pacing: Sendable, Hashable {
        /// Each transfer as soon as the session can take it.
        case asFastAsPossible
        /// The recorded gaps between transfers, divided by `speed` (1 = as recorded).
        case realTime(speed: Double)
    }

    public let transfers: AsyncThrowingStream<Transfer, any Error>
    /// The run's header: its id, device and method, which the host should send again.
    public let header: CaptureHeader
    private let player: ReplayPlayer

    /// A link that plays `capture`.
    public init(capture: CaptureFile, pacing: Pacing = .asFastAsPossible) {
        header = capture.header
        let (stream, continuation) = AsyncThrowingStream<Transfer, any Error>.makeStream()
        transfers = stream
        player = ReplayPlayer(script: ReplayScript(capture: capture), pacing: pacing, output: continuation)
        let player = player
        Task { await player.releaseUntilNextCommand() }
    }

    public func write(_ bytes: [UInt8]) async throws {
        try await player.hostWrote(bytes)
    }

    public func close() async {
        await player.close()
    }
}

/// Why a replay could not follow the host.
public enum ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host sent a command the recorded host did not send at this point.
    case diverged(expected: String, got: String)

    public var description: String {
        switch self {
        case .diverged(let expected, let got):
            "the replay diverged from the capture: the recorded host sent \(expected) here, this host sent \(got)"
        }
    }
}

/// The capture's transfers, split into what the device sent and the host commands that gate it.
struct ReplayScript: Sendable {
    enum Step: Sendable {
        /// Device bytes, `time` microseconds after the capture began.
        case deliver(Transfer, time: UInt64)
        /// A recorded host command of this type; playback waits for the host to send it.
        case command(MessageType?)
    }

    var steps: [Step]
    /// Whether the live run ended with the link open (an end record), or cut off.
    var endedNormally: Bool

    init(capture: CaptureFile) {
        steps = capture.transfers.compactMap { transfer in
            guard transfer.endpoint == .commandOut else {
                return .deliver(Transfer(endpoint: transfer.endpoint, bytes: transfer.bytes), time: transfer.time)
            }
            let type = ReplayScript.commandType(transfer.bytes)
            // The host's own timers, not the device's behaviour: they never gate playback.
            if type == .keepAlive || type == .clockSync { return nil }
            return .command(type)
        }
        endedNormally = capture.isComplete
    }

    /// The message type of the frame a host write carries, if it decodes.
    static func commandType(_ bytes: [UInt8]) -> MessageType? {
        var decoder = FrameDecoder()
        var type: MessageType?
        decoder.feed(bytes) { frame in type = type ?? MessageType(rawValue: frame.type) }
        decoder.finish { frame in type = type ?? MessageType(rawValue: frame.type) }
        return type
    }
}

/// Plays a ``ReplayScript``; an actor so host writes and playback never interleave.
private actor ReplayPlayer {
    private let script: ReplayScript
    private let pacing: ReplayLink.Pacing
    private let output: AsyncThrowingStream<Transfer, any Error>.Continuation
    private var cursor = 0
    private var closed = false
    private var releasing = false
    private let clock = ContinuousClock()
    /// Wall time and recorded time of the first transfer released, for real-time pacing.
    private var anchor: (wall: ContinuousClock.Instant, recorded: UInt64)?

    init(script: ReplayScript, pacing: ReplayLink.Pacing, output: AsyncThrowingStream<Transfer, any Error>.Continuation) {
        self.script = script
        self.pacing = pacing
        self.output = output
    }

    func hostWrote(_ bytes: [UInt8]) async throws {
        guard !closed else { throw LinkError.closed }
        let sent = ReplayScript.commandType(bytes)
        // A periodic command of this host is answered by nobody, as a device that ignored it.
        if sent == .keepAlive || sent == .clockSync { return }
        guard cursor < script.steps.count, case .command(let recorded) = script.steps[cursor] else {
            throw ReplayError.diverged(expected: "nothing", got: sent.map { $0.specName } ?? "an undecodable frame")
        }
        guard recorded == sent else {
            throw ReplayError.diverged(
                expected: recorded.map { $0.specName } ?? "an undecodable frame", got: sent.map { $0.specName } ?? "an undecodable frame")
        }
        cursor += 1
        let player = self
        Task { await player.releaseUntilNextCommand() }
    }

    /// Delivers device bytes up to the next recorded command; at the end of a cut-off capture,
    /// ends the stream as the live link ended.
    func releaseUntilNextCommand() async {
        // One playback loop at a time: a second caller's steps are taken by the running loop.
        guard !releasing else { return }
        releasing = true
        defer { releasing = false }
        while !closed, cursor < script.steps.count, case .deliver(let transfer, let time) = script.steps[cursor] {
            await pace(to: time)
            guard !closed else { return }
            output.yield(transfer)
            cursor += 1
        }
        if !closed, cursor == script.steps.count, !script.endedNormally {
            closed = true
            output.finish(throwing: LinkError.disconnected)
        }
    }

    private func pace(to time: UInt64) async {
        guard case .realTime(let speed) = pacing, speed > 0 else { return }
        guard let anchor else {
            anchor = (clock.now, time)
            return
        }
        let offset = Double(time &- anchor.recorded) / speed
        try? await clock.sleep(until: anchor.wall + .microseconds(offset))
    }

    func close() {
        guard !closed else { return }
        closed = true
        output.finish()
    }
}
