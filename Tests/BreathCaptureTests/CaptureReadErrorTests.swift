import BreathTestSupport
import BreathCapture
import BreathWire
import Foundation
import Testing

@Suite struct CaptureReadErrorTests {
    @Test(arguments: [Data(), Data("hello, world\n".utf8), Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])])
    func fileThatIsNotACaptureIsRefused(content: Data) throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("not.bcap")
            try content.write(to: url)
            let error = #expect(throws: CaptureReadError.self) { try CaptureFile(contentsOf: url) }
            #expect(error == .notACapture)
        }
    }

    @Test func newerMajorVersionIsRefusedWithAClearMessage() throws {
        var bytes = try TornCaptureTests.captureBytes(Fixtures.smallCapture)
        bytes[8] = 2
        let error = #expect(throws: CaptureReadError.self) { try CaptureFile(bytes: bytes) }
        #expect(error == .unsupportedVersion(major: 2, minor: 0))
        #expect(error?.description.contains("capture format 2.0 is newer than this software reads (1.x)") == true)
    }

    @Test func newerMinorVersionIsRead() throws {
        var bytes = try TornCaptureTests.captureBytes(Fixtures.smallCapture)
        let original = try CaptureFile(bytes: bytes)
        bytes[10] = 3  // version 1.3
        let headerEnd = Fixtures.recordBoundaries(bytes)[0]
        let crc = CRC32C.checksum(bytes[0..<headerEnd - 4])
        bytes.replaceSubrange(headerEnd - 4..<headerEnd, with: withUnsafeBytes(of: crc.littleEndian) { Array($0) })
        let file = try CaptureFile(bytes: bytes)
        #expect(file.records == original.records)
        #expect(file.isComplete)
    }

    @Test func headerWithUnknownFieldsIsRead() throws {
        // A later minor version may add header fields; old readers ignore them (CAPTURE.md).
        var bytes = try TornCaptureTests.captureBytes(Fixtures.smallCapture)
        let original = try CaptureFile(bytes: bytes)
        let headerEnd = Fixtures.recordBoundaries(bytes)[0]
        var document = try #require(try JSONSerialization.jsonObject(with: Data(bytes[16..<headerEnd - 4])) as? [String: Any])
        document["zzFutureField"] = ["nested": 1]
        let encoded = [UInt8](try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
        var header = Array(bytes[0..<12])
        header += withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { Array($0) }
        header += encoded
        header += withUnsafeBytes(of: CRC32C.checksum(header).littleEndian) { Array($0) }
        bytes.replaceSubrange(0..<headerEnd, with: header)
        let file = try CaptureFile(bytes: bytes)
        #expect(file.header == original.header)
        #expect(file.records == original.records)
    }

    @Test func missingFileIsUnreadable() throws {
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("absent.bcap")
            let error = #expect(throws: CaptureReadError.self) { try CaptureFile(contentsOf: url) }
            guard case .unreadable(let path, _) = error else {
                Issue.record("expected unreadable, got \(String(describing: error))")
                return
            }
            #expect(path == url.path)
        }
    }
}
