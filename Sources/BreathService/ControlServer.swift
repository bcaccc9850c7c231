#if canImport(Glibc)
import Glibc
#endif
import BreathControl
import Dispatch
import Foundation
import Logging
import Synchronization

/// Who is on the other end of a control connection, from SO_PEERCRED (the kernel's word,
/// not the client's).
public struct ControlPeer: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// Supplementary groups (SO_PEERGROUPS), as the peer had them when it connected.
    public var groups: [UInt32]

    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32]) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// The audit trail's actor for requests from this peer.
    public var actor: String { "uid:\(uid)" }
}

/// Who may use the socket besides file permissions: root, the daemon's own user, and
/// members of the control group. Checked per connection, so a socket left with looser
/// permissions by mistake still refuses strangers.
public struct ControlAccessPolicy: Sendable, Hashable {
    public var daemonUID: UInt32
    public var groupID: UInt32

    public init(daemonUID: UInt32, groupID: UInt32) {
        self.daemonUID = daemonUID
        self.groupID = groupID
    }

    public func allows(_ peer: ControlPeer) -> Bool {
        peer.uid == 0 || peer.uid == daemonUID || peer.gid == groupID || peer.groups.contains(groupID)
    }
}

/// What answers control requests: the daemon's run coordinator.
public protocol ControlHandler: Sendable {
    func handle(_ request: ControlRequest, from peer: ControlPeer, on connection: ControlConnection) async -> ControlReply
    /// The connection closed; forget any subscription.
    func disconnected(_ connection: ControlConnection) async
}

/// One accepted client. Replies and pushed events are written whole lines at a time.
public final class ControlConnection: Sendable, Hashable {
    public let peer: ControlPeer
    private let fd: Int32
    private let closed = Mutex(false)

    init(fd: Int32, peer: ControlPeer) {
        self.fd = fd
        self.peer = peer
    }

    /// Writes one line; false when the connection is gone.
    @discardableResult
    func write(_ line: [UInt8], waiting: Bool) -> Bool {
        closed.withLock { closed in
            guard !closed else { return false }
            do {
                try UnixSocket.send(fd, line, flags: waiting ? 0 : Int32(MSG_DONTWAIT))
                return true
            } catch {
                // A subscriber that does not read is dropped rather than allowed to stall the daemon.
                shutdown(fd, Int32(SHUT_RDWR))
                return false
            }
        }
    }

    /// Pushes an event to a subscriber without blocking; false when it is gone or too slow.
    @discardableResult
    public func push(_ event: ControlEvent) -> Bool {
        write(ControlWire.encode(ControlReply(ok: true, event: event)), waiting: false)
    }

    /// Wakes the reader so the connection ends.
    func hangUp() {
        closed.withLock { closed in if !closed { shutdown(fd, Int32(SHUT_RDWR)) } }
    }

    func close() {
        closed.withLock { closed in
            guard !closed else { return }
            closed = true
            Glibc.close(fd)
        }
    }

    public static func == (lhs: ControlConnection, rhs: ControlConnection) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// The daemon's Unix control socket: line-delimited JSON, group-restricted.
///
/// Blocking accept and reads run on dedicated threads (not the Swift concurrency pool, which
/// has one thread per core here); each request is handed to the ``ControlHandler``. A bad
/// request gets an error line and the connection stays usable; nothing a client sends can
/// reach the device except through the handler's checks.
public final class ControlServer: Sendable {
    public let path: String
    /// Simultaneous connections allowed; more are told so and closed.
    public static let maximumConnections = 32

    private let listener: Int32
    private let handler: any ControlHandler
    private let policy: ControlAccessPolicy
    private let logger: Logger
    private let connections = Mutex<Set<ControlConnection>>([])
    private let stopped = Mutex(false)
    private let acceptDone = DispatchSemaphore(value: 0)

    /// Binds `path` with `mode` and group `groupID` and starts accepting.
    public init(path: String, mode: mode_t = 0o660, groupID: UInt32, policy: ControlAccessPolicy,
                handler: any ControlHandler, logger: Logger) throws {
        self.path = path
        self.handler = handler
        self.policy = policy
        self.logger = logger
        try ControlServer.removeStaleSocket(at: path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw UnixSocket.Failure(call: "socket", errno: errno) }
        do {
            let bound = try UnixSocket.withAddress(path) { bind(fd, $0, $1) }
            guard bound == 0 else { throw UnixSocket.Failure(call: "bind \(path)", errno: errno) }
            guard chmod(path, mode) == 0 else { throw UnixSocket.Failure(call: "chmod \(path)", errno: errno) }
            if groupID != getegid() {
                guard chown(path, uid_t.max, groupID) == 0 else { throw UnixSocket.Failure(call: "chown \(path)", errno: errno) }
            }
            guard listen(fd, 16) == 0 else { throw UnixSocket.Failure(call: "listen", errno: errno) }
        } catch {
            Glibc.close(fd)
            throw error
        }
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "breathd-control"
        thread.start()
    }

    /// Stops accepting, hangs up every client and removes the socket file.
    public func stop() {
        let already = stopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !already else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        acceptDone.wait()
        Glibc.close(listener)
        unlink(path)
        for connection in connections.withLock({ Array($0) }) { connection.hangUp() }
    }

    /// Only a socket may be replaced: a regular file at the path is a configuration mistake.
    private static func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw UnixSocket.Failure(call: "\(path) exists and is not a socket; refusing to replace", errno: EEXIST)
        }
        unlink(path)
    }

    private func acceptLoop() {
        defer { acceptDone.signal() }
        while true {
            let fd = accept(listener, nil, nil)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if stopped.withLock({ $0 }) { return }
                logger.error("control socket accept failed", metadata: ["error": "\(String(cString: strerror(errno)))"])
                // Out of descriptors or memory: back off instead of spinning.
                usleep(100_000)
                continue
            }
            guard let peer = ControlServer.peer(of: fd) else {
                Glibc.close(fd)
                continue
            }
            let connection = ControlConnection(fd: fd, peer: peer)
            guard policy.allows(peer) else {
                logger.warning("control connection refused", metadata: ["uid": "\(peer.uid)", "pid": "\(peer.pid)"])
                connection.write(ControlWire.encode(ControlReply.failure(
                    ControlError(.unauthorised, "uid \(peer.uid) is not in breathd's control group"))), waiting: false)
                connection.close()
                continue
            }
            let admitted = connections.withLock { set in
                guard set.count < ControlServer.maximumConnections else { return false }
                set.insert(connection)
                return true
            }
            guard admitted else {
                connection.write(ControlWire.encode(ControlReply.failure(
                    ControlError(.busy, "too many control connections"))), waiting: false)
                connection.close()
                continue
            }
            let thread = Thread { [self] in serve(connection, fd: fd) }
            thread.name = "breathd-client"
            thread.start()
        }
    }

    private func serve(_ connection: ControlConnection, fd: Int32) {
        var lines = LineBuffer(limit: ControlWire.maximumLineBytes)
        reading: while true {
            let bytes: [UInt8]
            do { bytes = try UnixSocket.receive(fd, maximum: 8192) } catch { break }
            if bytes.isEmpty { break }
            for item in lines.append(bytes) {
                let reply: ControlReply
                switch item {
                case .oversized:
                    reply = .failure(ControlError(.tooLong, "request longer than \(ControlWire.maximumLineBytes) bytes"))
                case .line(let line):
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    reply = answer(line, from: connection)
                }
                guard connection.write(ControlWire.encode(reply), waiting: true) else { break reading }
            }
        }
        let handler = handler
        blockingWait { await handler.disconnected(connection) }
        connections.withLock { _ = $0.remove(connection) }
        connection.close()
    }

    private func answer(_ line: [UInt8], from connection: ControlConnection) -> ControlReply {
        let request: ControlRequest
        do {
            request = try ControlWire.decode(ControlRequest.self, from: line)
        } catch {
            return .failure(ControlError(.malformed, ControlServer.explain(error)))
        }
        let handler = handler
        return blockingWait { await handler.handle(request, from: connection.peer, on: connection) }
    }

    /// A decoding error in one line, without echoing the request (it may hold a patient id).
    static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not a JSON object (one request per line)" }
        func field(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context) where !context.codingPath.isEmpty:
            return "field '\(field(context))' has the wrong type"
        case .valueNotFound(_, let context): return "field '\(field(context))' is null"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "field '\(field(context))' has an unknown value"
        default: return "not a JSON object (one request per line)"
        }
    }

    /// The kernel's credentials for the peer, and its supplementary groups.
    static func peer(of fd: Int32) -> ControlPeer? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return ControlPeer(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid,
                           groups: supplementaryGroups(of: fd))
    }

    /// The peer's supplementary groups from SO_PEERGROUPS (Linux 4.13), which works under
    /// ProtectProc=invisible where /proc/PID/status of another user is hidden.
    private static func supplementaryGroups(of fd: Int32) -> [UInt32] {
        let peerGroups: Int32 = 59  // SO_PEERGROUPS; Glibc's module does not export it
        var groups = [UInt32](repeating: 0, count: 64)
        var length = socklen_t(groups.count * MemoryLayout<UInt32>.size)
        var result = groups.withUnsafeMutableBytes { getsockopt(fd, SOL_SOCKET, peerGroups, $0.baseAddress, &length) }
        if result != 0, errno == ERANGE {
            // More than 64 groups: `length` now says how many bytes it takes.
            groups = [UInt32](repeating: 0, count: Int(length) / MemoryLayout<UInt32>.size)
            result = groups.withUnsafeMutableBytes { getsockopt(fd, SOL_SOCKET, peerGroups, $0.baseAddress, &length) }
        }
        guard result == 0 else { return [] }
        return Array(groups.prefix(Int(length) / MemoryLayout<UInt32>.size))
    }
}

/// Linux's `struct ucred` (Glibc's module hides it behind _GNU_SOURCE).
private struct PeerCredentials {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

/// Runs `operation` on the concurrency pool and blocks this (non-pool) thread until it ends.
private func blockingWait<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await operation()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}
