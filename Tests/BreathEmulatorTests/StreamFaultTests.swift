import BreathEmulator
import BreathWire
import Foundation
import Testing

/// Injected faults on the bulk IN stream: corrupted and dropped frames (PROTOCOL.md 2.3, 2.4, 4.8).
@Suite struct StreamFaultTests {
    static let runID = RunID(UUID(uuidString: "0A0B0C0D-0E0F-4000-8000-000000000001")!)

    static func run(faults: [InjectedFault]) -> EmulatorHost {
        EmulatorHost.completedRun(runID, faults: faults)
    }

    /// Bulk IN frames of a clean run: ordinal 0 DEVICE_INFO, 1 and 2 the ACKs, then blocks.
    static let clean = run(faults: [])

    @Test(arguments: [1, 3, 10, 500])
    func corruptedFrameCountsOneCRCMismatchAndLaterFramesStillDecode(ordinal: Int) throws {
        let host = Self.run(faults: [.corruptDataFrame(ordinal: ordinal)])
        let statistics = host.dataDecoder.statistics
        #expect(statistics.crcMismatches == 1)
        let cleanData = Self.clean.rawOutput.filter { $0.endpoint == .dataIn }
        #expect(statistics.droppedBytes == cleanData[ordinal].bytes.count)
        var expected = Self.clean.data.map(\.frame)
        expected.remove(at: ordinal)
        #expect(firstDifference(host.data.map(\.frame), expected) == nil)
        #expect(host.eventDecoder.statistics.isClean)
        #expect(host.completions.count == 1)
    }

    @Test func corruptedFrameIsTheOriginalWithOnePayloadBitFlipped() throws {
        let ordinal = 10
        let host = Self.run(faults: [.corruptDataFrame(ordinal: ordinal)])
        let sent = host.rawOutput.filter { $0.endpoint == .dataIn }
        let original = Self.clean.rawOutput.filter { $0.endpoint == .dataIn }
        #expect(sent.count == original.count)
        let differing = zip(sent[ordinal].bytes, original[ordinal].bytes).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(differing.count == 1)
        let position = try #require(differing.first)
        #expect(position.offset >= Frame.headerSize && position.offset < sent[ordinal].bytes.count - Frame.trailerSize)
        #expect((position.element.0 ^ position.element.1).nonzeroBitCount == 1)
    }

    @Test func droppedSampleBlockLeavesASequenceGapOfOneAndASampleIndexGap() throws {
        let ordinal = 10
        let host = Self.run(faults: [.dropDataFrame(ordinal: ordinal)])
        guard case .sampleBlock(let lost) = Self.clean.data[ordinal].message else {
            Issue.record("ordinal \(ordinal) of a clean run is not a sample block")
            return
        }
        let gaps = sequenceGaps(host.data)
        #expect(gaps.count == 1)
        #expect(gaps.first?.missing == 1)
        #expect(gaps.first?.after == UInt16(ordinal - 1))
        #expect(host.dataDecoder.statistics.isClean)

        // The block after the gap starts where the lost one would have ended.
        let blocks = host.blocks
        let indexGaps = zip(blocks, blocks.dropFirst()).filter {
            $1.firstSampleIndex != $0.firstSampleIndex + UInt32($0.count)
        }
        #expect(indexGaps.count == 1)
        let (before, after) = try #require(indexGaps.first)
        #expect(before.firstSampleIndex + UInt32(before.count) == lost.firstSampleIndex)
        #expect(after.firstSampleIndex == lost.firstSampleIndex + UInt32(lost.count))

        // The device counted the lost block: its totals differ from what arrived by exactly that block.
        let completion = try #require(host.completions.first)
        #expect(Int(completion.totalSamples) == host.detector.count + lost.count)
        #expect(Int(completion.totalBlocks) == blocks.count + 1)
        #expect(completion.detectorCRC32C == detectorCRC(Self.clean.detector))
        #expect(completion.detectorCRC32C != detectorCRC(host.detector))
    }

    @Test func droppedAckLeavesASequenceGapAndNoSampleGap() throws {
        let host = Self.run(faults: [.dropDataFrame(ordinal: 1)])
        #expect(host.acks.map(\.requestType) == [MessageType.startRun.rawValue])
        let gaps = sequenceGaps(host.data)
        #expect(gaps.count == 1)
        #expect(gaps.first?.after == 0)
        #expect(gaps.first?.missing == 1)
        #expect(host.blocks.map(\.detector) == Self.clean.blocks.map(\.detector))
        #expect(host.completions.first?.detectorCRC32C == detectorCRC(host.detector))
    }
}
