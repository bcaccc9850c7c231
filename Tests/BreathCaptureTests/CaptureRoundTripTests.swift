import BreathTestSupport
import BreathCapture
import BreathWire
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CaptureRoundTripTests {
    @Test func writtenCaptureReadsBackIdentical() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            let writer = try Fixtures.write(Fixtures.smallCapture, to: url)
            let file = try CaptureFile(contentsOf: url)

            #expect(file.header == Fixtures.header)
            #expect(file.isComplete)
            #expect(file.tailBytes == 0)
            #expect(file.records.count == Fixtures.smallCapture.count + 1)
            for (record, entry) in zip(file.records, Fixtures.smallCapture) {
                switch entry {
                case .transfer(let endpoint, let bytes):
                    #expect(record.kind == .transfer)
                    #expect(record.endpoint == endpoint)
                    #expect(record.data == bytes)
                case .mark(let note):
                    #expect(record.kind == .mark)
                    #expect(record.endpoint == nil)
                    #expect(Fixtures.json(record.data) == note)
                }
            }
            let end = try #require(file.records.last)
            #expect(end.kind == .end)
            #expect(end.endpoint == nil)
            #expect(Fixtures.json(end.data) == Fixtures.summary)
            let times = file.records.map(\.time)
            #expect(times == times.sorted())

            let transfers = file.transfers
            #expect(transfers.map(\.endpoint) == [.commandOut, .dataIn, .eventIn, .dataIn, .dataIn])
            #expect(transfers.last?.bytes == Array(0...255))

            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
            #expect(writer.totals.records == Fixtures.smallCapture.count + 1)
            #expect(writer.totals.bytes == size)
            #expect(writer.failure == nil)
        }
    }

    @Test func recordsFollowTheDocumentedLayout() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            try Fixtures.write([.transfer(.eventIn, [0xB7, 0xEA, 0x01])], to: url)
            let bytes = [UInt8](try Data(contentsOf: url))
            #expect(Array(bytes[0..<8]) == [0x89, 0x42, 0x43, 0x41, 0x50, 0x0D, 0x0A, 0x1A])
            #expect(Array(bytes[8..<12]) == [1, 0, 0, 0])  // version 1.0
            let boundaries = Fixtures.recordBoundaries(bytes)
            #expect(boundaries.count == 3)  // transfer, end, end of file
            #expect(boundaries.last == bytes.count)
            let record = Array(bytes[boundaries[0]..<boundaries[1]])
            #expect(record[0] == 1)  // kind transfer
            #expect(record[1] == 0x82)  // endpoint
            #expect(Array(record[2..<4]) == [0, 0])  // reserved
            #expect(Array(record[4..<8]) == [3, 0, 0, 0])  // length
            #expect(Array(record[16..<19]) == [0xB7, 0xEA, 0x01])
            let crc = CRC32C.checksum(record[0..<19])
            #expect(Array(record[19..<23]) == [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)])
            let headerCRC = CRC32C.checksum(bytes[0..<boundaries[0] - 4])
            #expect(Array(bytes[boundaries[0] - 4..<boundaries[0]]) == withUnsafeBytes(of: headerCRC.littleEndian) { Array($0) })
        }
    }

    @Test func captureClosedWithoutEndRecordIsIncompleteButReadable() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            try Fixtures.write(Fixtures.smallCapture, to: url, finish: false)
            let file = try CaptureFile(contentsOf: url)
            #expect(!file.isComplete)
            #expect(file.tailBytes == 0)
            #expect(file.records.count == Fixtures.smallCapture.count)
            #expect(!file.records.contains { $0.kind == .end })
        }
    }

    @Test func headerOnlyCaptureOpensWithNoRecords() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            try Fixtures.write([], to: url, finish: false)
            let file = try CaptureFile(contentsOf: url)
            #expect(file.header == Fixtures.header)
            #expect(file.records.isEmpty)
            #expect(!file.isComplete)
            #expect(file.tailBytes == 0)
        }
    }

    @Test func fileIsCreatedWithMode0640() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            try Fixtures.write(Fixtures.smallCapture, to: url)
            var info = stat()
            #expect(stat(url.path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o640)
            #expect(info.st_mode & S_IFMT == S_IFREG)
        }
    }

    @Test func requestedPermissionsAreSetEvenWhereTheUmaskWouldRemoveThem() throws {
        // The usual umask 022 removes group write; the writer sets the bits explicitly.
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            let writer = try CaptureWriter(url: url, header: Fixtures.header, permissions: 0o660)
            writer.closeFile()
            var info = stat()
            #expect(stat(url.path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o660)
        }
    }

    @Test func existingFileIsNeverOverwritten() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            let original = Data("someone else's data".utf8)
            try original.write(to: url)
            let error = #expect(throws: CaptureWriteError.self) { try CaptureWriter(url: url, header: Fixtures.header) }
            #expect(error?.errno == EEXIST)
            #expect(error?.operation == "create")
            #expect(try Data(contentsOf: url) == original)
        }
    }

    @Test func missingDirectoryFailsToCreate() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("no-such-dir/run.bcap")
            let error = #expect(throws: CaptureWriteError.self) { try CaptureWriter(url: url, header: Fixtures.header) }
            #expect(error?.errno == ENOENT)
        }
    }
}
