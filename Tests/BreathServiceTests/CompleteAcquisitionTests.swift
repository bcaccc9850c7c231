import BreathTestSupport
import BreathCapture
import BreathEmulator
import BreathService
import BreathStore
import BreathWire
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CompleteAcquisitionTests {
    @Test func completeRunIsStoredAndCapturedIdentically() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            var configuration = EmulatorConfiguration()
            configuration.serial = "BGC1-PIPE-0001"
            let runID = RunID()
            let acquired = try await fixture.acquire(configuration, runID: runID)

            let id = try #require(acquired.record.id)
            let stored = try #require(try fixture.store.run("\(id)"))
            #expect(stored.runUUID == "\(runID)")
            #expect(stored.status == .complete)
            #expect(stored.statusReason == nil)
            #expect(stored.totalsVerified)
            #expect(stored.sampleCount == 12_200)
            #expect(stored.missingSamples == 0)
            #expect(stored.sequenceGaps == 0)
            #expect(stored.droppedBytes == 0)
            #expect(stored.malformedFrames == 0)
            #expect(stored.deviceOutcome == "completed")
            #expect(stored.deviceFaultCode == nil)
            #expect(stored.deviceSerial == "BGC1-PIPE-0001")
            #expect(stored.methodID == "breath-screen-v1")
            #expect(stored.source == "emulator")
            #expect(stored.samplePeriodMicros == 50_000)
            #expect(stored.breathVolumeML == 1000)
            #expect(stored.breathDurationS == 150)
            #expect(stored.endedAt >= stored.startedAt)
            #expect(try fixture.store.device(serial: "BGC1-PIPE-0001")?.protocolVersion == "1.0")

            // The stored trace is what the pipeline returned...
            let trace = try #require(try fixture.store.trace(runID: id))
            #expect(sameBits(trace.detector, acquired.trace.detector))
            #expect(sameBits(trace.columnTemperature, acquired.trace.columnTemperature))
            #expect(sameBits(trace.carrierPressure, acquired.trace.carrierPressure))
            #expect(trace.detector.allSatisfy { $0.isFinite })

            // ...and exactly what the capture's bulk-IN transfers decode to.
            let captureURL = URL(fileURLWithPath: stored.capturePath)
            #expect(captureURL.deletingLastPathComponent().standardizedFileURL == fixture.captureDirectory.standardizedFileURL)
            #expect(captureURL.lastPathComponent == "\(runID).bcap")
            let capture = try CaptureFile(contentsOf: captureURL)
            let decoded = DecodedCapture(capture)
            #expect(sameBits(decoded.detector, trace.detector))
            #expect(sameBits(decoded.temperature, trace.columnTemperature))
            #expect(decoded.crcMismatches == 0)
            #expect(decoded.completions.count == 1)
            #expect(decoded.completions.first.map { Int($0.totalBlocks) } == decoded.blocks)

            #expect(capture.isComplete)
            #expect(capture.tailBytes == 0)
            #expect(capture.header.runID == runID)
            #expect(capture.header.device.serial == "BGC1-PIPE-0001")
            #expect(capture.header.method == .breathScreenV1)
            #expect(capture.header.source == "emulator")
            // The handshake is held until the header exists, then written first (CAPTURE.md).
            let first = capture.transfers.prefix(2)
            #expect(first.map(\.endpoint) == [.commandOut, .dataIn])
            #expect(first.first.flatMap { FrameDecoder().feedOne($0.bytes) }?.type == MessageType.getInfo.rawValue)
            #expect(marks(capture).compactMap { $0["phase"] } == ["breath-sampling", "trap", "desorption", "separation", "cool-down"])

            let events = try fixture.store.events(runID: id)
            #expect(events.filter { $0.kind == "phase" }.map(\.code) == [1, 2, 3, 4, 5])
            #expect(!events.contains { $0.kind == "sample-gap" || $0.kind == "sequence-gap" })

            var info = stat()
            #expect(stat(captureURL.path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o640)
        }
    }

    @Test func consecutiveRunsAreListedNewestFirst() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            let first = try await fixture.acquire(EmulatorConfiguration())
            let second = try await fixture.acquire(EmulatorConfiguration())
            #expect(try fixture.store.runs().map(\.id) == [second.record.id, first.record.id])
            let captures = try FileManager.default.contentsOfDirectory(atPath: fixture.captureDirectory.path)
            #expect(captures.count == 2)
        }
    }
}

extension FrameDecoder {
    /// The first frame in `bytes`, if any.
    func feedOne(_ bytes: [UInt8]) -> Frame? {
        var decoder = self
        return decoder.feed(bytes).first
    }
}
