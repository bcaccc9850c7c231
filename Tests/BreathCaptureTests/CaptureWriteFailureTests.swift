import BreathTestSupport
import BreathCapture
import BreathWire
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the writer does when it cannot write (CAPTURE.md: after a write error the file is cut
/// back to its last whole record and further records are refused).
@Suite struct CaptureWriteFailureTests {
    @Test func recordAfterCloseIsRefusedAndTheFileStaysIntact() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            let writer = try Fixtures.write(Fixtures.smallCapture, to: url, finish: false)
            let error = #expect(throws: CaptureWriteError.self) { try writer.record(.dataIn, [1, 2, 3]) }
            #expect(error?.errno == EBADF)
            #expect(error?.path == url.path)
            #expect(throws: CaptureWriteError.self) { try writer.mark(["late": "1"]) }
            #expect(throws: CaptureWriteError.self) { try writer.finish(summary: [:]) }
            let file = try CaptureFile(contentsOf: url)
            #expect(file.records.count == Fixtures.smallCapture.count)
            #expect(file.tailBytes == 0)
            #expect(!file.isComplete)
        }
    }

    /// The descriptor the writer holds for `url`, found through /proc (the writer keeps it private).
    static func descriptor(of url: URL) throws -> Int32 {
        let target = url.resolvingSymlinksInPath().path
        var found: [Int32] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            guard let fd = Int32(entry),
                  let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"),
                  link == target else { continue }
            found.append(fd)
        }
        guard found.count == 1, let fd = found.first else {
            throw CaptureTestError("expected one descriptor open on \(target), found \(found)")
        }
        return fd
    }

    /// Simulates a full disk under a live writer: its descriptor is atomically replaced
    /// (dup2) by one open on /dev/full, where every write fails with ENOSPC. No descriptor
    /// number is ever free in between, so no other test's file can be hit.
    @Test func fullDiskFailsTheRecordSetsFailureAndRefusesLaterRecords() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            let writer = try CaptureWriter(url: url, header: Fixtures.header)
            try writer.record(.dataIn, [1, 2, 3])
            try writer.mark(["phase": "trap"])
            let before = writer.totals

            let fd = try Self.descriptor(of: url)
            let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
            try #require(full >= 0, "cannot open /dev/full")
            try #require(dup2(full, fd) == fd)
            close(full)

            let error = #expect(throws: CaptureWriteError.self) { try writer.record(.dataIn, [4, 5, 6]) }
            #expect(error?.errno == ENOSPC)
            #expect(error?.operation == "write")
            #expect(writer.failure == error)
            #expect(writer.failure?.description.contains("No space left on device") == true)
            #expect(writer.totals.records == before.records)
            #expect(writer.totals.bytes == before.bytes)

            // Once failed, every later record is refused with the same error, even small ones.
            let again = #expect(throws: CaptureWriteError.self) { try writer.record(.eventIn, []) }
            #expect(again == error)
            #expect(throws: CaptureWriteError.self) { try writer.mark(["phase": "desorption"]) }
            #expect(throws: CaptureWriteError.self) { try writer.finish(summary: [:]) }
            writer.closeFile()

            // The file on disk holds exactly what was written before the failure.
            let file = try CaptureFile(contentsOf: url)
            #expect(file.records.count == 2)
            #expect(file.records.first?.data == [1, 2, 3])
            #expect(file.tailBytes == 0)
            #expect(!file.isComplete)
        }
    }

    /// CAPTURE.md: "`length` is at most 1 MiB", and a reader stops at a longer record. A
    /// transfer larger than that must not silently end the readable part of the capture:
    /// the writer must refuse it (or split it) so that the records after it stay readable.
    @Test func transferLargerThanTheRecordLimitDoesNotHideLaterRecords() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.bcap")
            let writer = try CaptureWriter(url: url, header: Fixtures.header)
            try writer.record(.dataIn, [1])
            let huge = [UInt8](repeating: 0x5A, count: CaptureFormat.maximumRecordData + 1)
            let refused = (try? writer.record(.dataIn, huge)) == nil
            try writer.record(.dataIn, [2])
            try writer.finish(summary: ["status": "complete"])
            let file = try CaptureFile(contentsOf: url)
            let (complete, tail, last) = (file.isComplete, file.tailBytes, file.transfers.last?.bytes)
            #expect(complete, "a \(huge.count)-byte transfer was \(refused ? "refused" : "written") and hid the rest")
            #expect(tail == 0)
            #expect(last == [2])
        }
    }
}

struct CaptureTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
