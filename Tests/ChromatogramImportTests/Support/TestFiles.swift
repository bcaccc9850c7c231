import Foundation

/// Where the tests find shared data and put scratch files.
enum TestFiles {
    /// `../shared/data/aia` from the package root, the root found from this file's path so the
    /// tests do not depend on where the checkout lives.
    static let aiaFolder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ChromatogramImportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/data/aia")
        .standardizedFileURL

    static var aiaFolderExists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: aiaFolder.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The netCDF files in the AIA folder (anything but the provenance note), sorted.
    static var aiaFileNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: aiaFolder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }
}

/// A fresh directory under the system temporary directory, removed after `body`.
@discardableResult
func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("ChromatogramImportTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// Writes `text` as UTF-8 to `name` in `directory` and returns the path.
func writeText(_ text: String, named name: String = "trace.csv", in directory: URL) throws -> String {
    try writeBytes(Array(text.utf8), named: name, in: directory)
}

/// Writes `bytes` to `name` in `directory` and returns the path.
func writeBytes(_ bytes: [UInt8], named name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}
