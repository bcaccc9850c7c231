import BreathTestSupport
import BreathDevice
import BreathEmulator
import BreathWire
import Foundation
import Testing

/// `DeviceSession` over an `EmulatorLink` running as fast as possible.
@Suite struct EmulatorSessionTests {
    static func session(_ configuration: EmulatorConfiguration = EmulatorConfiguration()) -> DeviceSession {
        // A generous answer timeout: other tests may keep the CPUs busy; no test here waits for it.
        DeviceSession(link: EmulatorLink(configuration: configuration, pacing: .asFastAsPossible), options: .init(answerTimeout: .seconds(20)))
    }

    @Test func connectReturnsTheDeviceInfo() async throws {
        var configuration = EmulatorConfiguration()
        configuration.serial = "BGC1-SESSION-9"
        configuration.firmwareVersion = "9.8.7"
        let session = Self.session(configuration)
        let info = try await withTimeout { try await session.connect() }
        await session.close()
        #expect(info.serial == "BGC1-SESSION-9")
        #expect(info.firmwareVersion == "9.8.7")
        #expect(info.protocolMajor == 1)
        #expect(info.requestSequence == 0)
        #expect(await session.deviceInfo == info)
    }

    @Test func statusFollowsTheUpload() async throws {
        let session = Self.session()
        let (before, after) = try await withTimeout {
            _ = try await session.connect()
            let before = try await session.status()
            try await session.upload(.breathScreenV1)
            return (before, try await session.status())
        }
        await session.close()
        #expect(before.state == .idle)
        #expect(after.state == .ready)
    }

    @Test func completeRunIsVerifiedWithNoGaps() async throws {
        let configuration = EmulatorConfiguration()
        let session = Self.session(configuration)
        let runID = RunID()
        try await startRun(on: session, runID: runID)
        let acquisition = try await acquire(session, runID: runID)
        let statistics = await session.decoderStatistics
        await session.close()

        #expect(acquisition.isFinished)
        #expect(acquisition.completion?.outcome == .completed)
        #expect(acquisition.verification == .verified)
        #expect(acquisition.linkEnded == nil)
        #expect(acquisition.sequenceGaps == 0)
        #expect(acquisition.sampleGaps.isEmpty)
        #expect(acquisition.malformedFrames == 0)
        #expect(acquisition.detector.count == 12_200)
        #expect(acquisition.receivedSamples == 12_200)
        #expect(acquisition.samplePeriodMicros == 50_000)
        #expect(acquisition.phases.map(\.phase) == [.breathSampling, .trap, .desorption, .separation, .coolDown])
        #expect(acquisition.breathMetrics?.runID == runID)
        #expect(acquisition.faults.isEmpty)
        let reference = referenceDetector(configuration)
        #expect(sameBits(acquisition.detector, reference.detector))
        #expect(acquisition.channels.temperature.map { sameBits($0, reference.temperature) } == true)
        #expect(acquisition.channels.pressure?.count == 12_200)
        #expect(statistics.values.allSatisfy { $0.isClean })
    }

    @Test func droppedBlockShowsAsSequenceGapAndNaNPaddedSampleGap() async throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.dropDataFrame(ordinal: 10)]
        let session = Self.session(configuration)
        let runID = RunID()
        try await startRun(on: session, runID: runID)
        let acquisition = try await acquire(session, runID: runID)
        await session.close()

        #expect(acquisition.completion?.outcome == .completed)
        #expect(acquisition.sequenceGaps == 1)
        #expect(acquisition.sampleGaps.count == 1)
        let gap = try #require(acquisition.sampleGaps.first)
        #expect(gap.count > 0)
        #expect(acquisition.missingSamples == gap.count)
        #expect(acquisition.receivedSamples == 12_200 - gap.count)
        let range = gap.firstIndex..<(gap.firstIndex + gap.count)
        #expect(acquisition.detector[range].allSatisfy { $0.isNaN })
        #expect(acquisition.columnTemperature[range].allSatisfy { $0.isNaN })
        #expect(acquisition.carrierPressure[range].allSatisfy { $0.isNaN })

        // Everything else is exactly what a clean run streams, at the same indices.
        let reference = referenceDetector(configuration).detector
        #expect(acquisition.detector.count == reference.count)
        #expect(sameBits(acquisition.detector[..<gap.firstIndex], reference[..<gap.firstIndex]))
        #expect(sameBits(acquisition.detector[range.upperBound...], reference[range.upperBound...]))

        guard case .mismatch(let problems) = acquisition.verification else {
            Issue.record("expected a totals mismatch, got \(acquisition.verification)")
            return
        }
        #expect(problems.count == 3)  // samples, blocks and CRC all disagree
    }

    @Test func disconnectMidRunEndsTheLinkAndKeepsTheSamples() async throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.disconnect(atRunTime: 300.2)]
        let session = Self.session(configuration)
        let runID = RunID()
        try await startRun(on: session, runID: runID)
        let acquisition = try await acquire(session, runID: runID)

        #expect(acquisition.isFinished)
        #expect(acquisition.completion == nil)
        #expect(acquisition.linkEnded == .some(.disconnected))
        #expect(acquisition.verification == .noTotals)
        // Samples up to 300 s run time (desorption began at 170 s, 20 Hz) were received and kept.
        #expect(acquisition.detector.count == 2_601)
        #expect(acquisition.sampleGaps.isEmpty)
        let reference = referenceDetector(configuration).detector
        #expect(sameBits(acquisition.detector, reference.prefix(2_601)))
        #expect(acquisition.phases.map(\.phase) == [.breathSampling, .trap, .desorption, .separation])

        // The session is finished: requests now fail instead of waiting.
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await session.status() } }
        #expect(error == .linkClosed)
        await session.close()
    }

    @Test func refusedCommandSurfacesAsRefused() async throws {
        let session = Self.session()
        let error = await #expect(throws: SessionError.self) {
            try await withTimeout {
                _ = try await session.connect()
                try await session.startRun(RunID(), hostTimeMicros: 0)
            }
        }
        guard case .refused(let nack) = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            await session.close()
            return
        }
        #expect(nack.code == .noMethod)
        #expect(nack.requestType == MessageType.startRun.rawValue)

        let bad = {
            var method = RunMethod.breathScreenV1
            method.samplePeriodMicros = 10
            return method
        }()
        let invalid = await #expect(throws: SessionError.self) { try await withTimeout { try await session.upload(bad) } }
        #expect(invalid == .refused(Nack(
            requestSequence: 2, requestType: MessageType.uploadMethod.rawValue, code: .invalidMethod,
            detail: "sample_period_us")))
        await session.close()
    }

    @Test func abortEndsTheRunAsAbortedWithVerifiedTotals() async throws {
        // Real-time pacing at 100x, so that the run is still going when the abort arrives
        // (the whole run would take 8.4 s of wall time; the abort is sent at its very start).
        let session = DeviceSession(
            link: EmulatorLink(configuration: EmulatorConfiguration(), pacing: .realTime(speed: 100)),
            options: .init(answerTimeout: .seconds(20)))
        let runID = RunID()
        try await startRun(on: session, runID: runID)
        let acquisition = try await withTimeout {
            var acquisition = RunAcquisition(runID: runID)
            var aborted = false
            for await event in session.events {
                acquisition.apply(event)
                if !aborted, case .phaseChanged = event {
                    try await session.abortRun(runID)
                    aborted = true
                }
                if acquisition.isFinished { break }
            }
            return acquisition
        }
        await session.close()
        #expect(acquisition.completion?.outcome == .aborted)
        #expect(acquisition.verification == .verified)
        #expect(acquisition.phases.last?.phase == .coolDown)
    }

    @Test func closedSessionRefusesNewRequests() async throws {
        let session = Self.session()
        _ = try await withTimeout { try await session.connect() }
        await session.close()
        await session.close()  // closing twice is harmless
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await session.status() } }
        #expect(error == .linkClosed)
    }
}
