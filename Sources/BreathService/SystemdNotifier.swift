#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// sd_notify(3) without libsystemd: one AF_UNIX datagram per message to `$NOTIFY_SOCKET`
/// (a leading '@' names the abstract namespace). Without the variable every call does nothing,
/// so the daemon runs the same outside systemd.
public struct SystemdNotifier: Sendable {
    /// The socket path, or nil when not run by systemd with Type=notify.
    public let socketPath: String?
    /// Half of `$WATCHDOG_USEC` (as sd_watchdog_enabled(3) advises), when the watchdog is on for us.
    public let watchdogInterval: Duration?

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let text = environment["WATCHDOG_USEC"], let micros = UInt64(text), micros > 0 {
            watchdogInterval = .microseconds(micros / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `state` (newline-separated assignments such as "READY=1\nSTATUS=idle").
    /// Returns false when there is no socket or the send failed; systemd notification is
    /// best effort and never stops the daemon.
    ///
    /// `attempts` > 1 retries a full receive queue every 5 ms: for the state changes systemd
    /// acts on (READY, STOPPING), which must not be lost to a momentarily slow reader.
    @discardableResult
    public func notify(_ state: String, attempts: Int = 1) -> Bool {
        for attempt in 1...max(1, attempts) {
            if send(state) { return true }
            if attempt < attempts { usleep(5_000) }
        }
        return false
    }

    private func send(_ state: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        guard path.count <= MemoryLayout.size(ofValue: address.sun_path) - (abstract ? 0 : 1) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        // The abstract name's length is exact; a path's includes its terminator. Never block:
        // a full receive queue would otherwise stall the daemon on a status line.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1))
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), address, length) }
            }
        }
        return sent == bytes.count
    }

    public func ready(status: String) { notify("READY=1\nSTATUS=\(status)\nMAINPID=\(getpid())", attempts: 40) }
    public func status(_ text: String) { notify("STATUS=\(text)") }
    public func stopping(status: String) { notify("STOPPING=1\nSTATUS=\(status)", attempts: 40) }
    public func watchdog() { notify("WATCHDOG=1") }
}
