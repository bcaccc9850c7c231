import BreathCapture
import BreathControl
import BreathDevice
import BreathStore
import BreathWire
import Foundation
import Logging

/// The daemon's one place of state: the device connection (with reconnection), the run in
/// progress, control-socket requests and progress subscribers.
///
/// Device events are applied here one at a time; storing, analysis and screening of a
/// finished run happen on a detached task so the next device event is never waiting on
/// SQLite or FFTW. Control requests are answered between events and are checked before they
/// can touch the device: a bad request changes nothing.
public actor RunCoordinator: ControlHandler {
    public let pipeline: AcquisitionPipeline
    public let connector: any DeviceConnector
    public let method: RunMethod
    private let analysis: RunAnalysisStage
    private let notifier: SystemdNotifier
    private let metrics: DaemonMetrics
    private let logger: Logger
    private var backoff: Backoff
    private let launched = ContinuousClock.now

    private var stopping = false
    private var device: DeviceConnectionReport
    private var session: DeviceSession?
    private var tap: CaptureTap?
    private var deviceInfo: DeviceInfo?
    private var active: ActiveRun?
    private var subscribers: Set<ControlConnection> = []
    private var runsStored = 0
    private var storing: [UUID: Task<Void, Never>] = [:]
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var progressWaiters: [CheckedContinuation<Void, Never>] = []

    /// A run between START_RUN and its storing.
    struct ActiveRun {
        var recording: RunRecording
        var context: RunContext
        var progress: RunProgress
        /// Who the run's end entry names: the starter, or whoever aborted it.
        var endActor: String
        /// Why the host cut it short, when it did.
        var hostStop: String?
        /// When the device's RUN_COMPLETE was applied: the store-latency clock starts here.
        var completedAt: ContinuousClock.Instant?
        var droppedBytesAtStart: Int
        var lastProgressSamples = 0
        var runID: RunID { recording.acquisition.runID }
    }

    public init(
        pipeline: AcquisitionPipeline, connector: any DeviceConnector, method: RunMethod = .breathScreenV1,
        analysis: RunAnalysisStage = RunAnalysisStage(), notifier: SystemdNotifier, metrics: DaemonMetrics,
        backoff: Backoff, logger: Logger
    ) {
        self.pipeline = pipeline
        self.connector = connector
        self.method = method
        self.analysis = analysis
        self.notifier = notifier
        self.metrics = metrics
        self.backoff = backoff
        self.logger = logger
        device = DeviceConnectionReport(connection: "connecting", link: connector.kind)
    }

    // MARK: Device

    /// Connects, serves the device until its link ends, reconnects with backoff; returns
    /// once ``drain(reason:)`` has begun.
    public func superviseDevice() async {
        while !stopping, !Task.isCancelled {
            do {
                try await connectAndServe()
            } catch {
                device.lastError = "\(error)"
                metrics.update { $0.deviceConnectFailures += 1 }
                logger.warning("device connection failed", metadata: ["error": "\(error)", "link": "\(connector.kind)"])
            }
            guard !stopping, !Task.isCancelled else { break }
            let delay = backoff.take()
            device.connection = "disconnected"
            publishStatus()
            try? await Task.sleep(for: delay)
            device.reconnects += 1
        }
    }

    private func connectAndServe() async throws {
        device.connection = "connecting"
        publishStatus()
        let link = try await connector.connect()
        let session = DeviceSession(link: link, options: connector.sessionOptions, logger: logger)
        let tap = CaptureTap(holdsUntilAttached: false)
        await session.setTap { tap.record($0) }
        let info: DeviceInfo
        do {
            info = try await session.connect()
        } catch {
            await session.close()
            throw error
        }
        guard !stopping else {
            await session.close()
            return
        }
        self.session = session
        self.tap = tap
        deviceInfo = info
        device = DeviceConnectionReport(
            connection: "connected", link: connector.kind, serial: info.serial, hardwareVersion: info.hardwareVersion,
            firmwareVersion: info.firmwareVersion, calibrationID: info.calibrationID,
            protocolVersion: "\(info.protocolMajor).\(info.protocolMinor)", lastError: nil, reconnects: device.reconnects)
        backoff.reset()
        metrics.update {
            $0.deviceConnects += 1
            $0.deviceConnected = true
        }
        broadcast(ControlEvent(kind: "device-connected", detail: info.serial))
        publishStatus()
        wakeProgressWaiters()
        for await event in session.events {
            await handle(event)
        }
        // The link's own error counts, added once it is over (a new link starts from zero).
        let linkErrors = connector.linkErrors(of: link)
        metrics.update { counters in
            for (kind, count) in linkErrors { counters.usbErrors[kind, default: 0] += count }
        }
        self.session = nil
        self.tap = nil
        deviceInfo = nil
        device.connection = "disconnected"
        metrics.update { $0.deviceConnected = false }
        broadcast(ControlEvent(kind: "device-disconnected", detail: device.lastError))
        publishStatus()
    }

    private func handle(_ event: SessionEvent) async {
        switch event {
        case .sequenceGap(_, let missing): metrics.update { $0.sequenceGaps += missing }
        case .malformedFrame: metrics.update { $0.malformedFrames += 1 }
        case .linkClosed(let reason?):
            device.lastError = "\(reason)"
            metrics.update { $0.deviceDisconnects += 1 }
            logger.warning("device link ended", metadata: ["reason": "\(reason)"])
        case .stalled: metrics.update { $0.stalls += 1 }
        default: break
        }
        guard var run = active else { return }
        run.recording.apply(event)
        if case .stalled = event, let session, await !deviceAnswers(session) {
            // Silent and deaf: the link is dead even if the OS has not said so. Closing the
            // session ends the run as interrupted and lets the supervisor reconnect.
            run.hostStop = "the device stopped answering after \(run.recording.acquisition.stalls.count) stall(s)"
            active = run
            device.lastError = "the device stopped answering"
            await session.close()
            return
        }
        switch event {
        case .phaseChanged(let change) where change.runID == run.runID:
            run.progress.phase = "\(change.phase)"
            run.progress.runTimeMillis = Int(change.runTimeMillis)
            broadcast(ControlEvent(kind: "phase", run: run.progress))
            notifier.status("acquiring run \(run.runID): \(change.phase)")
        case .samples:
            run.progress.samples = run.recording.acquisition.receivedSamples
            if run.progress.samples - run.lastProgressSamples >= 2000 {
                run.lastProgressSamples = run.progress.samples
                broadcast(ControlEvent(kind: "progress", run: run.progress))
            }
        case .runComplete(let complete) where complete.runID == run.runID:
            run.completedAt = ContinuousClock.now
        default: break
        }
        active = run
        if run.recording.acquisition.isFinished { await finish(run) }
    }

    /// After a stall: whether the device still answers `GET_STATUS`.
    private func deviceAnswers(_ session: DeviceSession) async -> Bool {
        do {
            _ = try await session.status()
            return true
        } catch {
            logger.error("device does not answer after a stall", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Closes the run's capture and hands it to a storing task.
    private func finish(_ run: ActiveRun) async {
        active = nil
        let captureFailure = tap?.failure
        tap?.detach()
        let droppedNow = await droppedBytes()
        let dropped = max(0, droppedNow - run.droppedBytesAtStart)
        let completedAt = run.completedAt ?? ContinuousClock.now
        let pipeline = pipeline, analysis = analysis, metrics = metrics, logger = logger
        let key = UUID()
        storing[key] = Task.detached { [weak self] in
            let stored: AcquiredRun
            do {
                stored = try pipeline.complete(
                    run.recording, captureFailure: captureFailure, droppedBytes: dropped, actor: run.endActor,
                    hostStop: run.hostStop)
            } catch {
                logger.critical("cannot store the run; its capture is kept", metadata: [
                    "run": "\(run.runID)", "error": "\(error)", "capture": "\(run.recording.capture?.url.path ?? "none")",
                ])
                await self?.stored(nil, key: key, progress: run.progress, latency: nil)
                return
            }
            let latency = ContinuousClock.now - completedAt
            metrics.update {
                $0.runsByStatus[stored.record.status.rawValue, default: 0] += 1
                $0.droppedBytes += dropped
                if run.completedAt != nil { $0.lastStoreLatencySeconds = latency.seconds }
            }
            await self?.stored(stored, key: nil, progress: run.progress, latency: run.completedAt == nil ? nil : latency)
            guard let id = stored.record.id, let result = analysis.analyze(stored.record, trace: stored.trace) else {
                await self?.finishedStoring(key)
                return
            }
            metrics.update {
                $0.analysisSecondsSum += result.duration.seconds
                $0.analysisCount += 1
            }
            let acquisition = run.recording.acquisition
            let end = acquisition.completion.map { Int($0.runDurationMillis) } ?? Int(acquisition.phases.last?.runTimeMillis ?? 0)
            do { try pipeline.store.appendEvent(RunAnalysisStage.event(for: result, runID: id, runTimeMillis: end)) } catch {
                logger.error("cannot store the analysis summary", metadata: ["run": "\(run.runID)", "error": "\(error)"])
            }
            logger.info("run analysed", metadata: [
                "run": "\(run.runID)", "peaks": "\(result.result.peaks.count)",
                "analysis_ms": "\(Int(result.duration.seconds * 1000))",
            ])
            var report: ScreeningReport?
            if let screening = analysis.screening {
                do {
                    report = try await screening.screen(
                        run: stored.record, analysis: result, deviceFaults: run.recording.acquisition.faults,
                        context: run.context, store: pipeline.store)
                    if let report { metrics.update { $0.qcOutcomes[report.qcOutcome, default: 0] += 1 } }
                } catch {
                    logger.error("screening failed", metadata: ["run": "\(run.runID)", "error": "\(error)"])
                }
            }
            await self?.analysed(id: id, peaks: result.result.peaks.count, screening: report, key: key)
        }
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
        metrics.update { $0.acquiring = false }
        publishStatus()
    }

    private func stored(_ run: AcquiredRun?, key: UUID?, progress: RunProgress, latency: Duration?) {
        if let run {
            runsStored += 1
            if let latency {
                logger.info("run-complete to stored", metadata: [
                    "run": "\(run.record.runUUID)", "store_latency_ms": "\(String(format: "%.1f", latency.seconds * 1000))",
                ])
            }
            broadcast(ControlEvent(kind: "run-stored", run: progress, runID: run.record.id, status: run.record.status.rawValue,
                                   detail: run.record.statusReason))
        }
        if let key { finishedStoring(key) }
        wakeProgressWaiters()
    }

    private func analysed(id: Int64, peaks: Int, screening: ScreeningReport?, key: UUID) {
        broadcast(ControlEvent(kind: "analysis", runID: id, status: screening?.qcOutcome, detail: "\(peaks) peaks"))
        finishedStoring(key)
    }

    private func finishedStoring(_ key: UUID) {
        storing.removeValue(forKey: key)
        wakeProgressWaiters()
    }

    private func droppedBytes() async -> Int {
        guard let session else { return 0 }
        return await session.decoderStatistics.values.reduce(0) { $0 + $1.droppedBytes }
    }

    // MARK: Control

    public func handle(_ request: ControlRequest, from peer: ControlPeer, on connection: ControlConnection) async -> ControlReply {
        var reply: ControlReply
        switch request.op {
        case .status: reply = ControlReply(ok: true, status: status)
        case .deviceInfo:
            reply = device.connection == "connected"
                ? ControlReply(ok: true, device: device)
                : .failure(ControlError(.noDevice, "no device connected (\(device.lastError ?? device.connection))"))
        case .startRun: reply = await startRun(request, actor: peer.actor)
        case .abortRun: reply = await abortRun(actor: peer.actor)
        case .subscribe:
            subscribers.insert(connection)
            reply = ControlReply(ok: true, status: status)
        }
        reply.id = request.id
        return reply
    }

    public func disconnected(_ connection: ControlConnection) {
        subscribers.remove(connection)
    }

    /// The daemon, device and run right now.
    public var status: DaemonStatus {
        let uptime = ContinuousClock.now - launched
        return DaemonStatus(
            state: stopping ? "stopping" : active != nil ? "acquiring" : "idle", version: BreathVersion.software,
            pid: ProcessInfo.processInfo.processIdentifier, uptimeSeconds: uptime.seconds, device: device,
            run: active?.progress, runsStored: runsStored)
    }

    /// Checks a start request, then starts the run on the device.
    func startRun(_ request: ControlRequest, actor: String) async -> ControlReply {
        let sample: String, patient: String, operatorID: String
        do throws(ControlError) {
            sample = try ControlFields.label(request.sampleID, "sample_id")
            patient = try ControlFields.label(request.patientID, "patient_id")
            operatorID = try ControlFields.label(request.operatorID, "operator_id")
            try preconditionsForStart()
        } catch {
            return .failure(error)
        }
        let pseudonym: Pseudonym
        do { pseudonym = try pipeline.store.pseudonym(forPatient: patient, actor: actor) } catch {
            logger.error("cannot register the patient's pseudonym", metadata: ["error": "\(error)"])
            return .failure(ControlError(.internalError, "the store refused the patient: \(error)"))
        }
        return await begin(RunContext(sampleID: sample, patientPseudonym: pseudonym.text, operatorID: operatorID), actor: actor)
    }

    private func preconditionsForStart() throws(ControlError) {
        guard !stopping else { throw ControlError(.shuttingDown, "breathd is stopping") }
        guard session != nil, deviceInfo != nil else {
            throw ControlError(.noDevice, "no device connected (\(device.lastError ?? device.connection))")
        }
        guard active == nil else { throw ControlError(.busy, "run \(active!.runID) is in progress") }
    }

    /// Starts a run for `context` on the connected device.
    public func begin(_ context: RunContext, actor: String) async -> ControlReply {
        do { try preconditionsForStart() } catch { return .failure(error) }
        guard let session, let tap, let info = deviceInfo else { return .failure(ControlError(.noDevice, "no device connected")) }
        // A replayed device answers only the run it recorded.
        let runID = connector.recordedRun?.runID ?? RunID()
        let method = connector.recordedRun?.method ?? self.method
        let startedAt = Date()
        let capture: CaptureWriter
        do {
            capture = try pipeline.openCapture(runID: runID, info: info, method: method, source: connector.kind, at: startedAt)
        } catch {
            logger.error("cannot create the capture file", metadata: ["error": "\(error)"])
            return .failure(ControlError(.internalError, "cannot create the capture file: \(error)"))
        }
        tap.attach(capture)
        let progress = RunProgress(
            runUUID: "\(runID)", sampleID: context.sampleID, patientPseudonym: context.patientPseudonym,
            operatorID: context.operatorID, phase: "starting", runTimeMillis: 0, samples: 0, startedAt: startedAt)
        active = ActiveRun(
            recording: RunRecording(acquisition: RunAcquisition(runID: runID), info: info, method: method,
                                    source: connector.kind, startedAt: startedAt, capture: capture),
            context: context, progress: progress, endActor: actor, droppedBytesAtStart: await droppedBytes())
        metrics.update { $0.acquiring = true }
        do {
            try await session.upload(method)
            try await session.startRun(runID, hostTimeMicros: UInt64(startedAt.timeIntervalSince1970 * 1e6))
        } catch {
            // Never started: nothing to store, and the capture holds only the refused commands.
            if active?.runID == runID {
                active = nil
                tap.detach()
                capture.closeFile()
                try? FileManager.default.removeItem(at: capture.url)
                metrics.update { $0.acquiring = false }
            }
            logger.error("the device did not start the run", metadata: ["error": "\(error)"])
            publishStatus()
            return .failure(ControlError(.deviceError, "the device did not start the run: \(error)"))
        }
        do {
            try pipeline.store.recordRunStart(
                runUUID: "\(runID)", deviceSerial: info.serial, methodID: method.methodID, actor: actor,
                details: ["sample": context.sampleID, "patient": context.patientPseudonym, "operator": context.operatorID]
                    .filter { !$0.value.isEmpty })
        } catch {
            logger.error("cannot record the run start in the audit trail", metadata: ["run": "\(runID)", "error": "\(error)"])
        }
        logger.info("run started", metadata: ["run": "\(runID)", "method": "\(method.methodID)", "by": "\(actor)"])
        broadcast(ControlEvent(kind: "run-started", run: progress))
        publishStatus()
        return ControlReply(ok: true, run: active?.progress ?? progress)
    }

    private func abortRun(actor: String) async -> ControlReply {
        guard let run = active else { return .failure(ControlError(.noRun, "no run is in progress")) }
        guard let session else { return .failure(ControlError(.noDevice, "no device connected")) }
        do {
            try await session.abortRun(run.runID)
        } catch {
            return .failure(ControlError(.deviceError, "the device did not abort: \(error)"))
        }
        if active?.runID == run.runID {
            active?.endActor = actor
            active?.hostStop = "abort requested by \(actor)"
        }
        logger.notice("run abort requested", metadata: ["run": "\(run.runID)", "by": "\(actor)"])
        return ControlReply(ok: true, run: active?.progress ?? run.progress)
    }

    // MARK: Lifecycle

    /// Shutdown: refuses new runs, closes a run in progress as interrupted (its capture
    /// kept, no end record), closes the device and waits until every run is stored.
    public func drain(reason: String) async {
        guard !stopping else { return }
        stopping = true
        notifier.stopping(status: "stopping: \(reason)")
        logger.notice("stopping", metadata: ["reason": "\(reason)"])
        if let run = active {
            // An abort already requested keeps its actor and comes first in the reason.
            if run.hostStop == nil { active?.endActor = "breathd" }
            active?.hostStop = [run.hostStop, "breathd stopped during the run (\(reason))"].compactMap { $0 }.joined(separator: "; ")
            // Ask the device to stop its heaters and pump; the run is closed either way.
            try? await session?.abortRun(run.runID)
        }
        await session?.close()
        while active != nil { await withCheckedContinuation { idleWaiters.append($0) } }
        while let (key, task) = storing.first {
            await task.value
            storing.removeValue(forKey: key)
        }
        for connection in subscribers { connection.push(ControlEvent(kind: "stopping", detail: reason)) }
    }

    /// Answers once the actor is responsive: the watchdog pings only after this returns.
    public func heartbeat() {}

    /// Waits until `count` runs are stored and analysed, or the device is connected when
    /// `count` is nil; false when the daemon is stopping.
    public func waitUntil(stored count: Int?) async -> Bool {
        while !stopping {
            if let count, runsStored >= count, storing.isEmpty { return true }
            if count == nil, deviceInfo != nil { return true }
            await withCheckedContinuation { progressWaiters.append($0) }
        }
        return false
    }

    private func wakeProgressWaiters() {
        let waiters = progressWaiters
        progressWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func broadcast(_ event: ControlEvent) {
        for connection in subscribers where !connection.push(event) {
            subscribers.remove(connection)
        }
    }

    /// STATUS= for systemd: what the daemon is doing, without patient data.
    private func publishStatus() {
        let text: String
        if stopping {
            text = "stopping"
        } else if let run = active {
            text = "acquiring run \(run.runID): \(run.progress.phase)"
        } else {
            switch device.connection {
            case "connected": text = "idle; device \(device.serial ?? "?") connected; \(runsStored) runs stored"
            case "connecting": text = "connecting to the \(connector.kind) device"
            default: text = "waiting for the device (\(device.lastError ?? "not connected"))"
            }
        }
        notifier.status(text)
    }
}

/// Checks of request fields, each failing with an error naming the field (never its value,
/// which may be a patient identifier).
enum ControlFields {
    static func label(_ value: String?, _ field: String) throws(ControlError) -> String {
        guard let value else { throw ControlError(.invalidArgument, "\(field) is required") }
        guard !value.isEmpty, value.count <= 64, value.trimmingCharacters(in: .whitespaces) == value,
              !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw ControlError(.invalidArgument, "\(field) must be 1 to 64 characters without control characters or surrounding spaces")
        }
        return value
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
