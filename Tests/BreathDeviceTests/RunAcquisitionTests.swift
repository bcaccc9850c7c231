import BreathDevice
import BreathWire
import Foundation
import Testing

/// `RunAcquisition` fed hand-made events.
@Suite struct RunAcquisitionTests {
    let runID = RunID()

    /// A block of `count` samples from `first`, detector value = index, temperature = 40 + index/100.
    func block(_ first: Int, _ count: Int, offset: Float = 0) -> SampleBlock {
        let indices = (first..<first + count).map(Float.init)
        return SampleBlock(
            firstSampleIndex: UInt32(first), samplePeriodMicros: 50_000, detector: indices.map { $0 + offset },
            columnTemperatureC: indices.map { 40 + $0 / 100 }, carrierPressureKPa: indices.map { _ in 70 })
    }

    func completion(samples: Int, blocks: Int, detector: [Float], outcome: RunOutcome = .completed, run: RunID? = nil) -> RunComplete {
        var crc = CRC32C()
        for value in detector { withUnsafeBytes(of: value.bitPattern.littleEndian) { crc.update(buffer: $0) } }
        return RunComplete(
            runID: run ?? runID, outcome: outcome, totalSamples: UInt32(samples), totalBlocks: UInt32(blocks),
            runDurationMillis: 1_000, detectorCRC32C: crc.value, fault: nil)
    }

    @Test func contiguousBlocksAreVerified() {
        var acquisition = RunAcquisition(runID: runID)
        #expect(acquisition.verification == .noTotals)
        #expect(!acquisition.isFinished)
        for first in stride(from: 0, to: 30, by: 10) { acquisition.apply(.samples(block(first, 10))) }
        acquisition.apply(.runComplete(completion(samples: 30, blocks: 3, detector: (0..<30).map(Float.init))))
        #expect(acquisition.isFinished)
        #expect(acquisition.verification == .verified)
        #expect(acquisition.detector == (0..<30).map(Float.init))
        #expect(acquisition.blocksReceived == 3)
        #expect(acquisition.receivedSamples == 30)
        #expect(acquisition.channels.temperature?.count == 30)
        #expect(acquisition.channels.pressure == [Float](repeating: 70, count: 30))
        #expect(acquisition.samplePeriodMicros == 50_000)
    }

    @Test func missingBlockIsPaddedWithNaNAndRecordedAsAGap() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.samples(block(0, 10)))
        acquisition.apply(.samples(block(25, 5)))
        #expect(acquisition.sampleGaps.map { [$0.firstIndex, $0.count] } == [[10, 15]])
        #expect(acquisition.detector.count == 30)
        #expect(acquisition.detector[10..<25].allSatisfy { $0.isNaN })
        #expect(acquisition.columnTemperature[10..<25].allSatisfy { $0.isNaN })
        #expect(acquisition.detector[25...] == [25, 26, 27, 28, 29])
        #expect(acquisition.missingSamples == 15)
        #expect(acquisition.receivedSamples == 15)
        let all = (0..<30).map(Float.init)
        acquisition.apply(.runComplete(completion(samples: 30, blocks: 3, detector: all)))
        guard case .mismatch(let problems) = acquisition.verification else {
            Issue.record("expected a mismatch, got \(acquisition.verification)")
            return
        }
        #expect(problems.contains { $0.contains("samples") })
        #expect(problems.contains { $0.contains("blocks") })
        #expect(problems.contains { $0.contains("CRC") })
    }

    @Test func duplicateBlockOverwritesItsSamplesAndFailsTheCRC() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.samples(block(0, 10)))
        acquisition.apply(.samples(block(10, 10)))
        acquisition.apply(.samples(block(10, 10, offset: 0.5)))  // a retry with other values
        acquisition.apply(.samples(block(20, 10)))
        #expect(acquisition.detector.count == 30)
        #expect(acquisition.sampleGaps.isEmpty)
        #expect(acquisition.detector[10..<20].elementsEqual((10..<20).map { Float($0) + 0.5 }))
        #expect(acquisition.blocksReceived == 4)
        acquisition.apply(.runComplete(completion(samples: 30, blocks: 3, detector: (0..<30).map(Float.init))))
        guard case .mismatch(let problems) = acquisition.verification else {
            Issue.record("expected a mismatch, got \(acquisition.verification)")
            return
        }
        #expect(problems.contains { $0.contains("CRC") })
    }

    @Test func lateBlockLandsAtItsIndex() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.samples(block(0, 10)))
        acquisition.apply(.samples(block(20, 10)))
        acquisition.apply(.samples(block(10, 10)))
        #expect(acquisition.detector == (0..<30).map(Float.init))
        #expect(acquisition.columnTemperature.allSatisfy { !$0.isNaN })
    }

    /// Once the late block has filled the gap, no sample is missing any more: the acquisition
    /// must not go on reporting 10 missing samples (and a sample gap) with every value present.
    @Test func lateBlockFillingAGapLeavesNoSampleMissing() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.samples(block(0, 10)))
        acquisition.apply(.samples(block(20, 10)))
        acquisition.apply(.samples(block(10, 10)))
        #expect(acquisition.missingSamples == 0)
        #expect(acquisition.receivedSamples == 30)
        #expect(acquisition.sampleGaps.isEmpty)
    }

    @Test func eventsOfAnotherRunAreIgnored() {
        let other = RunID()
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.phaseChanged(PhaseChange(runID: other, phase: .trap, runTimeMillis: 5)))
        acquisition.apply(.breathMetrics(BreathMetrics(
            runID: other, exhaledVolumeML: 1, endTidalCO2Percent: 1, relativeHumidityPercent: 1, durationS: 1,
            meanFlowMLPerMin: 1, flags: [])))
        acquisition.apply(.fault(Fault(code: .heaterFailure, severity: .error, runID: other, runTimeMillis: 5, message: "x")))
        acquisition.apply(.runComplete(completion(samples: 0, blocks: 0, detector: [], run: other)))
        #expect(acquisition.phases.isEmpty)
        #expect(acquisition.breathMetrics == nil)
        #expect(acquisition.faults.isEmpty)
        #expect(acquisition.completion == nil)
        #expect(!acquisition.isFinished)

        // Its own events, and device-wide faults (no run id), are kept.
        let own = PhaseChange(runID: runID, phase: .trap, runTimeMillis: 5)
        acquisition.apply(.phaseChanged(own))
        let deviceWide = Fault(code: .internalError, severity: .fatal, runID: nil, runTimeMillis: 0, message: "y")
        acquisition.apply(.fault(deviceWide))
        #expect(acquisition.phases == [own])
        #expect(acquisition.faults == [deviceWide])
    }

    @Test func nothingCountsAfterRunComplete() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.samples(block(0, 10)))
        acquisition.apply(.runComplete(completion(samples: 10, blocks: 1, detector: (0..<10).map(Float.init))))
        acquisition.apply(.samples(block(0, 10, offset: 100)))  // the next run's first block
        acquisition.apply(.linkClosed(reason: .disconnected))
        #expect(acquisition.detector == (0..<10).map(Float.init))
        #expect(acquisition.linkEnded == nil)
        #expect(acquisition.verification == .verified)
    }

    @Test func anomaliesAreCountedAndTheLinkEndFinishesTheRun() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.sequenceGap(endpoint: .dataIn, missing: 2))
        acquisition.apply(.sequenceGap(endpoint: .eventIn, missing: 1))
        acquisition.apply(.malformedFrame(endpoint: .dataIn, type: 0x86, reason: "count is 0"))
        #expect(acquisition.sequenceGaps == 3)
        #expect(acquisition.malformedFrames == 1)
        #expect(!acquisition.isFinished)
        acquisition.apply(.linkClosed(reason: nil))
        #expect(acquisition.isFinished)
        #expect(acquisition.linkEnded == .some(nil))
        #expect(acquisition.verification == .noTotals)
    }

    @Test func detectorOnlyBlocksLeaveTheOtherChannelsAbsent() {
        var acquisition = RunAcquisition(runID: runID)
        acquisition.apply(.samples(SampleBlock(firstSampleIndex: 0, samplePeriodMicros: 1_000, detector: [1, 2, 3])))
        #expect(acquisition.channels.temperature == nil)
        #expect(acquisition.channels.pressure == nil)
        #expect(acquisition.detector == [1, 2, 3])
    }
}
