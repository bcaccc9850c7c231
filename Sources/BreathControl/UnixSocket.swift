#if canImport(Glibc)
import Glibc
#endif

/// Thin, blocking wrappers over AF_UNIX stream sockets, shared by the daemon and the CLI.
public enum UnixSocket {
    /// A socket call failed; `errno` says why.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var call: String
        public var errno: Int32
        public init(call: String, errno: Int32) {
            self.call = call
            self.errno = errno
        }
        public var description: String { "\(call): \(String(cString: strerror(errno)))" }
    }

    /// The longest path a sockaddr_un holds (107 bytes plus the terminator on Linux).
    public static let maximumPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Calls `body` with `path` as a sockaddr_un.
    public static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws(Failure) -> T {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumPathBytes else { throw Failure(call: "socket path", errno: ENAMETOOLONG) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// Connects to the stream socket at `path`.
    public static func connect(to path: String) throws(Failure) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(call: "socket", errno: errno) }
        let result = try withAddress(path) { Glibc.connect(fd, $0, $1) }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "connect", errno: code)
        }
        return fd
    }

    /// Writes all of `bytes`, retrying on EINTR and short writes; never raises SIGPIPE.
    public static func send(_ fd: Int32, _ bytes: [UInt8], flags: Int32 = 0) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, flags | Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "send", errno: errno)
            }
            offset += written
        }
    }

    /// Reads what is available (blocking until something is); an empty array at end of stream.
    public static func receive(_ fd: Int32, maximum: Int = 65536) throws(Failure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer[0..<count]) }
            if errno == EINTR { continue }
            throw Failure(call: "recv", errno: errno)
        }
    }
}
