import BreathSignal
import BreathWire

/// One run on the emulated device: its schedule, its synthetic trace, and how much of it
/// has been streamed. Times are absolute device times in µs.
struct EmulatedRun: Sendable {
    let id: RunID
    let method: RunMethod
    let start: UInt64
    let breathMetrics: BreathMetrics
    private(set) var endedAt: UInt64?
    private(set) var outcome: RunOutcome = .completed
    private(set) var faultCode: FaultCode?
    private(set) var faultSeverity: FaultSeverity?

    private let phaseStarts: [(phase: RunPhase, time: UInt64)]
    private let streamStart: UInt64
    private let streamEnd: UInt64
    private let samplePeriod: UInt64
    private let blockInterval: UInt64
    private let detector: [Float]
    private var nextPhase = 1
    private var nextSample = 0
    private var blocksSent: UInt32 = 0
    private var detectorCRC = CRC32C()
    private var nextBlockTime: UInt64
    private var pending: [(time: UInt64, happening: Happening)]
    private let stalls: [Range<UInt64>]
    private var channelNoise: SeededGenerator

    /// Something the run does by itself at a device time.
    enum Happening: Sendable {
        case phase(RunPhase)
        case samples
        case fault(FaultCode, FaultSeverity)
        case disconnect
        case complete
    }

    init(id: RunID, method: RunMethod, configuration: EmulatorConfiguration, runIndex: Int, start: UInt64) {
        self.id = id
        self.method = method
        self.start = start
        let micros = { (seconds: Double) in UInt64((seconds * 1e6).rounded()) }

        let breath = configuration.breath
        let target = Double(method.breathTargetVolumeML)
        let maxDuration = Double(method.breathMaxDurationS)
        let timeToTarget = target / breath.flowMLPerMin * 60
        let enough = breath.availableVolumeML >= target && timeToTarget <= maxDuration
        let duration = enough ? timeToTarget : maxDuration
        let volume = min(breath.availableVolumeML, breath.flowMLPerMin * duration / 60, target)
        var flags: BreathMetricsFlags = []
        if volume < target { flags.insert(.volumeBelowTarget) }
        if breath.endTidalCO2Percent < 3 { flags.insert(.carbonDioxideLow) }
        if !enough { flags.insert(.durationLimitReached) }
        breathMetrics = BreathMetrics(
            runID: id, exhaledVolumeML: Float(volume), endTidalCO2Percent: Float(breath.endTidalCO2Percent),
            relativeHumidityPercent: Float(breath.relativeHumidityPercent), durationS: Float(duration),
            meanFlowMLPerMin: Float(breath.flowMLPerMin), flags: flags)

        let trap = start + micros(duration)
        let desorption = trap + micros(Double(method.trapDurationS))
        let separation = desorption + micros(Double(method.desorptionDurationS))
        let coolDown = separation + micros(method.separationDuration)
        let complete = coolDown + micros(Double(method.coolDownS))
        phaseStarts = [(.breathSampling, start), (.trap, trap), (.desorption, desorption),
                       (.separation, separation), (.coolDown, coolDown)]
        streamStart = desorption
        streamEnd = coolDown
        samplePeriod = UInt64(method.samplePeriodMicros)
        blockInterval = max(micros(configuration.blockInterval), 1)
        nextBlockTime = desorption + blockInterval

        let sampleCount = Int((coolDown - desorption) / samplePeriod)
        detector = EmulatedChromatogram.detectorTrace(
            configuration: configuration, method: method, runIndex: runIndex, trappedVolumeML: volume,
            sampleCount: sampleCount)
        channelNoise = SeededGenerator(seed: configuration.seed &* 0x9E37_79B9 &+ UInt64(runIndex) &+ 1)

        var pending: [(UInt64, Happening)] = [(complete, .complete)]
        var stalls: [Range<UInt64>] = []
        for fault in configuration.faults {
            switch fault {
            case .disconnect(let at): pending.append((start + micros(at), .disconnect))
            case .deviceFault(let code, let severity, let at):
                pending.append((start + micros(at), .fault(FaultCode(rawValue: code), FaultSeverity(rawValue: severity))))
            case .stall(let at, let length):
                stalls.append((start + micros(at))..<(start + micros(at + length)))
            case .corruptDataFrame, .dropDataFrame: break
            }
        }
        self.pending = pending.sorted { $0.0 < $1.0 }
        self.stalls = stalls
    }

    /// Device times of the next things this run will do, after `now`.
    func nextHappening(after now: UInt64) -> [UInt64] {
        var times: [UInt64] = []
        if endedAt == nil {
            if nextPhase < phaseStarts.count { times.append(phaseStarts[nextPhase].time) }
            if nextSample < detector.count { times.append(min(nextBlockTime, streamEnd)) }
        }
        if let first = pending.first?.time { times.append(first) }
        return times
    }

    /// Everything due at or before `time`, in order, marked as done.
    mutating func happenings(at time: UInt64) -> [Happening] {
        var due: [Happening] = []
        if endedAt == nil {
            while nextPhase < phaseStarts.count, phaseStarts[nextPhase].time <= time {
                if phaseStarts[nextPhase].phase == .coolDown, nextSample < detector.count { due.append(.samples) }
                due.append(.phase(phaseStarts[nextPhase].phase))
                nextPhase += 1
            }
            if nextSample < detector.count, min(nextBlockTime, streamEnd) <= time {
                due.append(.samples)
                while nextBlockTime <= time { nextBlockTime += blockInterval }
            }
        }
        while let first = pending.first, first.time <= time {
            pending.removeFirst()
            due.append(first.happening)
        }
        return due
    }

    /// Sample blocks for every sample taken by `time` and not yet sent.
    mutating func takeBlocks(upTo time: UInt64) -> [SampleBlock] {
        guard time >= streamStart, nextSample < detector.count else { return [] }
        let last = min(Int((time - streamStart) / samplePeriod), detector.count - 1)
        var blocks: [SampleBlock] = []
        let perBlock = SampleBlock.maximumCount(channelCount: 3)
        while nextSample <= last {
            let end = min(last + 1, nextSample + perBlock)
            let values = Array(detector[nextSample..<end])
            var temperatures: [Float] = [], pressures: [Float] = []
            for index in nextSample..<end {
                let sampleTime = streamStart + UInt64(index) * samplePeriod
                temperatures.append(Float(columnTemperature(at: sampleTime) + 0.02 * channelNoise.nextStandardNormal()))
                pressures.append(Float(Double(method.carrierPressureKPa) + 0.05 * channelNoise.nextStandardNormal()))
            }
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { detectorCRC.update(buffer: $0) } }
            blocks.append(SampleBlock(
                firstSampleIndex: UInt32(nextSample), samplePeriodMicros: UInt32(samplePeriod), detector: values,
                columnTemperatureC: temperatures, carrierPressureKPa: pressures))
            nextSample = end
            blocksSent += 1
        }
        return blocks
    }

    /// Ends the run early (abort or error fault): streaming stops, cool-down follows.
    mutating func end(_ outcome: RunOutcome, fault: FaultCode?, severity: FaultSeverity? = nil, at time: UInt64) {
        endedAt = time
        self.outcome = outcome
        faultCode = fault
        faultSeverity = severity
        pending.removeAll { if case .complete = $0.happening { true } else { false } }
        pending.append((time + UInt64(method.coolDownS) * 1_000_000, .complete))
        pending.sort { $0.time < $1.time }
    }

    /// The `RUN_COMPLETE` totals.
    func completion(at time: UInt64) -> RunComplete {
        RunComplete(
            runID: id, outcome: outcome, totalSamples: UInt32(nextSample), totalBlocks: blocksSent,
            runDurationMillis: runTimeMillis(at: time), detectorCRC32C: detectorCRC.value, fault: faultCode)
    }

    func runTimeMillis(at time: UInt64) -> UInt32 { UInt32(clamping: (time - start) / 1000) }

    func phase(at time: UInt64) -> RunPhase {
        phaseStarts.last { $0.time <= time }?.phase ?? .breathSampling
    }

    /// When the bulk-IN stall covering `time` ends, or nil when bulk IN is not stalled then.
    func stallEnd(covering time: UInt64) -> UInt64? { stalls.first { $0.contains(time) }?.upperBound }

    /// Oven temperature: the initial temperature until the separation starts, then the program.
    func columnTemperature(at time: UInt64) -> Double {
        let separationStart = phaseStarts[3].time
        guard time > separationStart else { return Double(method.initialTemperatureC) }
        return method.columnTemperature(at: Double(time - separationStart) / 1e6)
    }
}
