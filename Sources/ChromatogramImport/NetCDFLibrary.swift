import Foundation

/// Serialises every use of the netCDF C library in this process.
///
/// netCDF-C (and the HDF5 library beneath it for netCDF-4 files) keeps global state and is not
/// thread-safe, while Swift code — tests most of all — may import several files at once. All
/// calls therefore run under one lock, from `nc_open` to `nc_close`. Package code that calls
/// the library directly (such as tests writing fixture files) must use it too.
package enum NetCDFLibrary {
    // NSLock rather than Synchronization.Mutex, which would need macOS 15.
    private static let lock = NSLock()

    /// Runs `body` while no other thread uses the netCDF library.
    package static func serialized<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
