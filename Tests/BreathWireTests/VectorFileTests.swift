import BreathWire
import Foundation
import Testing

/// The vector files load, so the parameterised vector tests really run their cases.
@Suite struct VectorFileTests {
    @Test func directoryIsFoundFromTheSourcePath() {
        #expect(FileManager.default.fileExists(atPath: VectorFiles.directory.appendingPathComponent("README.md").path))
    }

    @Test func filesLoadWithCases() throws {
        #expect(try VectorFiles.load("crc32c.json", as: CRCVector.self).count >= 8)
        #expect(try VectorFiles.load("messages.json", as: StreamVector.self).count >= 30)
        #expect(try VectorFiles.load("corruption.json", as: StreamVector.self).count >= 37)
        #expect(VectorFiles.crc32c.count >= 8)
        #expect(VectorFiles.messages.count >= 30)
        #expect(VectorFiles.corruption.count >= 37)
    }

    @Test func caseNamesAreUnique() {
        let names = (VectorFiles.messages + VectorFiles.corruption).map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func messageVectorsCoverEveryType() {
        let types = Set(VectorFiles.messages.flatMap { $0.expect.frames.map(\.type) })
        for type in MessageType.allCases {
            #expect(types.contains(type.rawValue), "no vector for \(type.specName)")
        }
    }
}
