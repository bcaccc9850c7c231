import BreathControl
import Foundation
import Glibc

/// A raw control-socket client with bounded waits, able to send bytes no well-behaved client would.
final class TestControlClient {
    private let fd: Int32
    private var lines = LineBuffer(limit: ControlWire.maximumReplyBytes)
    private var ready: [[UInt8]] = []

    init(path: String) throws {
        fd = try UnixSocket.connect(to: path)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func sendRaw(_ bytes: [UInt8]) throws { try UnixSocket.send(fd, bytes) }

    func send(_ request: ControlRequest) throws -> ControlReply {
        try sendRaw(ControlWire.encode(request))
        return try nextReply()
    }

    /// The next line, waiting at most `seconds`.
    func nextReply(seconds: Int = 30) throws -> ControlReply {
        var waited = 0
        while ready.isEmpty {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { throw HarnessError("the daemon closed the connection") }
            if count < 0 {
                waited += 1
                if waited >= seconds { throw HarnessError("no reply within \(seconds) s") }
                continue
            }
            for item in lines.append(buffer[0..<count]) {
                if case .line(let line) = item { ready.append(line) }
            }
        }
        return try ControlWire.decode(ControlReply.self, from: ready.removeFirst())
    }

    /// Reads events until one satisfies `match`; returns it.
    func waitForEvent(seconds: Int = 60, _ match: (ControlEvent) -> Bool) throws -> ControlEvent {
        while true {
            let reply = try nextReply(seconds: seconds)
            if let event = reply.event, match(event) { return event }
        }
    }
}
