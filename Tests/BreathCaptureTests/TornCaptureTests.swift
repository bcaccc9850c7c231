import BreathTestSupport
import BreathCapture
import BreathWire
import Foundation
import Testing

/// A capture cut short or damaged still opens up to the damage (CAPTURE.md, torn tails).
@Suite struct TornCaptureTests {
    /// The bytes of a capture written with `entries`.
    static func captureBytes(_ entries: [Fixtures.Entry], finish: Bool = true) throws -> [UInt8] {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            try Fixtures.write(entries, to: url, finish: finish)
            return [UInt8](try Data(contentsOf: url))
        }
    }

    /// A record with a valid CRC, built by hand from the layout in CAPTURE.md.
    static func rawRecord(kind: UInt8, endpoint: UInt8, data: [UInt8], time: UInt64 = 1) -> [UInt8] {
        var record = [kind, endpoint, 0, 0]
        record += withUnsafeBytes(of: UInt32(data.count).littleEndian) { Array($0) }
        record += withUnsafeBytes(of: time.littleEndian) { Array($0) }
        record += data
        record += withUnsafeBytes(of: CRC32C.checksum(record).littleEndian) { Array($0) }
        return record
    }

    @Test func handMadeRecordsAreRead() throws {
        var bytes = try Self.captureBytes([], finish: false)
        bytes += Self.rawRecord(kind: 1, endpoint: 0x81, data: [1, 2], time: 77)
        bytes += Self.rawRecord(kind: 3, endpoint: 0, data: Array("{}".utf8), time: 78)
        let file = try CaptureFile(bytes: bytes)
        #expect(file.records == [
            CaptureRecord(kind: .transfer, endpoint: .dataIn, time: 77, data: [1, 2]),
            CaptureRecord(kind: .end, endpoint: nil, time: 78, data: Array("{}".utf8)),
        ])
        #expect(file.isComplete)
    }

    /// Checks that `bytes` cut at each of `cuts` opens with every record wholly before the cut.
    /// Returns a description of each offset that did not (empty when all did).
    static func checkCuts(_ bytes: [UInt8], at cuts: some Sequence<Int>) throws -> [String] {
        let full = try CaptureFile(bytes: bytes)
        let boundaries = Fixtures.recordBoundaries(bytes)
        #expect(boundaries.count == full.records.count + 1)
        var problems: [String] = []
        for cut in cuts {
            let prefix = Array(bytes[..<cut])
            guard cut >= boundaries[0] else {
                // Inside the header: the only place a cut makes the file unreadable.
                do {
                    _ = try CaptureFile(bytes: prefix)
                    problems.append("cut \(cut) inside the header opened")
                } catch .notACapture where cut < 8 {
                } catch .corruptHeader where cut >= 8 {
                } catch {
                    problems.append("cut \(cut) inside the header: unexpected \(error)")
                }
                continue
            }
            do {
                let file = try CaptureFile(bytes: prefix)
                let whole = boundaries.lastIndex { $0 <= cut }!
                if file.records != Array(full.records.prefix(whole)) {
                    problems.append("cut \(cut): \(file.records.count) records, expected \(whole)")
                }
                if file.tailBytes != cut - boundaries[whole] {
                    problems.append("cut \(cut): tail \(file.tailBytes), expected \(cut - boundaries[whole])")
                }
                if file.isComplete != (whole == full.records.count && full.isComplete) {
                    problems.append("cut \(cut): isComplete \(file.isComplete)")
                }
                if file.header != full.header { problems.append("cut \(cut): header differs") }
            } catch {
                problems.append("cut \(cut) after the header threw \(error)")
            }
        }
        return problems
    }

    @Test func smallCaptureCutAtEveryByteOffset() throws {
        let bytes = try Self.captureBytes(Fixtures.smallCapture)
        let problems = try Self.checkCuts(bytes, at: 0...bytes.count)
        #expect(problems.isEmpty, "\(problems.count) bad cuts, first: \(problems.prefix(5))")
    }

    @Test func largerCaptureCutAtEveryOffsetOfItsLastRecords() throws {
        var entries: [Fixtures.Entry] = []
        var generator = SystemRandomNumberGenerator()
        for index in 0..<60 {
            let size = 50 + (index * 397) % 950
            entries.append(.transfer(index % 3 == 0 ? .eventIn : .dataIn, (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }))
            if index % 10 == 9 { entries.append(.mark(["phase": "p\(index)"])) }
        }
        let bytes = try Self.captureBytes(entries)
        let boundaries = Fixtures.recordBoundaries(bytes)
        let lastFew = boundaries[boundaries.count - 5]
        let problems = try Self.checkCuts(bytes, at: lastFew...bytes.count)
        #expect(problems.isEmpty, "\(problems.count) bad cuts, first: \(problems.prefix(5))")
    }

    @Test func truncatedFileOnDiskOpens() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            try Fixtures.write(Fixtures.smallCapture, to: url)
            let bytes = [UInt8](try Data(contentsOf: url))
            let boundaries = Fixtures.recordBoundaries(bytes)
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(boundaries[3] + 7))
            try handle.close()
            let file = try CaptureFile(contentsOf: url)
            #expect(file.records.count == 3)
            #expect(file.tailBytes == 7)
            #expect(!file.isComplete)
        }
    }

    @Test func flippedByteInsideARecordEndsTheReadablePartThere() throws {
        let bytes = try Self.captureBytes(Fixtures.smallCapture)
        let full = try CaptureFile(bytes: bytes)
        let boundaries = Fixtures.recordBoundaries(bytes)
        var problems: [String] = []
        for record in [0, 3, 6, full.records.count - 1] {
            for offset in boundaries[record]..<boundaries[record + 1] {
                for bit in [UInt8(0x01), 0x80] {
                    var damaged = bytes
                    damaged[offset] ^= bit
                    do {
                        let file = try CaptureFile(bytes: damaged)
                        if file.records != Array(full.records.prefix(record)) || file.tailBytes != bytes.count - boundaries[record] {
                            problems.append("record \(record) byte \(offset): \(file.records.count) records, tail \(file.tailBytes)")
                        }
                        if file.isComplete { problems.append("record \(record) byte \(offset): still complete") }
                    } catch {
                        problems.append("record \(record) byte \(offset): threw \(error)")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) bad flips, first: \(problems.prefix(5))")
    }

    @Test func flippedByteInTheHeaderDocumentIsACorruptHeader() throws {
        let bytes = try Self.captureBytes(Fixtures.smallCapture)
        let documentEnd = Fixtures.recordBoundaries(bytes)[0] - 4
        for offset in stride(from: 16, to: documentEnd, by: 37) {
            var damaged = bytes
            damaged[offset] ^= 0x20
            let error = #expect(throws: CaptureReadError.self) { try CaptureFile(bytes: damaged) }
            guard case .corruptHeader = error else {
                Issue.record("byte \(offset): expected a corrupt header, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func recordOfAnUnknownKindEndsTheReadablePart() throws {
        var bytes = try Self.captureBytes(Fixtures.smallCapture, finish: false)
        let readable = bytes.count
        bytes += Self.rawRecord(kind: 9, endpoint: 0, data: Array("{}".utf8))
        bytes += Self.rawRecord(kind: 3, endpoint: 0, data: Array("{}".utf8))  // a valid end record after it
        let file = try CaptureFile(bytes: bytes)
        #expect(file.records.count == Fixtures.smallCapture.count)
        #expect(file.tailBytes == bytes.count - readable)
        #expect(!file.isComplete)
    }

    @Test func transferRecordWithAnUnknownEndpointEndsTheReadablePart() throws {
        var bytes = try Self.captureBytes([.transfer(.dataIn, [1, 2, 3])], finish: false)
        let readable = bytes.count
        bytes += Self.rawRecord(kind: 1, endpoint: 0x83, data: [0xAA])
        bytes += Self.rawRecord(kind: 1, endpoint: 0x81, data: [0xBB])
        let file = try CaptureFile(bytes: bytes)
        #expect(file.records.count == 1)
        #expect(file.tailBytes == bytes.count - readable)
    }
}
