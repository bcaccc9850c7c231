import BreathCapture
import BreathDevice
import BreathStore
import BreathWire
import Foundation
import Logging

/// Drives one run over a ``DeviceLink`` and records it: handshake, method upload, start,
/// every event until the run ends, and a capture file of every transfer.
///
/// The same recorder serves the USB link, the in-process emulator and a replayed capture, so a
/// replay goes through exactly the code a live run did. It stores nothing: the pipeline does.
public struct RunRecorder: Sendable {
    /// Where capture files go; nil records none (a preview replay that must leave no trace).
    public var captureDirectory: URL?
    public var softwareVersion: String
    public var sessionOptions: DeviceSession.Options
    private let logger: Logger

    public init(captureDirectory: URL?, softwareVersion: String, sessionOptions: DeviceSession.Options = .init(), logger: Logger) {
        self.captureDirectory = captureDirectory
        self.softwareVersion = softwareVersion
        self.sessionOptions = sessionOptions
        self.logger = logger
    }

    /// Connects over `link`, runs `method` once and returns what was received.
    ///
    /// - Parameters:
    ///   - source: where the device is, for people ("emulator", "usb 1-2", "replay ...").
    ///   - started: called once the device accepted `START_RUN`, before any run data.
    /// - Throws: when the run could not start (no answer, refused method, link gone);
    ///   once it started, every ending is a ``RecordedRun`` with its status.
    public func record(
        over link: any DeviceLink, method: RunMethod, source: String, runID: RunID = RunID(),
        started: @Sendable (DeviceInfo) throws -> Void = { _ in }
    ) async throws -> RecordedRun {
        let session = DeviceSession(link: link, options: sessionOptions, logger: logger)
        let tap = CaptureTap()
        await session.setTap { tap.record($0) }
        let startedAt = Date()
        do {
            let info = try await session.connect()
            try await session.upload(method)
            let capture = try captureDirectory.map {
                try RunRecording.openCapture(
                    in: $0, runID: runID, info: info, method: method, source: source, at: startedAt, softwareVersion: softwareVersion)
            }
            if let capture { tap.attach(capture) }
            try await session.startRun(runID, hostTimeMicros: UInt64(startedAt.timeIntervalSince1970 * 1e6))
            try started(info)
            logger.info("run started", metadata: ["run": "\(runID)", "method": "\(method.methodID)"])

            var recording = RunRecording(
                acquisition: RunAcquisition(runID: runID), info: info, method: method, source: source, startedAt: startedAt,
                capture: capture)
            var unresponsive = false
            for await event in session.events {
                recording.apply(event)
                if case .stalled = event, await !deviceAnswers(session) {
                    // Silent and deaf: the link is dead even if the OS has not said so yet.
                    unresponsive = true
                    break
                }
                if recording.acquisition.isFinished { break }
            }
            let statistics = await session.decoderStatistics
            await session.close()
            let outcome = RunOutcomeSummary(
                acquisition: recording.acquisition, captureFailure: tap.failure, unresponsive: unresponsive)
            recording.closeCapture(status: outcome.status.rawValue)
            return recording.recorded(outcome, droppedBytes: statistics.values.reduce(0) { $0 + $1.droppedBytes })
        } catch {
            await session.close()
            throw error
        }
    }

    /// After a stall: whether the device still answers `GET_STATUS`.
    private func deviceAnswers(_ session: DeviceSession) async -> Bool {
        do {
            let status = try await session.status()
            logger.notice("device answers after a stall", metadata: ["state": "\(status.state)"])
            return true
        } catch {
            logger.error("device does not answer after a stall", metadata: ["error": "\(error)"])
            return false
        }
    }
}

/// A run as received from the device, before it is stored.
public struct RecordedRun: Sendable {
    public var acquisition: RunAcquisition
    /// How the acquisition went, and why when not complete.
    public var status: RunStatus
    public var reason: String?
    public var device: DeviceInfo
    public var method: RunMethod
    public var source: String
    public var startedAt: Date
    public var endedAt: Date
    /// The capture file, when one was written.
    public var captureURL: URL?
    /// Bytes the frame decoders dropped, all endpoints.
    public var droppedBytes: Int
}
