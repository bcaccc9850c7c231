import BreathEmulator
import BreathWire
import Foundation
import Testing

/// `.deviceFault`: FAULT events by severity, and what an error fault does to the run and state
/// (PROTOCOL.md 3, 4.9, 4.10).
@Suite struct DeviceFaultTests {
    static func host(faults: [InjectedFault], clearDelay: Double = 5) -> EmulatorHost {
        var configuration = EmulatorConfiguration()
        configuration.faults = faults
        configuration.faultClearDelay = clearDelay
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        return host
    }

    @Test func warningIsReportedAndTheRunCompletes() throws {
        var host = Self.host(faults: [.deviceFault(code: 0x0008, severity: 0, atRunTime: 300)])
        let runID = host.startRun()
        host.runToIdle()
        #expect(host.faults.count == 1)
        let fault = try #require(host.faults.first)
        #expect(fault.code == .highHumidity)
        #expect(fault.severity == .warning)
        #expect(fault.runID == runID)
        #expect(fault.runTimeMillis == 300_000)
        #expect(!fault.message.isEmpty)
        #expect(host.phaseChanges.map(\.phase) == [.breathSampling, .trap, .desorption, .separation, .coolDown])
        let completion = try #require(host.completions.first)
        #expect(completion.outcome == .completed)
        #expect(completion.fault == nil)
        #expect(Int(completion.totalSamples) == ReferenceRun.sampleCount)
        #expect(host.device.state == .ready)
    }

    @Test func errorEndsTheRunAsFaultedAfterCoolDown() throws {
        var host = Self.host(faults: [.deviceFault(code: 0x0001, severity: 1, atRunTime: 300)])
        let runID = host.startRun()
        host.run { $0.runCompleted }

        #expect(host.faults.map(\.code) == [.columnOvertemperature])
        #expect(host.faults.first?.severity == .error)
        #expect(host.faults.first?.runID == runID)
        // FAULT, then COOL_DOWN at once; no separation phase change after the fault.
        #expect(host.phaseChanges.map(\.phase) == [.breathSampling, .trap, .desorption, .separation, .coolDown])
        #expect(host.phaseChanges.last?.runTimeMillis == 300_000)
        let faultIndex = try #require(host.events.firstIndex { $0.frame.type == MessageType.fault.rawValue })
        let coolDownIndex = try #require(host.events.firstIndex { $0.message == .phaseChanged(
            PhaseChange(runID: runID, phase: .coolDown, runTimeMillis: 300_000)) })
        #expect(faultIndex < coolDownIndex)

        let completion = try #require(host.completions.first)
        #expect(completion.runID == runID)
        #expect(completion.outcome == .faulted)
        #expect(completion.fault == .columnOvertemperature)
        #expect(completion.runDurationMillis == 360_000)
        // Streaming stopped at the fault; the totals still match what was sent.
        #expect(Int(completion.totalSamples) == host.detector.count)
        #expect(host.detector.count == Int((300_000_000 - ReferenceRun.desorption) / 50_000) + 1)
        #expect(Int(completion.totalBlocks) == host.blocks.count)
        #expect(completion.detectorCRC32C == detectorCRC(host.detector))
        #expect(host.data.last?.frame.type == MessageType.runComplete.rawValue)
        #expect(host.device.state == .fault)
    }

    @Test func startRunIsRefusedWithFaultActiveUntilTheClearDelayPassed() throws {
        var host = Self.host(faults: [.deviceFault(code: 0x0006, severity: 1, atRunTime: 100)], clearDelay: 5)
        host.startRun()
        host.run { $0.runCompleted }
        let completedAt = host.device.now

        host.advance(to: completedAt + 4_900_000)
        host.send(.startRun(StartRun(runID: RunID(), hostTimeMicros: 0)))
        #expect(host.nacks.map(\.code) == [.faultActive])
        #expect(host.device.state == .fault)
        #expect(try host.status().activeFault == .heaterFailure)

        host.advance(to: completedAt + 5_000_000)
        let status = try host.status()
        #expect(status.state == .ready)
        #expect(status.activeFault == nil)
        let second = host.startRun()
        #expect(host.acks.last?.requestType == MessageType.startRun.rawValue)
        #expect(host.device.state == .running)
        host.runToIdle()
        #expect(host.completions.last?.runID == second)
        #expect(host.completions.last?.outcome == .faulted)  // the same injected fault hits every run
    }

    @Test func errorDuringBreathSamplingEndsTheRunWithNoSamples() throws {
        var host = Self.host(faults: [.deviceFault(code: 0x0002, severity: 1, atRunTime: 20)])
        host.startRun()
        host.run { $0.runCompleted }
        #expect(host.breathMetrics.isEmpty)
        #expect(host.phaseChanges.map(\.phase) == [.breathSampling, .coolDown])
        let completion = try #require(host.completions.first)
        #expect(completion.outcome == .faulted)
        #expect(completion.totalSamples == 0)
        #expect(completion.totalBlocks == 0)
        #expect(completion.detectorCRC32C == CRC32C().value)
    }

    @Test func fatalFaultNeverClearsByItself() throws {
        var host = Self.host(faults: [.deviceFault(code: 0x0009, severity: 2, atRunTime: 100)], clearDelay: 1)
        host.startRun()
        host.runToIdle()
        #expect(host.completions.first?.outcome == .faulted)
        #expect(host.completions.first?.fault == .internalError)
        host.advance(to: host.device.now + 3_600_000_000)
        #expect(host.device.state == .fault)
        host.send(.startRun(StartRun(runID: RunID(), hostTimeMicros: 0)))
        #expect(host.nacks.map(\.code) == [.faultActive])
    }

    @Test func lowBreathVolumeIsFlaggedAndWarned() throws {
        var configuration = EmulatorConfiguration()
        configuration.breath.availableVolumeML = 300
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        let runID = host.startRun()
        host.runToIdle()

        let metrics = try #require(host.breathMetrics.first)
        #expect(metrics.runID == runID)
        #expect(metrics.flags.contains(.volumeBelowTarget))
        #expect(metrics.flags.contains(.durationLimitReached))
        #expect(!metrics.flags.contains(.carbonDioxideLow))
        #expect(metrics.exhaledVolumeML == 300)
        #expect(metrics.durationS == 180)

        #expect(host.faults.count == 1)
        let warning = try #require(host.faults.first)
        #expect(warning.code == .lowBreathVolume)
        #expect(warning.severity == .warning)
        #expect(warning.runID == runID)
        #expect(warning.runTimeMillis == 180_000)
        // Sampling ran to its time limit, and the run went on to completion.
        #expect(host.phaseChanges.map(\.runTimeMillis) == [0, 180_000, 200_000, 210_000, 810_000])
        #expect(host.completions.first?.outcome == .completed)
        #expect(Int(try #require(host.completions.first).totalSamples) == ReferenceRun.sampleCount)
    }

    @Test func lowCarbonDioxideIsFlaggedWithoutAWarning() throws {
        var configuration = EmulatorConfiguration()
        configuration.breath.endTidalCO2Percent = 2
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.startRun()
        host.runToIdle()
        let metrics = try #require(host.breathMetrics.first)
        #expect(metrics.flags == .carbonDioxideLow)
        #expect(host.faults.isEmpty)
    }
}
