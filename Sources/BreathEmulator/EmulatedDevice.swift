import BreathWire
import Foundation

/// The device side of protocol 1.0 as a deterministic state machine on a virtual clock.
///
/// The host's bytes go in through ``receive(_:)``; time moves on through ``advance(to:)``;
/// what the device sends comes out of ``takeOutput()``, tagged with its endpoint. Nothing
/// here sleeps or does I/O: a link decides how device time maps to wall time (real time,
/// accelerated, or as fast as possible), so tests run a 14-minute run in milliseconds.
public struct EmulatedDevice: Sendable {
    public let configuration: EmulatorConfiguration
    /// Device time, µs since boot.
    public private(set) var now: UInt64 = 0
    /// True once an injected disconnect has happened: the device is gone from the bus.
    public private(set) var isDisconnected = false
    /// The protocol state (PROTOCOL.md section 3).
    public private(set) var state: DeviceState = .idle
    /// Runs started since power-on.
    public private(set) var runsStarted = 0

    private var method: RunMethod?
    private var activeFault: (code: FaultCode, clearsAt: UInt64?)?
    private var decoder = FrameDecoder()
    private var sequences: [Endpoint: UInt16] = [.dataIn: 0, .eventIn: 0]
    private var dataFrameOrdinal = 0
    private var output: [DeviceOutput] = []
    /// Bulk-IN frames held back by a stall, and when they are released. Kept on the device,
    /// not the run, so that a stall outlasting the run still delivers its RUN_COMPLETE.
    private var heldByStall: [DeviceOutput] = []
    private var stallReleaseTime: UInt64?
    private var run: EmulatedRun?

    public init(configuration: EmulatorConfiguration) {
        self.configuration = configuration
    }

    /// Frames the device has sent since the last call, in order, per endpoint.
    public mutating func takeOutput() -> [DeviceOutput] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// The next device time at which something happens by itself, or nil when the device
    /// only waits for the host.
    public var nextEventTime: UInt64? {
        guard !isDisconnected else { return nil }
        var candidates: [UInt64] = stallReleaseTime.map { [$0] } ?? []
        if let run { candidates.append(contentsOf: run.nextHappening(after: now)) }
        if let clearsAt = activeFault?.clearsAt, run == nil { candidates.append(clearsAt) }
        return candidates.min()
    }

    /// Moves device time forward to `time`, performing everything scheduled until then.
    public mutating func advance(to time: UInt64) {
        while !isDisconnected, let next = nextEventTime, next <= time {
            now = max(now, next)
            perform(at: now)
        }
        if !isDisconnected { now = max(now, time) }
    }

    /// Bytes the host wrote to bulk OUT, at the current device time.
    public mutating func receive<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        guard !isDisconnected else { return }
        let unsupportedBefore = decoder.statistics.unsupportedVersions
        let frames = decoder.feed(bytes)
        if decoder.statistics.unsupportedVersions > unsupportedBefore {
            reply(.nack(Nack(requestSequence: 0, requestType: 0, code: .unsupportedVersion,
                             detail: "this device speaks protocol 1.x")))
        }
        for frame in frames { handle(frame) }
    }

    // MARK: Commands

    private mutating func handle(_ frame: Frame) {
        let message: Message
        do {
            message = try Message(frame: frame)
        } catch {
            return refuse(frame, .malformed, error.description)
        }
        switch message {
        case .getInfo:
            if frame.sequence == 0 { sequences = [.dataIn: 0, .eventIn: 0] }
            reply(.deviceInfo(deviceInfo(answering: frame.sequence)))
        case .getStatus:
            reply(.status(status(answering: frame.sequence)))
        case .uploadMethod(let newMethod):
            if state == .running { return refuse(frame, .badState, "a run is in progress") }
            let periods = EmulatedDevice.samplePeriods
            if let field = newMethod.invalidField(samplePeriods: periods) { return refuse(frame, .invalidMethod, field) }
            method = newMethod
            if state == .idle { state = .ready }
            acknowledge(frame)
            return
        case .startRun(let start):
            if let fault = activeFault { return refuse(frame, .faultActive, "fault \(fault.code) is active") }
            guard let method else { return refuse(frame, .noMethod, "upload a method first") }
            if state == .running { return refuse(frame, .badState, "a run is in progress") }
            acknowledge(frame)
            begin(EmulatedRun(
                id: start.runID, method: method, configuration: configuration, runIndex: runsStarted, start: now))
            runsStarted += 1
            return
        case .abortRun(let runID):
            guard var current = run, current.endedAt == nil else { return refuse(frame, .badState, "no run in progress") }
            guard current.id == runID else { return refuse(frame, .unknownRun, "run \(runID) is not the current run") }
            acknowledge(frame)
            for block in current.takeBlocks(upTo: now) { send(.sampleBlock(block), on: .dataIn) }
            current.end(.aborted, fault: nil, at: now)
            run = current
            event(.phaseChanged(PhaseChange(runID: runID, phase: .coolDown, runTimeMillis: current.runTimeMillis(at: now))))
            return
        case .keepAlive(let counter):
            reply(.keepAliveReply(KeepAliveReply(requestSequence: frame.sequence, counter: counter, deviceTimeMicros: now)))
        case .clockSync(let hostTime):
            reply(.clockSyncReply(ClockSyncReply(
                requestSequence: frame.sequence, hostTimeMicros: hostTime, deviceTimeMicros: now)))
        case .unknown, .ack, .nack, .deviceInfo, .status, .phaseChanged, .breathMetrics, .sampleBlock,
             .runComplete, .fault, .keepAliveReply, .clockSyncReply:
            return refuse(frame, .unknownType, "type 0x\(String(frame.type, radix: 16)) is not a command")
        }
        if frame.flags.contains(.ackRequested) { acknowledge(frame) }
    }

    /// Sample periods the emulated detector supports: 1 kHz to 10 Hz.
    public static let samplePeriods: ClosedRange<UInt32> = 1_000...100_000

    private func deviceInfo(answering sequence: UInt16) -> DeviceInfo {
        DeviceInfo(
            requestSequence: sequence, serial: configuration.serial, hardwareVersion: configuration.hardwareVersion,
            firmwareVersion: configuration.firmwareVersion, protocolMajor: Frame.protocolVersion.major,
            protocolMinor: Frame.protocolVersion.minor,
            capabilities: [.photoionisationDetector, .columnTemperatureChannel, .carrierPressureChannel,
                           .breathSamplerMetrics, .internalStandard, .clockSync],
            calibrationID: configuration.calibrationID,
            minSamplePeriodMicros: EmulatedDevice.samplePeriods.lowerBound,
            maxSamplePeriodMicros: EmulatedDevice.samplePeriods.upperBound)
    }

    private func status(answering sequence: UInt16) -> DeviceStatus {
        // A run cut short by an abort or fault is still in cool-down until its RUN_COMPLETE.
        let phase: RunPhase = run.map { $0.endedAt == nil ? $0.phase(at: now) : .coolDown } ?? .none
        return DeviceStatus(
            requestSequence: sequence, state: state, phase: phase, runID: run?.id,
            deviceTimeMicros: now, columnTemperatureC: Float(run?.columnTemperature(at: now) ?? 40),
            carrierPressureKPa: Float(method?.carrierPressureKPa ?? 0), activeFault: activeFault?.code)
    }

    private mutating func acknowledge(_ frame: Frame) {
        reply(.ack(Ack(requestSequence: frame.sequence, requestType: frame.type)))
    }

    private mutating func refuse(_ frame: Frame, _ code: NackCode, _ detail: String) {
        reply(.nack(Nack(requestSequence: frame.sequence, requestType: frame.type, code: code, detail: detail)))
    }

    // MARK: The run

    private mutating func begin(_ newRun: EmulatedRun) {
        run = newRun
        state = .running
        event(.phaseChanged(PhaseChange(runID: newRun.id, phase: .breathSampling, runTimeMillis: 0)))
    }

    private mutating func perform(at time: UInt64) {
        // Held frames go first: anything sent at the release time must follow them.
        if let release = stallReleaseTime, release <= time {
            output.append(contentsOf: heldByStall)
            heldByStall.removeAll()
            stallReleaseTime = nil
        }
        guard var current = run else {
            // Only a pending fault clearance is scheduled outside a run.
            if let fault = activeFault, let clearsAt = fault.clearsAt, clearsAt <= time {
                activeFault = nil
                state = method == nil ? .idle : .ready
            }
            return
        }
        for happening in current.happenings(at: time) {
            switch happening {
            case .phase(let phase):
                if phase == .trap {
                    let metrics = current.breathMetrics
                    event(.breathMetrics(metrics))
                    if metrics.flags.contains(.volumeBelowTarget) {
                        event(.fault(Fault(
                            code: .lowBreathVolume, severity: .warning, runID: current.id,
                            runTimeMillis: current.runTimeMillis(at: time),
                            message: "breath volume \(Int(metrics.exhaledVolumeML)) mL below target")))
                    }
                }
                event(.phaseChanged(PhaseChange(runID: current.id, phase: phase, runTimeMillis: current.runTimeMillis(at: time))))
            case .samples:
                for block in current.takeBlocks(upTo: time) { send(.sampleBlock(block), on: .dataIn) }
            case .fault(let code, let severity):
                event(.fault(Fault(
                    code: code, severity: severity, runID: current.id, runTimeMillis: current.runTimeMillis(at: time),
                    message: "injected fault \(code)")))
                if severity >= .error, current.endedAt == nil {
                    for block in current.takeBlocks(upTo: time) { send(.sampleBlock(block), on: .dataIn) }
                    current.end(.faulted, fault: code, severity: severity, at: time)
                    activeFault = (code, nil)
                    event(.phaseChanged(PhaseChange(runID: current.id, phase: .coolDown, runTimeMillis: current.runTimeMillis(at: time))))
                }
            case .disconnect:
                isDisconnected = true
                output.removeAll()
                run = current
                return
            case .complete:
                send(.runComplete(current.completion(at: time)), on: .dataIn)
                if let fault = activeFault, fault.clearsAt == nil {
                    let severe = current.faultSeverity == .fatal
                    activeFault = (fault.code, severe ? nil : time + UInt64(configuration.faultClearDelay * 1e6))
                    state = .fault
                } else {
                    state = .ready
                }
                run = nil
                return
            }
        }
        run = current
    }

    // MARK: Output

    private mutating func reply(_ message: Message) { send(message, on: .dataIn) }

    private mutating func event(_ message: Message) { send(message, on: .eventIn) }

    private mutating func send(_ message: Message, on endpoint: Endpoint) {
        let sequence = sequences[endpoint, default: 0]
        sequences[endpoint] = sequence &+ 1
        var bytes = message.frame(sequence: sequence).encoded()
        if endpoint == .dataIn {
            let ordinal = dataFrameOrdinal
            dataFrameOrdinal += 1
            if configuration.faults.contains(.dropDataFrame(ordinal: ordinal)) { return }
            if configuration.faults.contains(.corruptDataFrame(ordinal: ordinal)) {
                bytes[Frame.headerSize + (bytes.count - Frame.headerSize - Frame.trailerSize) / 2] ^= 0x10
            }
            if let end = run?.stallEnd(covering: now) {
                stallReleaseTime = max(stallReleaseTime ?? end, end)
            }
            if stallReleaseTime != nil {
                heldByStall.append(DeviceOutput(endpoint: endpoint, bytes: bytes))
                return
            }
        }
        output.append(DeviceOutput(endpoint: endpoint, bytes: bytes))
    }
}

/// Bytes the device sent on one endpoint: one encoded frame.
public struct DeviceOutput: Sendable, Hashable {
    public var endpoint: Endpoint
    public var bytes: [UInt8]

    public init(endpoint: Endpoint, bytes: [UInt8]) {
        self.endpoint = endpoint
        self.bytes = bytes
    }
}
