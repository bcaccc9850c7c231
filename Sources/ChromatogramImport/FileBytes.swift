import Foundation

/// Reading whole files and file prefixes, with failures as ``ImportError``.
enum FileBytes {
    /// Every byte of the file at `path`.
    static func read(path: String) throws(ImportError) -> [UInt8] {
        try checkIsRegularFile(path)
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// At most the first `count` bytes of the file at `path`.
    static func prefix(path: String, count: Int) throws(ImportError) -> [UInt8] {
        try checkIsRegularFile(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// Fails for a missing path or a directory up front: reading a directory otherwise gives
    /// platform-dependent results (an empty read on some systems, "unknown file format" from
    /// netCDF) instead of a clear message.
    static func checkIsRegularFile(_ path: String) throws(ImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "is a directory") }
    }
}
