#if canImport(Glibc)
import Glibc
#endif

/// A connection to breathd's control socket: one request, one reply line; `subscribe`
/// then streams event lines until the connection ends.
public final class ControlClient {
    /// Why the client could not talk to the daemon, worded for a one-line error.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// No socket at the path, or nobody listening on it.
        case daemonNotRunning(path: String)
        /// The socket exists but this user may not open it.
        case permissionDenied(path: String)
        /// The daemon refused the request.
        case refused(ControlError)
        /// The connection broke or the daemon answered something unreadable.
        case protocolError(String)

        public var description: String {
            switch self {
            case .daemonNotRunning(let path): "breathd is not running (no control socket at \(path))"
            case .permissionDenied(let path): "permission denied on \(path): ask to be added to breathd's group"
            case .refused(let error): "breathd refused: \(error.message) (\(error.code.rawValue))"
            case .protocolError(let text): "control socket: \(text)"
            }
        }
    }

    private let fd: Int32
    private var lines = LineBuffer(limit: ControlWire.maximumReplyBytes)
    private var ready: [LineBuffer.Item] = []

    /// Connects to the daemon's socket at `path`.
    public init(path: String) throws(Failure) {
        do {
            fd = try UnixSocket.connect(to: path)
        } catch {
            switch error.errno {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .daemonNotRunning(path: path)
            case EACCES, EPERM: throw .permissionDenied(path: path)
            default: throw .protocolError("\(error)")
            }
        }
    }

    deinit { close(fd) }

    /// Sends `request` and returns its reply; a refusal throws ``Failure/refused(_:)``.
    public func send(_ request: ControlRequest) throws(Failure) -> ControlReply {
        do { try UnixSocket.send(fd, ControlWire.encode(request)) } catch {
            // The daemon may have refused the connection and closed it before we wrote:
            // its reason is still waiting to be read.
            if let early = try? nextReplyIfAny(), let refusal = early.error { throw .refused(refusal) }
            throw .protocolError("\(error)")
        }
        let reply = try nextReply()
        if !reply.ok { throw .refused(reply.error ?? ControlError(.internalError, "no reason given")) }
        return reply
    }

    /// The next line from the daemon (a reply or an event), or nil when it closed the connection.
    public func nextReplyIfAny() throws(Failure) -> ControlReply? {
        while ready.isEmpty {
            let bytes: [UInt8]
            do { bytes = try UnixSocket.receive(fd) } catch { throw .protocolError("\(error)") }
            if bytes.isEmpty { return nil }
            ready = lines.append(bytes)
        }
        switch ready.removeFirst() {
        case .oversized: throw .protocolError("reply longer than \(ControlWire.maximumReplyBytes) bytes")
        case .line(let line):
            do { return try ControlWire.decode(ControlReply.self, from: line) } catch {
                throw .protocolError("unreadable reply: \(error)")
            }
        }
    }

    private func nextReply() throws(Failure) -> ControlReply {
        guard let reply = try nextReplyIfAny() else { throw .protocolError("breathd closed the connection") }
        return reply
    }
}
