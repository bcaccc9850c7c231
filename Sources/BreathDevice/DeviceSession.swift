import BreathWire
import Logging

/// The host's conversation with one device over any ``DeviceLink``: handshake and
/// protocol-version check, method upload, start and abort, and the device's events.
///
/// Requests are matched to answers by sequence number; everything unsolicited (phases,
/// samples, faults, completion) and every anomaly (sequence gaps, malformed frames, a device
/// silent during a run, a closed link) arrives on ``events``. Anomalies are reported, never
/// fatal: the session keeps every valid frame it gets. While connected it sends `KEEPALIVE`
/// (PROTOCOL.md 4.12) so the device knows its host is there.
public actor DeviceSession {
    /// Timing of a session.
    public struct Options: Sendable, Hashable {
        /// How long each command may wait for its answer.
        public var answerTimeout: Duration
        /// Silence on the IN endpoints during a run after which ``SessionEvent/stalled(silentFor:)``
        /// is reported (and again for each further period of silence); nil turns the watchdog off.
        public var stallTimeout: Duration?
        /// Interval of `KEEPALIVE` while connected (the protocol asks for at most 5 s); nil sends
        /// none, as for a replayed capture, which has no device to keep.
        public var keepAliveInterval: Duration?

        public init(answerTimeout: Duration = .seconds(3), stallTimeout: Duration? = .seconds(10), keepAliveInterval: Duration? = .seconds(5)) {
            self.answerTimeout = answerTimeout
            self.stallTimeout = stallTimeout
            self.keepAliveInterval = keepAliveInterval
        }
    }

    /// Events in arrival order. Single consumer.
    public nonisolated let events: AsyncStream<SessionEvent>
    /// The device's answer to the handshake, once ``connect()`` succeeded.
    public private(set) var deviceInfo: DeviceInfo?

    private let link: any DeviceLink
    private let options: Options
    private let logger: Logger
    private let eventSink: AsyncStream<SessionEvent>.Continuation
    private var streams: [Endpoint: InboundStream] = [.dataIn: InboundStream(), .eventIn: InboundStream()]
    private var nextSequence: UInt16 = 0
    private var pending: [UInt16: CheckedContinuation<Message, any Error>] = [:]
    private var reader: Task<Void, Never>?
    private var tap: (@Sendable (Transfer) -> Void)?
    private var isClosed = false
    /// Set when the link ended by itself or the device was refused: requests fail at once.
    private var linkEnded = false
    private var refusal: SessionError?
    private var ignoredUnknownFrames = 0
    private var runInProgress: RunID?
    private var lastInbound = ContinuousClock.now
    private var watchdog: Task<Void, Never>?
    private var keepAlive: Task<Void, Never>?
    private var keepAliveCounter: UInt32 = 0
    /// Keep-alives the device did not answer in time.
    public private(set) var missedKeepAlives = 0

    /// A session over `link`.
    public init(link: any DeviceLink, options: Options = Options(), logger: Logger = Logger(label: "breath.session")) {
        self.link = link
        self.options = options
        self.logger = logger
        (events, eventSink) = AsyncStream<SessionEvent>.makeStream()
    }

    /// Sees every transfer in both directions, before it is decoded: the capture writer's hook.
    public func setTap(_ tap: (@Sendable (Transfer) -> Void)?) {
        self.tap = tap
    }

    /// What the inbound decoders dropped, per endpoint.
    public var decoderStatistics: [Endpoint: DecoderStatistics] {
        streams.mapValues { $0.decoder.statistics }
    }

    /// Frames of types this version does not know, ignored as PROTOCOL.md 2.2 requires.
    public var unknownFrames: Int { ignoredUnknownFrames }

    /// Starts reading, performs the `GET_INFO` handshake and checks the protocol version.
    public func connect() async throws -> DeviceInfo {
        startReading()
        nextSequence = 0
        for endpoint in streams.keys { streams[endpoint]?.resetSequence() }
        let answer = try await request(.getInfo, name: "GET_INFO")
        guard case .deviceInfo(let info) = answer else { throw SessionError.unexpectedAnswer("\(answer)") }
        guard info.protocolMajor == Frame.protocolVersion.major else {
            throw SessionError.unsupportedProtocol(major: info.protocolMajor, minor: info.protocolMinor)
        }
        deviceInfo = info
        startKeepAlive()
        logger.info("device connected", metadata: [
            "serial": "\(info.serial)", "firmware": "\(info.firmwareVersion)",
            "protocol": "\(info.protocolMajor).\(info.protocolMinor)",
        ])
        return info
    }

    /// Uploads a run method; the device validates it.
    public func upload(_ method: RunMethod) async throws {
        try await command(.uploadMethod(method), name: "UPLOAD_METHOD")
    }

    /// Starts a run tagged `runID`; `hostTimeMicros` is the Unix time of the request.
    public func startRun(_ runID: RunID, hostTimeMicros: UInt64) async throws {
        try await command(.startRun(StartRun(runID: runID, hostTimeMicros: hostTimeMicros)), name: "START_RUN")
        runInProgress = runID
        lastInbound = .now
        startWatchdog()
    }

    /// Aborts the current run.
    public func abortRun(_ runID: RunID) async throws {
        try await command(.abortRun(runID), name: "ABORT_RUN")
    }

    /// The device's state right now.
    public func status() async throws -> DeviceStatus {
        let answer = try await request(.getStatus, name: "GET_STATUS")
        guard case .status(let status) = answer else { throw SessionError.unexpectedAnswer("\(answer)") }
        return status
    }

    /// Stops reading and closes the link. Pending requests fail with ``SessionError/linkClosed``.
    public func close() async {
        guard !isClosed else { return }
        isClosed = true
        await link.close()
        reader?.cancel()
        finish(reason: nil)
    }

    // MARK: Watchdog and keep-alive

    /// Reports each period of silence during a run; the run itself goes on, since a device
    /// that buffers through a stall delivers everything afterwards.
    private func startWatchdog() {
        guard let timeout = options.stallTimeout, watchdog == nil else { return }
        watchdog = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: timeout / 4)
                guard let self, await self.checkForStall(timeout: timeout) else { return }
            }
        }
    }

    /// Whether to keep watching.
    private func checkForStall(timeout: Duration) -> Bool {
        guard !linkEnded, !isClosed, runInProgress != nil else {
            watchdog = nil
            return false
        }
        let silence = ContinuousClock.now - lastInbound
        if silence >= timeout {
            logger.warning("device silent during a run", metadata: ["seconds": "\(silence.components.seconds)"])
            eventSink.yield(.stalled(silentFor: silence))
            lastInbound = .now
        }
        return true
    }

    private func startKeepAlive() {
        guard let interval = options.keepAliveInterval, keepAlive == nil else { return }
        keepAlive = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, await self.sendKeepAlive() else { return }
            }
        }
    }

    /// Sends one keep-alive; whether to keep sending.
    private func sendKeepAlive() async -> Bool {
        guard !linkEnded, !isClosed, refusal == nil else { return false }
        keepAliveCounter &+= 1
        do {
            _ = try await request(.keepAlive(counter: keepAliveCounter), name: "KEEPALIVE")
        } catch SessionError.timedOut {
            missedKeepAlives += 1
            logger.warning("device did not answer a keep-alive", metadata: ["missed": "\(missedKeepAlives)"])
        } catch {
            return false
        }
        return true
    }

    // MARK: Requests

    private func command(_ message: Message, name: String) async throws {
        let answer = try await request(message, name: name)
        switch answer {
        case .ack: return
        case .nack(let nack): throw SessionError.refused(nack)
        default: throw SessionError.unexpectedAnswer("\(answer)")
        }
    }

    private func request(_ message: Message, name: String) async throws -> Message {
        if let refusal { throw refusal }
        guard !isClosed, !linkEnded else { throw SessionError.linkClosed }
        let sequence = nextSequence
        nextSequence &+= 1
        let bytes = message.frame(sequence: sequence).encoded()
        tap?(Transfer(endpoint: .commandOut, bytes: bytes))
        let answer = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Message, any Error>) in
            pending[sequence] = continuation
            let timeout = options.answerTimeout
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(sequence, name: name)
            }
            Task { [link, weak self] in
                do { try await link.write(bytes) } catch { await self?.fail(sequence, with: error) }
            }
        }
        // A NACK is an answer, but a refusal to decode means the device could not read us.
        if case .nack(let nack) = answer, nack.code == .unsupportedVersion {
            throw SessionError.refused(nack)
        }
        return answer
    }

    private func expire(_ sequence: UInt16, name: String) {
        pending.removeValue(forKey: sequence)?.resume(throwing: SessionError.timedOut(command: name))
    }

    private func fail(_ sequence: UInt16, with error: any Error) {
        let failure: any Error = (error as? LinkError).map { _ in SessionError.linkClosed } ?? error
        pending.removeValue(forKey: sequence)?.resume(throwing: failure)
    }

    // MARK: Reading

    private func startReading() {
        guard reader == nil else { return }
        let transfers = link.transfers
        reader = Task { [weak self] in
            do {
                for try await transfer in transfers { await self?.ingest(transfer) }
                await self?.finish(reason: nil)
            } catch {
                await self?.finish(reason: (error as? LinkError) ?? .disconnected)
            }
        }
    }

    private func ingest(_ transfer: Transfer) {
        tap?(transfer)
        lastInbound = .now
        guard streams[transfer.endpoint] != nil, refusal == nil else { return }
        let foreignBefore = streams[transfer.endpoint]!.decoder.statistics.unsupportedVersions
        let frames = streams[transfer.endpoint]!.accept(transfer.bytes)
        if streams[transfer.endpoint]!.decoder.statistics.unsupportedVersions > foreignBefore {
            refuseDevice(major: streams[transfer.endpoint]!.decoder.lastForeignMajorVersion ?? 0)
            return
        }
        for (frame, missed) in frames {
            if missed > 0 { eventSink.yield(.sequenceGap(endpoint: transfer.endpoint, missing: missed)) }
            let message: Message
            do {
                message = try Message(frame: frame)
            } catch {
                logger.warning("malformed frame", metadata: ["type": "\(frame.type)", "reason": "\(error)"])
                eventSink.yield(.malformedFrame(endpoint: transfer.endpoint, type: frame.type, reason: error.description))
                continue
            }
            route(message)
        }
    }

    private func route(_ message: Message) {
        switch message {
        case .ack(let ack): answer(ack.requestSequence, message)
        case .nack(let nack): answer(nack.requestSequence, message)
        case .deviceInfo(let info): answer(info.requestSequence, message)
        case .status(let status): answer(status.requestSequence, message)
        case .keepAliveReply(let reply): answer(reply.requestSequence, message)
        case .clockSyncReply(let reply): answer(reply.requestSequence, message)
        case .phaseChanged(let change): eventSink.yield(.phaseChanged(change))
        case .breathMetrics(let metrics): eventSink.yield(.breathMetrics(metrics))
        case .sampleBlock(let block): eventSink.yield(.samples(block))
        case .runComplete(let complete):
            if complete.runID == runInProgress { runInProgress = nil }
            eventSink.yield(.runComplete(complete))
        case .fault(let fault): eventSink.yield(.fault(fault))
        case .unknown:
            ignoredUnknownFrames += 1
        case .getInfo, .getStatus, .uploadMethod, .startRun, .abortRun, .keepAlive, .clockSync:
            // A command coming back from the device is a device bug; it is counted and dropped.
            ignoredUnknownFrames += 1
        }
    }

    /// The device speaks another major version: PROTOCOL.md 2.2 says refuse it and send
    /// nothing more. Pending and later requests fail with the reason.
    private func refuseDevice(major: UInt8) {
        let error = SessionError.unsupportedProtocol(major: major, minor: nil)
        refusal = error
        logger.error("device refused", metadata: ["reason": "\(error)"])
        for continuation in pending.values { continuation.resume(throwing: error) }
        pending.removeAll()
    }

    private func answer(_ sequence: UInt16, _ message: Message) {
        guard let continuation = pending.removeValue(forKey: sequence) else {
            logger.debug("answer to no pending request", metadata: ["sequence": "\(sequence)"])
            return
        }
        continuation.resume(returning: message)
    }

    private func finish(reason: LinkError?) {
        guard !linkEnded else { return }
        linkEnded = true
        watchdog?.cancel()
        keepAlive?.cancel()
        for continuation in pending.values { continuation.resume(throwing: SessionError.linkClosed) }
        pending.removeAll()
        for endpoint in Array(streams.keys) { streams[endpoint]?.finishStream() }
        eventSink.yield(.linkClosed(reason: reason))
        eventSink.finish()
    }
}
