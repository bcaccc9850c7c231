import BreathService
import Foundation
import Glibc
import Testing

/// sd_notify without libsystemd: datagrams to $NOTIFY_SOCKET, path or abstract, never blocking.
@Suite struct SystemdNotifierTests {
    /// A bound datagram socket at `address` (a path, or "@name" for the abstract namespace).
    final class Receiver {
        let fd: Int32
        init(_ address: String) throws {
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var storage = sockaddr_un()
            storage.sun_family = sa_family_t(AF_UNIX)
            var bytes = Array(address.utf8)
            let abstract = bytes.first == UInt8(ascii: "@")
            if abstract { bytes[0] = 0 }
            withUnsafeMutableBytes(of: &storage.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
            let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
            let bound = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        deinit { close(fd) }
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }
    }

    @Test func notifiesAPathSocket() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        defer { unlink(path) }
        let receiver = try Receiver(path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        notifier.ready(status: "idle")
        #expect(receiver.receive() == "READY=1\nSTATUS=idle\nMAINPID=\(getpid())")
        notifier.stopping(status: "bye")
        #expect(receiver.receive() == "STOPPING=1\nSTATUS=bye")
        notifier.watchdog()
        #expect(receiver.receive() == "WATCHDOG=1")
    }

    @Test func notifiesAnAbstractSocket() throws {
        let name = "@breath-test-\(UUID().uuidString)"
        let receiver = try Receiver(name)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).notify("STATUS=abstract"))
        #expect(receiver.receive() == "STATUS=abstract")
    }

    @Test func withoutASocketNothingIsSent() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.notify("READY=1"))
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"]).notify("READY=1"))
        #expect(notifier.watchdogInterval == nil)
    }

    @Test func theWatchdogPingsAtHalfItsTimeout() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"]).watchdogInterval == .seconds(15))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())"]).watchdogInterval == .seconds(15))
        // Meant for another process (a parent that forked us), or nonsense: no pings.
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"]).watchdogInterval == nil)
    }

    /// A receiver that never reads must not stall the daemon: sends fail instead of blocking.
    @Test func aFullSocketNeverBlocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        defer { unlink(path) }
        let receiver = try Receiver(path)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        var failures = 0
        // The default queue holds a few hundred datagrams; a blocking send would hang here.
        for index in 0..<5000 where !notifier.notify("STATUS=\(index)") { failures += 1 }
        #expect(failures > 0)
        #expect(receiver.receive() == "STATUS=0")
    }
}
