import BreathTestSupport
import BreathDevice
import BreathWire
import Foundation
import Testing

/// `DeviceSession` against scripted fake devices: silence, foreign protocol versions, a close
/// with a request in flight, and what the session makes of odd inbound frames.
@Suite struct FakeLinkSessionTests {
    @Test func deviceThatNeverAnswersTimesOut() async throws {
        let link = ScriptedLink()
        let session = DeviceSession(link: link, options: .init(answerTimeout: .milliseconds(100)))
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await session.connect() } }
        #expect(error == .timedOut(command: "GET_INFO"))
        #expect(await session.deviceInfo == nil)
        #expect(link.frameLog.map(\.type) == [MessageType.getInfo.rawValue])
        await session.close()
    }

    @Test func deviceInfoReportingMajorTwoIsRefused() async throws {
        let link = ScriptedLink.answeringInfo(major: 2, minor: 3)
        let session = DeviceSession(link: link, options: .init(answerTimeout: .seconds(10)))
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await session.connect() } }
        #expect(error == .unsupportedProtocol(major: 2, minor: 3))
        #expect(error?.description.contains("protocol 2.3") == true)
        #expect(await session.deviceInfo == nil)
        #expect(link.frameLog.count == 1)  // nothing sent after the handshake
        await session.close()
    }

    @Test func newerMinorVersionIsAccepted() async throws {
        let session = DeviceSession(link: ScriptedLink.answeringInfo(major: 1, minor: 7))
        let info = try await withTimeout { try await session.connect() }
        #expect(info.protocolMinor == 7)
        await session.close()
    }

    /// PROTOCOL.md 2.2: "A host that receives [a frame with a different version_major] ...
    /// refuses the device with a clear error" — not a generic timeout.
    @Test func frameOfMajorVersionTwoIsRefusedAsUnsupportedProtocol() async throws {
        let link = ScriptedLink { frame in
            let info = ScriptedLink.fakeInfo(answering: frame.sequence, major: 2, minor: 0)
            var foreign = Message.deviceInfo(info).frame(sequence: 0)
            foreign.versionMajor = 2
            return [Transfer(endpoint: .dataIn, bytes: foreign.encoded())]
        }
        let session = DeviceSession(link: link, options: .init(answerTimeout: .milliseconds(500)))
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await session.connect() } }
        guard case .unsupportedProtocol = error else {
            Issue.record("expected unsupportedProtocol, got \(String(describing: error))")
            await session.close()
            return
        }
        await session.close()
    }

    @Test func closingWithARequestPendingFailsItWithLinkClosed() async throws {
        let link = ScriptedLink()
        let session = DeviceSession(link: link, options: .init(answerTimeout: .seconds(60)))
        let request = Task { try await session.connect() }
        // Wait until GET_INFO is on the wire: the request is pending from then on.
        let first = try await withTimeout {
            var iterator = link.written.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(first?.type == MessageType.getInfo.rawValue)
        await session.close()
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await request.value } }
        #expect(error == .linkClosed)
        #expect(link.closeCount >= 1)
    }

    @Test func closeEndsTheEventStreamWithANormalLinkClosed() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link)
        _ = try await withTimeout { try await session.connect() }
        await session.close()
        let seen = try await events(of: session) { _ in false }
        #expect(seen == [.linkClosed(reason: nil)])
    }

    @Test func unplugEndsTheEventStreamWithDisconnected() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link)
        _ = try await withTimeout { try await session.connect() }
        link.unplug()
        let seen = try await events(of: session) { _ in false }
        #expect(seen == [.linkClosed(reason: .disconnected)])
        await session.close()
    }

    /// Once the link has ended (the session saw its stream finish and reported linkClosed), a
    /// request cannot be answered: it must fail at once with linkClosed, not be sent into the
    /// void and reported after the answer timeout as "device did not answer in time".
    @Test func requestAfterTheLinkEndedFailsWithLinkClosed() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link, options: .init(answerTimeout: .seconds(2)))
        _ = try await withTimeout { try await session.connect() }
        link.unplug()
        let seen = try await events(of: session) { _ in false }
        #expect(seen == [.linkClosed(reason: .disconnected)])
        let error = await #expect(throws: SessionError.self) { try await withTimeout { try await session.status() } }
        #expect(error == .linkClosed)
        await session.close()
    }

    @Test func inboundSequenceGapsMalformedAndUnknownFramesAreReported() async throws {
        let link = ScriptedLink.answeringInfo()
        let session = DeviceSession(link: link)
        _ = try await withTimeout { try await session.connect() }
        let runID = RunID()
        func phase(_ phase: RunPhase, sequence: UInt16) -> [UInt8] {
            Message.phaseChanged(PhaseChange(runID: runID, phase: phase, runTimeMillis: 0)).frame(sequence: sequence).encoded()
        }
        link.push(.eventIn, phase(.breathSampling, sequence: 0))
        link.push(.eventIn, phase(.trap, sequence: 3))  // sequences 1 and 2 lost
        // A valid frame of a type this version does not know: ignored and counted.
        link.push(.dataIn, Frame(type: 0xA5, sequence: 1, payload: [1, 2, 3]).encoded())
        // A SAMPLE_BLOCK with count 0: valid CRC, malformed payload.
        link.push(.dataIn, Frame(type: MessageType.sampleBlock.rawValue, sequence: 2, payload: [0, 0, 0, 0, 80, 195, 0, 0, 1, 0, 0]).encoded())
        // A frame split over two transfers still decodes once.
        let split = phase(.desorption, sequence: 4)
        link.push(.eventIn, Array(split[..<7]))
        link.push(.eventIn, Array(split[7...]))

        let seen = try await events(of: session) { $0.count == 5 }
        #expect(seen.count == 5)
        #expect(seen[0] == .phaseChanged(PhaseChange(runID: runID, phase: .breathSampling, runTimeMillis: 0)))
        #expect(seen[1] == .sequenceGap(endpoint: .eventIn, missing: 2))
        #expect(seen[2] == .phaseChanged(PhaseChange(runID: runID, phase: .trap, runTimeMillis: 0)))
        guard case .malformedFrame(let endpoint, let type, _) = seen[3] else {
            Issue.record("expected a malformed frame, got \(seen[3])")
            await session.close()
            return
        }
        #expect(endpoint == .dataIn)
        #expect(type == MessageType.sampleBlock.rawValue)
        #expect(seen[4] == .phaseChanged(PhaseChange(runID: runID, phase: .desorption, runTimeMillis: 0)))
        #expect(await session.unknownFrames == 1)
        await session.close()
    }
}
