import BreathEmulator
import BreathWire
import Testing

/// A whole breath-screen-v1 run on the default configuration, as a host sees it.
@Suite struct FullRunTests {
    /// Connects, uploads breath-screen-v1, starts a run at device time 0 and runs it to the end.
    static func completedRun(configuration: EmulatorConfiguration = EmulatorConfiguration()) -> (EmulatorHost, RunID) {
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        let runID = host.startRun()
        host.runToIdle()
        return (host, runID)
    }

    /// One completed run of the default configuration, shared by the tests that only look at it.
    static let reference = completedRun()

    @Test func startRunIsAcknowledgedAndTheRunStarts() {
        var host = EmulatorHost()
        host.connectAndUpload()
        let runID = RunID()
        let sequence = host.send(.startRun(StartRun(runID: runID, hostTimeMicros: 42)))
        #expect(host.lastData == .ack(Ack(requestSequence: sequence, requestType: MessageType.startRun.rawValue)))
        #expect(host.device.state == .running)
        #expect(host.device.runsStarted == 1)
        #expect(host.phaseChanges == [PhaseChange(runID: runID, phase: .breathSampling, runTimeMillis: 0)])
    }

    @Test func phasesArriveInOrderOnTheEventEndpointAtTheirRunTimes() {
        let (host, runID) = Self.reference
        #expect(host.phaseChanges == [
            PhaseChange(runID: runID, phase: .breathSampling, runTimeMillis: 0),
            PhaseChange(runID: runID, phase: .trap, runTimeMillis: 150_000),
            PhaseChange(runID: runID, phase: .desorption, runTimeMillis: 170_000),
            PhaseChange(runID: runID, phase: .separation, runTimeMillis: 180_000),
            PhaseChange(runID: runID, phase: .coolDown, runTimeMillis: 780_000),
        ])
        // Events travel on interrupt IN only; nothing run-related on bulk IN but blocks and completion.
        #expect(host.events.allSatisfy { MessageType(rawValue: $0.frame.type)?.isEvent == true })
        #expect(host.data.allSatisfy { MessageType(rawValue: $0.frame.type)?.isEvent == false })
        #expect(host.events.map(\.frame.sequence) == (0..<UInt16(host.events.count)).map { $0 })
        #expect(host.data.map(\.frame.sequence) == (0..<UInt16(host.data.count)).map { $0 })
        #expect(host.malformed.isEmpty)
        #expect(host.dataDecoder.statistics.isClean)
        #expect(host.eventDecoder.statistics.isClean)
    }

    @Test func breathMetricsComeOnceBetweenSamplingAndTrap() throws {
        let (host, runID) = Self.reference
        let kinds = host.eventMessages.map { message -> String in
            switch message {
            case .phaseChanged(let change): "phase \(change.phase.rawValue)"
            case .breathMetrics: "metrics"
            default: "other"
            }
        }
        #expect(kinds == ["phase 1", "metrics", "phase 2", "phase 3", "phase 4", "phase 5"])
        let metrics = try #require(host.breathMetrics.first)
        #expect(metrics.runID == runID)
        #expect(metrics.exhaledVolumeML == 1000)
        #expect(metrics.durationS == 150)
        #expect(metrics.flags.isEmpty)
        #expect(host.faults.isEmpty)
    }

    @Test func sampleBlocksAreContiguousFromIndexZeroWithTheExpectedTotal() throws {
        let (host, _) = Self.reference
        let blocks = host.blocks
        #expect(blocks.first?.firstSampleIndex == 0)
        var expected: UInt32 = 0
        for block in blocks {
            #expect(block.firstSampleIndex == expected, "gap or overlap before block at \(block.firstSampleIndex)")
            #expect(block.count >= 1)
            #expect(block.samplePeriodMicros == 50_000)
            #expect(block.channelMask == 0b111)
            expected = block.firstSampleIndex + UInt32(block.count)
        }
        #expect(Int(expected) == ReferenceRun.sampleCount)
        #expect(host.detector.count == ReferenceRun.sampleCount)
    }

    @Test func blocksAreStreamedFromDesorptionToCoolDownAtLeastEveryHalfSecond() throws {
        let (host, _) = Self.reference
        let times = host.data.filter { $0.frame.type == MessageType.sampleBlock.rawValue }.map(\.deviceTime)
        let first = try #require(times.first)
        let last = try #require(times.last)
        #expect(first > ReferenceRun.desorption && first <= ReferenceRun.desorption + 500_000)
        #expect(last == ReferenceRun.coolDown)
        for (earlier, later) in zip(times, times.dropFirst()) { #expect(later - earlier <= 500_000) }
    }

    @Test func runCompleteTotalsMatchWhatWasReceived() throws {
        let (host, runID) = Self.reference
        #expect(host.completions.count == 1)
        let completion = try #require(host.completions.first)
        #expect(completion.runID == runID)
        #expect(completion.outcome == .completed)
        #expect(completion.fault == nil)
        #expect(Int(completion.totalSamples) == host.detector.count)
        #expect(Int(completion.totalBlocks) == host.blocks.count)
        #expect(completion.detectorCRC32C == detectorCRC(host.detector))
        #expect(completion.runDurationMillis == 840_000)
        // Every block of the run precedes its RUN_COMPLETE, which is the last frame on bulk IN.
        #expect(host.data.last?.frame.type == MessageType.runComplete.rawValue)
        #expect(host.data.last?.deviceTime == ReferenceRun.complete)
    }

    @Test func deviceIsReadyAgainAndCanRunAgain() throws {
        var (host, _) = Self.reference
        #expect(host.device.state == .ready)
        #expect(host.device.nextEventTime == nil)
        let second = host.startRun()
        host.runToIdle()
        #expect(host.completions.count == 2)
        #expect(host.completions.last?.runID == second)
        #expect(host.completions.last?.outcome == .completed)
        #expect(host.device.runsStarted == 2)
    }

    @Test func detectorTraceLooksLikeAChromatogram() throws {
        let (host, _) = Self.reference
        let values = host.detector
        #expect(values.allSatisfy { $0.isFinite })
        let sorted = values.sorted()
        let median = sorted[sorted.count / 2]
        let deviations = values.map { abs($0 - median) }.sorted()
        let mad = deviations[deviations.count / 2]
        let maximum = try #require(sorted.last)
        // Peaks stand far above the baseline noise.
        #expect(maximum - median > 50 * mad, "max \(maximum), median \(median), MAD \(mad)")
        // And they are peaks, not a shifted baseline: most of the trace sits near the median.
        let nearBaseline = values.filter { abs($0 - median) < 0.1 * (maximum - median) }.count
        #expect(nearBaseline > values.count / 2)
    }

    @Test func columnTemperatureChannelFollowsTheMethodProgram() throws {
        let (host, _) = Self.reference
        let method = RunMethod.breathScreenV1
        let temperatures = host.blocks.flatMap { $0.columnTemperatureC ?? [] }
        #expect(temperatures.count == ReferenceRun.sampleCount)
        let samplesBeforeSeparation = Int((ReferenceRun.separation - ReferenceRun.desorption) / 50_000)
        var worst = 0.0
        for (index, value) in temperatures.enumerated() {
            let secondsIntoSeparation = Double(index - samplesBeforeSeparation) * 0.05
            let expected = index <= samplesBeforeSeparation
                ? Double(method.initialTemperatureC) : method.columnTemperature(at: secondsIntoSeparation)
            worst = max(worst, abs(Double(value) - expected))
        }
        // The channel carries 0.02 °C noise; 0.2 °C is ten standard deviations.
        #expect(worst < 0.2)
        #expect(abs(Double(temperatures[samplesBeforeSeparation / 2]) - 40) < 0.2)
        #expect(abs(Double(try #require(temperatures.last)) - 150) < 0.2)
        let pressures = host.blocks.flatMap { $0.carrierPressureKPa ?? [] }
        #expect(pressures.count == ReferenceRun.sampleCount)
        #expect(pressures.allSatisfy { abs($0 - method.carrierPressureKPa) < 0.5 })
    }
}
