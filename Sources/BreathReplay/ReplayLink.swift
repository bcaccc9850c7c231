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
        /// Device bytes: `range` of the endpoint's recorded stream, `time` microseconds after
        /// the capture began.
        case deliver(Endpoint, range: Range<Int>, time: UInt64)
        /// A recorded host command; playback waits for the host to send one of the same type.
        case command(MessageType?, sequence: UInt16?)
    }

    var steps: [Step] = []
    /// Each IN endpoint's bytes, in order, as one stream.
    var streams: [Endpoint: [UInt8]] = [:]
    /// Answers on the data endpoint (frames carrying a request sequence) and where they sit.
    var answers: [(offset: Int, frame: Frame)] = []
    /// Whether the live run ended with the link open (an end record), or cut off.
    var endedNormally: Bool
    /// The device as the header names it, to answer a handshake the capture does not hold.
    var device: DeviceInfo
    /// A daemon's long-lived session captures from the method upload on: the handshake was
    /// earlier, so the replay answers `GET_INFO` itself.
    var holdsHandshake: Bool

    init(capture: CaptureFile) {
        endedNormally = capture.isComplete
        device = capture.header.device
        for transfer in capture.transfers {
            guard transfer.endpoint == .commandOut else {
                let start = streams[transfer.endpoint, default: []].count
                streams[transfer.endpoint, default: []].append(contentsOf: transfer.bytes)
                steps.append(.deliver(transfer.endpoint, range: start..<start + transfer.bytes.count, time: transfer.time))
                continue
            }
            let frame = ReplayScript.frame(in: transfer.bytes)
            let type = frame.flatMap { MessageType(rawValue: $0.type) }
            // The host's own timers, not the device's behaviour: they never gate playback.
            if type == .keepAlive || type == .clockSync { continue }
            steps.append(.command(type, sequence: frame?.sequence))
        }
        holdsHandshake = steps.contains { if case .command(.getInfo, _) = $0 { true } else { false } }
        answers = ReplayScript.answers(in: streams[.dataIn] ?? [])
    }

    /// The first frame in `bytes`, if one decodes.
    static func frame(in bytes: [UInt8]) -> Frame? {
        var decoder = FrameDecoder()
        var first: Frame?
        decoder.feed(bytes) { first = first ?? $0 }
        decoder.finish { first = first ?? $0 }
        return first
    }

    /// Frames of `stream` whose payload starts with a request sequence, and their offsets.
    private static func answers(in stream: [UInt8]) -> [(offset: Int, frame: Frame)] {
        let answerTypes: Set<UInt8> = Set([MessageType.ack, .nack, .deviceInfo, .status, .keepAliveReply, .clockSyncReply].map(\.rawValue))
        var decoder = FrameDecoder()
        var found: [(Int, Frame)] = []
        var searchFrom = 0
        decoder.feed(stream) { frame in
            // The decoder skips garbage, so find where this frame's bytes begin.
            let bytes = frame.encoded()
            guard let offset = firstIndex(of: bytes, in: stream, from: searchFrom) else { return }
            searchFrom = offset + bytes.count
            if answerTypes.contains(frame.type), frame.payload.count >= 2 { found.append((offset, frame)) }
        }
        return found
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let head = needle.first, needle.count <= haystack.count - start else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == head, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension Frame {
    /// The request sequence an answer's payload begins with (PROTOCOL.md 4.1-4.4, 4.12).
    var answeredSequence: UInt16 { UInt16(payload[0]) | UInt16(payload[1]) << 8 }

    /// The same answer to request `sequence`, with its CRC recomputed: the same length.
    func answering(_ sequence: UInt16) -> [UInt8] {
        var copy = self
        copy.payload[0] = UInt8(sequence & 0xFF)
        copy.payload[1] = UInt8(sequence >> 8)
        return copy.encoded()
    }
}

/// Plays a ``ReplayScript``; an actor so host writes and playback never interleave.
private actor ReplayPlayer {
    private var script: ReplayScript
    private let pacing: ReplayLink.Pacing
    private let output: AsyncThrowingStream<Transfer, any Error>.Continuation
    private var cursor = 0
    private var closed = false
    private var releasing = false
    private var answeredHandshake = false
    /// How far the data endpoint's stream has been delivered.
    private var deliveredData = 0
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
        let frame = ReplayScript.frame(in: bytes)
        let sent = frame.flatMap { MessageType(rawValue: $0.type) }
        // A periodic command of this host is answered by nobody, as a device that ignored it.
        if sent == .keepAlive || sent == .clockSync { return }
        if sent == .getInfo, let frame, !script.holdsHandshake, !answeredHandshake {
            answerHandshake(frame)
            return
        }
        let name = sent.map { $0.specName } ?? "an undecodable frame"
        guard cursor < script.steps.count, case .command(let recorded, let recordedSequence) = script.steps[cursor] else {
            throw ReplayError.diverged(expected: "nothing", got: name)
        }
        guard recorded == sent else {
            throw ReplayError.diverged(expected: recorded.map { $0.specName } ?? "an undecodable frame", got: name)
        }
        if let recordedSequence, let frame { readdressAnswer(from: recordedSequence, to: frame.sequence) }
        cursor += 1
        let player = self
        Task { await player.releaseUntilNextCommand() }
    }

    /// The recorded host numbered its requests its own way: the first answer still to come
    /// to `recorded` now answers this host's `actual` request.
    private func readdressAnswer(from recorded: UInt16, to actual: UInt16) {
        guard recorded != actual,
              let answer = script.answers.first(where: { $0.offset >= deliveredData && $0.frame.answeredSequence == recorded })
        else { return }
        let bytes = answer.frame.answering(actual)
        script.streams[.dataIn]?.replaceSubrange(answer.offset..<answer.offset + bytes.count, with: bytes)
    }

    /// `DEVICE_INFO` from the capture's header, numbered just before the first recorded frame
    /// so the session sees no sequence gap.
    private func answerHandshake(_ request: Frame) {
        answeredHandshake = true
        var info = script.device
        info.requestSequence = request.sequence
        let next = (script.streams[.dataIn]).flatMap(ReplayScript.frame(in:))?.sequence ?? 1
        output.yield(Transfer(endpoint: .dataIn, bytes: Message.deviceInfo(info).frame(sequence: next &- 1).encoded()))
    }

    /// Delivers device bytes up to the next recorded command; at the end of a cut-off capture,
    /// ends the stream as the live link ended.
    func releaseUntilNextCommand() async {
        // One playback loop at a time: a second caller's steps are taken by the running loop.
        guard !releasing else { return }
        releasing = true
        defer { releasing = false }
        while !closed, cursor < script.steps.count, case .deliver(let endpoint, let range, let time) = script.steps[cursor] {
            await pace(to: time)
            guard !closed, let stream = script.streams[endpoint] else { return }
            output.yield(Transfer(endpoint: endpoint, bytes: Array(stream[range])))
            if endpoint == .dataIn { deliveredData = range.upperBound }
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
