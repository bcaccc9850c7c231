import BreathTestSupport
import BreathCapture
import BreathEmulator
import BreathService
import BreathStore
import BreathWire
import Foundation
import Testing

/// Acquisitions that go wrong: how the stored run and the capture say so.
@Suite struct FaultyAcquisitionTests {
    static func disconnecting() -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.disconnect(atRunTime: 300.2)]
        return configuration
    }

    @Test func disconnectedRunIsStoredAsInterruptedWithItsSamples() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            let acquired = try await fixture.acquire(Self.disconnecting())
            let id = try #require(acquired.record.id)
            let stored = try #require(try fixture.store.run("\(id)"))
            #expect(stored.status == .interrupted)
            let reason = try #require(stored.statusReason)
            #expect(reason.contains("RUN_COMPLETE"))
            #expect(reason.contains("disconnected"))
            #expect(!stored.totalsVerified)
            #expect(stored.deviceOutcome == nil)
            // Samples up to the disconnect (300 s run time; desorption began at 170 s) are kept.
            #expect(stored.sampleCount == 2_601)
            #expect(stored.missingSamples == 0)
            let trace = try #require(try fixture.store.trace(runID: id))
            #expect(trace.detector.count == 2_601)

            let capture = try CaptureFile(contentsOf: URL(fileURLWithPath: stored.capturePath))
            #expect(capture.tailBytes == 0)
            #expect(sameBits(DecodedCapture(capture).detector, trace.detector))
            #expect(marks(capture).contains { $0["link_closed"] == "the device disconnected" })
        }
    }

    /// CAPTURE.md: the end record means "the host closed the capture normally"; "a capture
    /// without an end record was interrupted (crash, power loss, unplugged device)".
    @Test func captureOfADisconnectedRunHasNoEndRecordButOpens() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            let acquired = try await fixture.acquire(Self.disconnecting())
            let capture = try CaptureFile(contentsOf: URL(fileURLWithPath: acquired.record.capturePath))
            let (recordCount, tail, complete) = (capture.records.count, capture.tailBytes, capture.isComplete)
            let endRecords = capture.records.filter { $0.kind == .end }.count
            #expect(recordCount > 0)
            #expect(tail == 0)
            #expect(!complete)
            #expect(endRecords == 0)
        }
    }

    @Test func errorDeviceFaultIsStoredAsFailedWithTheFaultCode() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            var configuration = EmulatorConfiguration()
            configuration.faults = [.deviceFault(code: 0x0001, severity: 1, atRunTime: 300)]
            let acquired = try await fixture.acquire(configuration)
            let id = try #require(acquired.record.id)
            let stored = try #require(try fixture.store.run("\(id)"))
            #expect(stored.status == .failed)
            #expect(stored.deviceFaultCode == 0x0001)
            #expect(stored.deviceOutcome == "faulted")
            #expect(stored.statusReason?.contains("COLUMN_OVERTEMPERATURE") == true)
            // What was streamed before the fault arrived whole.
            #expect(stored.totalsVerified)
            #expect(stored.sampleCount == 2_601)
            let faults = try fixture.store.events(runID: id).filter { $0.kind == "fault" }
            #expect(faults.map(\.code) == [0x0001])
            #expect(faults.first?.runTimeMillis == 300_000)

            let capture = try CaptureFile(contentsOf: URL(fileURLWithPath: stored.capturePath))
            #expect(capture.isComplete)
            #expect(DecodedCapture(capture).completions.first?.outcome == .faulted)
        }
    }

    @Test func warningDeviceFaultKeepsTheRunComplete() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            var configuration = EmulatorConfiguration()
            configuration.breath.availableVolumeML = 300
            let acquired = try await fixture.acquire(configuration)
            let id = try #require(acquired.record.id)
            let stored = try #require(try fixture.store.run("\(id)"))
            #expect(stored.status == .complete)
            #expect(stored.breathVolumeML == 300)
            let faults = try fixture.store.events(runID: id).filter { $0.kind == "fault" }
            #expect(faults.map(\.code) == [0x0004])
            #expect(faults.first?.detail.contains("LOW_BREATH_VOLUME") == true)
        }
    }

    @Test func droppedDataFrameIsStoredAsFailedWithTheGap() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            var configuration = EmulatorConfiguration()
            configuration.faults = [.dropDataFrame(ordinal: 10)]
            let acquired = try await fixture.acquire(configuration)
            let id = try #require(acquired.record.id)
            let stored = try #require(try fixture.store.run("\(id)"))
            #expect(stored.status == .failed)
            #expect(!stored.totalsVerified)
            #expect(stored.deviceOutcome == "completed")
            #expect(stored.missingSamples > 0)
            #expect(stored.sequenceGaps == 1)
            #expect(stored.sampleCount == 12_200)
            #expect(stored.statusReason?.contains("samples") == true)

            let events = try fixture.store.events(runID: id)
            let gap = try #require(events.first { $0.kind == "sample-gap" })
            #expect(gap.detail.contains("\(stored.missingSamples) samples missing"))
            #expect(gap.runTimeMillis > 170_000 && gap.runTimeMillis < 180_000)
            #expect(events.contains { $0.kind == "sequence-gap" })

            let trace = try #require(try fixture.store.trace(runID: id))
            #expect(trace.detector.filter(\.isNaN).count == stored.missingSamples)
            let capture = try CaptureFile(contentsOf: URL(fileURLWithPath: stored.capturePath))
            #expect(sameBits(DecodedCapture(capture).detector, trace.detector))
            #expect(marks(capture).contains { $0["sequence_gap"] == "1" })
        }
    }

    @Test func corruptedDataFrameCountsDroppedBytes() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            var configuration = EmulatorConfiguration()
            configuration.faults = [.corruptDataFrame(ordinal: 20)]
            let acquired = try await fixture.acquire(configuration)
            let id = try #require(acquired.record.id)
            let stored = try #require(try fixture.store.run("\(id)"))
            #expect(stored.droppedBytes > 0)
            #expect(stored.sequenceGaps == 1)
            #expect(stored.status == .failed)
            // The capture keeps the corrupted bytes as they crossed the link.
            let capture = try CaptureFile(contentsOf: URL(fileURLWithPath: stored.capturePath))
            #expect(DecodedCapture(capture).crcMismatches == 1)
        }
    }
}
