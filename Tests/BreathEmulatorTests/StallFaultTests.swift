import BreathEmulator
import BreathWire
import Foundation
import Testing

/// `.stall`: bulk IN goes silent for a while, then what was held back follows, late but whole.
@Suite struct StallFaultTests {
    static let runID = RunID(UUID(uuidString: "0A0B0C0D-0E0F-4000-8000-000000000002")!)

    static func run(faults: [InjectedFault]) -> EmulatorHost {
        EmulatorHost.completedRun(runID, faults: faults)
    }

    static let clean = run(faults: [])

    /// Checks one stall: silence inside it, then every frame of a clean run, in order.
    func checkStall(at: Double, duration: Double) throws {
        let host = Self.run(faults: [.stall(atRunTime: at, duration: duration)])
        let stallStart = UInt64((at * 1e6).rounded()), stallEnd = UInt64(((at + duration) * 1e6).rounded())

        let during = host.data.filter { $0.deviceTime >= stallStart && $0.deviceTime < stallEnd }
        #expect(during.isEmpty, "\(during.count) bulk IN frames arrived during the stall")
        // Events are on the interrupt endpoint and are not held.
        #expect(firstDifference(host.events.map(\.frame), Self.clean.events.map(\.frame)) == nil)

        // Nothing lost, nothing reordered: the same frames as a clean run, sequence by sequence.
        #expect(host.data.count == Self.clean.data.count)
        #expect(firstDifference(host.data.map(\.frame), Self.clean.data.map(\.frame)) == nil)
        #expect(sequenceGaps(host.data).isEmpty)
        #expect(host.dataDecoder.statistics.isClean)

        // The held frames came out when the stall ended.
        let held = Self.clean.data.filter { $0.deviceTime >= stallStart && $0.deviceTime < stallEnd }
        #expect(!held.isEmpty)
        let late = host.data.filter { held.map(\.frame.sequence).contains($0.frame.sequence) }
        #expect(late.allSatisfy { $0.deviceTime == stallEnd })

        let completion = try #require(host.completions.first)
        #expect(Int(completion.totalSamples) == host.detector.count)
        #expect(completion.detectorCRC32C == detectorCRC(host.detector))
    }

    @Test func stallEndingBetweenBlocksHoldsAndThenReleasesEverythingInOrder() throws {
        try checkStall(at: 200.2, duration: 3.1)
    }

    /// Blocks are due every 0.5 s from desorption at 170 s, so a stall from 200 s to 205 s ends
    /// exactly when a block is due: that block must not overtake the ones held back.
    @Test func stallEndingWhenABlockIsDueKeepsTheOrder() throws {
        try checkStall(at: 200, duration: 5)
    }

    @Test func commandAnsweredDuringAStallIsAnsweredAfterIt() throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.stall(atRunTime: 300.2, duration: 10)]
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        let start = host.device.now
        host.startRun(Self.runID)
        host.advance(toRunTime: 305, from: start)
        let answersBefore = host.data.count
        let sequence = host.send(.keepAlive(counter: 5))
        #expect(host.data.count == answersBefore)
        host.advance(toRunTime: 311, from: start)
        let reply = host.data.compactMap { received -> KeepAliveReply? in
            if case .keepAliveReply(let reply) = received.message { reply } else { nil }
        }
        #expect(reply.map(\.requestSequence) == [sequence])
        #expect(sequenceGaps(host.data).isEmpty)
    }

    /// A stall that is still going on when the run ends: RUN_COMPLETE is held with the rest and
    /// must still arrive (PROTOCOL.md 3: a finished run always ends with RUN_COMPLETE).
    @Test func stallOverTheEndOfTheRunStillDeliversRunComplete() throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.stall(atRunTime: 835, duration: 20)]
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.startRun(Self.runID)
        host.runToIdle()
        host.advance(to: 900_000_000)
        #expect(host.completions.count == 1)
        #expect(firstDifference(host.data.map(\.frame), Self.clean.data.map(\.frame)) == nil)
    }
}
