import BreathEmulator
import BreathWire
import Testing

@Suite struct StatusTests {
    @Test func idleBeforeAnyMethod() throws {
        var host = EmulatorHost()
        host.send(.getInfo)
        let status = try host.status()
        #expect(status.state == .idle)
        #expect(status.phase == RunPhase.none)
        #expect(status.runID == nil)
        #expect(status.activeFault == nil)
        #expect(host.device.state == .idle)
    }

    @Test func readyAfterAValidMethod() throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        host.advance(to: 3_000_000)
        let status = try host.status()
        #expect(status.state == .ready)
        #expect(status.phase == RunPhase.none)
        #expect(status.runID == nil)
        #expect(status.deviceTimeMicros == 3_000_000)
        #expect(status.carrierPressureKPa == RunMethod.breathScreenV1.carrierPressureKPa)
        #expect(status.activeFault == nil)
    }

    @Test(arguments: [
        (10.0, RunPhase.breathSampling), (160.0, .trap), (175.0, .desorption), (400.0, .separation), (800.0, .coolDown),
    ])
    func runningReportsThePhaseAndRunID(runTime: Double, phase: RunPhase) throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        let runID = host.startRun()
        host.advance(toRunTime: runTime, from: start)
        let status = try host.status()
        #expect(status.state == .running)
        #expect(status.phase == phase)
        #expect(status.runID == runID)
        #expect(status.deviceTimeMicros == start + UInt64(runTime * 1e6))
        #expect(status.activeFault == nil)
    }

    @Test func columnTemperatureInStatusFollowsTheProgram() throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        host.startRun()
        // 180 s separation start + 30 s hold + 275 s at 12 °C/min = 40 + 55 °C.
        host.advance(toRunTime: 485, from: start)
        let status = try host.status()
        #expect(abs(status.columnTemperatureC - 95) < 0.01)
    }

    @Test func readyAgainWithNoRunAfterTheRunCompleted() throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        host.startRun()
        host.runToIdle()
        #expect(host.runCompleted)
        let status = try host.status()
        #expect(status.state == .ready)
        #expect(status.phase == RunPhase.none)
        #expect(status.runID == nil)
    }

    @Test func faultStateNamesTheActiveFault() throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.deviceFault(code: 0x0002, severity: 1, atRunTime: 300)]
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.startRun()
        host.run { $0.runCompleted }
        let status = try host.status()
        #expect(status.state == .fault)
        #expect(status.activeFault == .carrierPressureLoss)
        #expect(status.runID == nil)
    }

    /// PROTOCOL.md 3, 4.4, 4.6: after ABORT_RUN the run is in COOL_DOWN until its RUN_COMPLETE,
    /// so STATUS must still name the run and phase 5, as it does in a normal cool-down.
    @Test func coolDownAfterAbortStillReportsTheRunAndPhase() throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        let runID = host.startRun()
        host.advance(toRunTime: 200, from: start)
        host.send(.abortRun(runID))
        host.advance(toRunTime: 230, from: start)
        #expect(!host.runCompleted)
        let status = try host.status()
        #expect(status.state == .running)
        #expect(status.phase == .coolDown)
        #expect(status.runID == runID)
    }
}
