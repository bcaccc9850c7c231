import BreathWire
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Appends records to a new capture file (Firmware-Protocol/CAPTURE.md).
///
/// Every record goes to the kernel as soon as it is appended, so a crash of this process
/// loses nothing; the file is fsynced at every mark (phase boundaries) and whenever
/// ``syncInterval`` has passed since the last sync, which bounds what a power loss can take.
/// Safe to use from any thread.
public final class CaptureWriter: Sendable {
    /// Where the capture is.
    public let url: URL
    /// The longest a record waits in the page cache before an fsync.
    public let syncInterval: Duration

    private let state: Mutex<State>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    private struct State {
        var descriptor: Int32
        var lastSync: ContinuousClock.Instant
        var records = 0
        var bytes = 0
        var failure: CaptureWriteError?
    }

    /// Creates the file (it must not exist yet) with `permissions`, and writes the header.
    public init(
        url: URL, header: CaptureHeader, permissions: mode_t = 0o640, syncInterval: Duration = .seconds(2)
    ) throws(CaptureWriteError) {
        self.url = url
        self.syncInterval = syncInterval
        origin = clock.now
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw CaptureWriteError(operation: "create", path: url.path, errno: errno) }
        // The umask may have removed group bits the staff group needs; set them explicitly.
        fchmod(descriptor, permissions)
        state = Mutex(State(descriptor: descriptor, lastSync: clock.now))
        let encoded: [UInt8]
        do { encoded = try CaptureWriter.encodeHeader(header) } catch {
            // Leave nothing behind: no empty file, and no descriptor for deinit to close twice.
            state.withLock { $0.descriptor = -1 }
            close(descriptor)
            unlink(url.path)
            throw CaptureWriteError(operation: "encode header", path: url.path, errno: EINVAL)
        }
        try state.withLock { state throws(CaptureWriteError) in
            try write(encoded, state: &state)
            try sync(state: &state)
        }
        // The new directory entry must survive a power loss too.
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Records bytes that crossed the link. A transfer longer than a record may hold is
    /// stored as consecutive records of the same endpoint; the byte stream is unchanged.
    public func record(_ endpoint: Endpoint, _ bytes: [UInt8]) throws(CaptureWriteError) {
        let time = elapsed()
        var start = 0
        repeat {
            let end = min(bytes.count, start + CaptureFormat.maximumRecordData)
            try append(CaptureRecord(kind: .transfer, endpoint: endpoint, time: time, data: Array(bytes[start..<end])), syncNow: false)
            start = end
        } while start < bytes.count
    }

    /// Records a host-side note (e.g. a phase boundary) and makes everything so far durable.
    public func mark(_ note: [String: String]) throws(CaptureWriteError) {
        let data = (try? JSONSerialization.data(withJSONObject: note, options: [.sortedKeys])) ?? Data()
        try append(CaptureRecord(kind: .mark, endpoint: nil, time: elapsed(), data: Array(data)), syncNow: true)
    }

    /// Writes the end record, syncs and closes. A capture without an end record was interrupted.
    public func finish(summary: [String: String]) throws(CaptureWriteError) {
        let data = (try? JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])) ?? Data()
        try append(CaptureRecord(kind: .end, endpoint: nil, time: elapsed(), data: Array(data)), syncNow: true)
        closeFile()
    }

    /// Closes without an end record (the run was cut short); what was written stays readable.
    public func closeFile() {
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            fsync(state.descriptor)
            close(state.descriptor)
            state.descriptor = -1
        }
    }

    /// The first write error, if any: once a write failed, later records are refused too,
    /// so the file never has a hole in the middle.
    public var failure: CaptureWriteError? { state.withLock { $0.failure } }

    /// Records and bytes written so far, header included in bytes.
    public var totals: (records: Int, bytes: Int) { state.withLock { ($0.records, $0.bytes) } }

    deinit { closeFile() }

    // MARK: Internals

    private func append(_ record: CaptureRecord, syncNow: Bool) throws(CaptureWriteError) {
        let bytes = record.encoded()
        try state.withLock { state throws(CaptureWriteError) in
            if let failure = state.failure { throw failure }
            guard state.descriptor >= 0 else {
                throw CaptureWriteError(operation: "append to closed capture", path: url.path, errno: EBADF)
            }
            try write(bytes, state: &state)
            state.records += 1
            if syncNow || clock.now - state.lastSync >= syncInterval { try sync(state: &state) }
        }
    }

    private func write(_ bytes: [UInt8], state: inout State) throws(CaptureWriteError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.write(state.descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = CaptureWriteError(operation: "write", path: url.path, errno: errno)
                // Cut back to the last whole record: the file stays valid up to there.
                ftruncate(state.descriptor, off_t(state.bytes))
                state.failure = failure
                throw failure
            }
            written += result
        }
        state.bytes += bytes.count
    }

    private func sync(state: inout State) throws(CaptureWriteError) {
        if fsync(state.descriptor) != 0 {
            let failure = CaptureWriteError(operation: "fsync", path: url.path, errno: errno)
            state.failure = failure
            throw failure
        }
        state.lastSync = clock.now
    }

    private func elapsed() -> UInt64 {
        let duration = clock.now - origin
        return UInt64(duration.components.seconds) * 1_000_000 + UInt64(duration.components.attoseconds / 1_000_000_000_000)
    }

    static func encodeHeader(_ header: CaptureHeader) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document = try encoder.encode(header)
        var writer = ByteWriter(capacity: document.count + 32)
        writer.raw(CaptureFormat.magic)
        writer.u16(CaptureFormat.versionMajor)
        writer.u16(CaptureFormat.versionMinor)
        writer.u32(UInt32(document.count))
        writer.raw(document)
        writer.u32(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }
}

/// A capture could not be written; `errno` says why (e.g. ENOSPC for a full disk).
public struct CaptureWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "cannot \(operation) capture \(path): \(String(cString: strerror(errno)))"
    }
}
