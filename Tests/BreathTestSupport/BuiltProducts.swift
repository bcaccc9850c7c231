import Foundation

/// Where SwiftPM put the package's executables: the folder holding the test bundle.
public enum BuiltProducts {
    public static var directory: URL { productsDirectory(containing: "breathd") }

    /// The built executable `name`.
    public static func executable(_ name: String) -> URL { directory.appendingPathComponent(name) }
}
