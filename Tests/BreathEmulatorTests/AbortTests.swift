import BreathEmulator
import BreathWire
import Foundation
import Testing

@Suite struct AbortTests {
    @Test func abortIsAcknowledgedThenCoolDownThenRunCompleteAborted() throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        let runID = host.startRun()
        host.advance(toRunTime: 250.25, from: start)
        let sequence = host.send(.abortRun(runID))
        #expect(host.acks.last == Ack(requestSequence: sequence, requestType: MessageType.abortRun.rawValue))
        #expect(host.phaseChanges.last == PhaseChange(runID: runID, phase: .coolDown, runTimeMillis: 250_250))
        #expect(host.completions.isEmpty)

        host.runToIdle()
        let completion = try #require(host.completions.first)
        #expect(completion.runID == runID)
        #expect(completion.outcome == .aborted)
        #expect(completion.fault == nil)
        #expect(completion.runDurationMillis == 310_250)
        // Every sample taken up to the abort was sent, and nothing after it.
        #expect(host.detector.count == Int((250_250_000 - ReferenceRun.desorption) / 50_000) + 1)
        #expect(Int(completion.totalSamples) == host.detector.count)
        #expect(Int(completion.totalBlocks) == host.blocks.count)
        #expect(completion.detectorCRC32C == detectorCRC(host.detector))
        // No phase after the abort's COOL_DOWN, and the device is ready for the next run.
        #expect(host.phaseChanges.map(\.phase) == [.breathSampling, .trap, .desorption, .separation, .coolDown])
        #expect(host.device.state == .ready)
        #expect(host.faults.isEmpty)
    }

    @Test func abortOfAnotherRunIsRefusedWithUnknownRun() throws {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        let runID = host.startRun()
        host.advance(toRunTime: 30, from: start)
        let sequence = host.send(.abortRun(RunID()))
        #expect(host.nacks.count == 1)
        #expect(host.nacks.first?.requestSequence == sequence)
        #expect(host.nacks.first?.code == .unknownRun)
        host.runToIdle()
        #expect(host.completions.map(\.outcome) == [.completed])
        #expect(host.completions.first?.runID == runID)
    }

    @Test func abortDuringCoolDownAfterAnAbortIsRefused() {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        let runID = host.startRun()
        host.advance(toRunTime: 30, from: start)
        host.send(.abortRun(runID))
        host.advance(toRunTime: 40, from: start)
        host.send(.abortRun(runID))
        #expect(host.nacks.map(\.code) == [.badState])
        host.runToIdle()
        #expect(host.completions.count == 1)
    }
}
