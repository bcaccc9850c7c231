import Foundation

/// What a recorded run amounts to, as stable snake_case JSON for scripts and tests
/// (`breath-usb acquire`, `breathctl replay --json`).
public struct RecordedRunSummary: Sendable, Hashable, Codable {
    public var run: String
    public var status: String
    public var reason: String?
    public var source: String
    public var device_serial: String
    public var samples: Int
    public var received_samples: Int
    public var missing_samples: Int
    public var sequence_gaps: Int
    public var malformed_frames: Int
    public var dropped_bytes: Int
    public var stalls: Int
    public var faults: [String]
    public var totals_verified: Bool
    public var capture: String?

    public init(_ run: RecordedRun) {
        let acquisition = run.acquisition
        self.run = "\(acquisition.runID)"
        status = run.status.rawValue
        reason = run.reason
        source = run.source
        device_serial = run.device.serial
        samples = acquisition.detector.count
        received_samples = acquisition.receivedSamples
        missing_samples = acquisition.missingSamples
        sequence_gaps = acquisition.sequenceGaps
        malformed_frames = acquisition.malformedFrames
        dropped_bytes = run.droppedBytes
        stalls = acquisition.stalls.count
        faults = acquisition.faults.map { "\($0.severity) \($0.code)" }
        totals_verified = acquisition.verification == .verified
        capture = run.captureURL?.path
    }

    /// One line of JSON with sorted keys.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
