import Foundation
import Glibc

/// A stand-in for systemd's notification socket: receives sd_notify datagrams.
final class NotifySocket {
    let path: String
    private let fd: Int32
    /// Every message received so far, in order.
    private(set) var messages: [String] = []

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // A bounded wait per receive, so a daemon that never notifies fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Waits for a message containing `text` (it may have arrived already, after `index`);
    /// returns its index, or throws after `seconds` without one.
    @discardableResult
    func waitFor(_ text: String, after index: Int = -1, seconds: Int = 60) throws -> Int {
        var waited = 0
        while true {
            if let found = messages.indices.first(where: { $0 > index && messages[$0].contains(text) }) { return found }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
            } else {
                waited += 1
                if waited >= seconds { throw HarnessError("no notification containing '\(text)' within \(seconds) s; got \(messages)") }
            }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
