import Foundation

/// Where SwiftPM put the package's executables: the folder holding the test bundle.
public enum BuiltProducts {
    public static var directory: URL {
        var url = Bundle.main.bundleURL
        while url.pathExtension == "xctest" || !FileManager.default.fileExists(atPath: url.appendingPathComponent("breathd").path) {
            let parent = url.deletingLastPathComponent()
            if parent == url { break }
            url = parent
        }
        return url
    }

    /// The built executable `name`.
    public static func executable(_ name: String) -> URL { directory.appendingPathComponent(name) }
}
