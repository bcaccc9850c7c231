import BreathDevice
import BreathTestSupport
import BreathWire
import Testing

/// The session's timers: the stall watchdog during a run, and keep-alives while connected.
@Suite struct WatchdogTests {
    @Test func aDeviceSilentDuringARunIsReportedAsStalledAndTheSessionStaysUsable() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link, options: .init(stallTimeout: .milliseconds(200), keepAliveInterval: nil))
        let runID = RunID()
        try await startRun(on: session, runID: runID)
        let seen = try await events(of: session) { $0.contains { if case .stalled = $0 { true } else { false } } }
        guard case .stalled(let silence)? = seen.last else {
            Issue.record("no stall reported: \(seen)")
            return
        }
        #expect(silence >= .milliseconds(200))
        // A stall is a report, not the end: the session still talks to the device.
        try await withTimeout { try await session.abortRun(runID) }
        await session.close()
    }

    @Test func noStallIsReportedOutsideARun() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link, options: .init(stallTimeout: .milliseconds(50), keepAliveInterval: nil))
        _ = try await withTimeout { try await session.connect() }
        // Four stall periods of silence with no run: then the link closes, ending the events.
        try await Task.sleep(for: .milliseconds(200))
        link.unplug()
        let seen = try await events(of: session) { _ in false }
        #expect(!seen.contains { if case .stalled = $0 { true } else { false } }, "\(seen)")
    }

    @Test func keepAlivesGoOutWhileConnected() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link, options: .init(stallTimeout: nil, keepAliveInterval: .milliseconds(50)))
        _ = try await withTimeout { try await session.connect() }
        let keepAlives = try await withTimeout {
            var count = 0
            for await frame in link.written where frame.type == MessageType.keepAlive.rawValue {
                count += 1
                if count == 3 { break }
            }
            return count
        }
        #expect(keepAlives == 3)
        #expect(await session.missedKeepAlives == 0)
        await session.close()
    }

    @Test func unansweredKeepAlivesAreCounted() async throws {
        // Answers the handshake only: a device that has hung after connecting.
        let answering = ScriptedLink.answeringInfo()
        let link = ScriptedLink { frame in
            frame.type == MessageType.getInfo.rawValue ? answering.answers(to: frame) : []
        }
        let session = DeviceSession(
            link: link, options: .init(answerTimeout: .milliseconds(50), stallTimeout: nil, keepAliveInterval: .milliseconds(20)))
        _ = try await withTimeout { try await session.connect() }
        try await withTimeout {
            while await session.missedKeepAlives < 2 { try await Task.sleep(for: .milliseconds(20)) }
        }
        await session.close()
    }
}
