import Foundation

/// Where SwiftPM put the package's executables: the folder holding the test bundle, found by
/// walking up from it to the first folder that holds the executable `name`.
public func productsDirectory(containing name: String) -> URL {
    var url = Bundle.main.bundleURL
    while url.pathExtension == "xctest" || !FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) {
        let parent = url.deletingLastPathComponent()
        if parent == url { break }
        url = parent
    }
    return url
}
