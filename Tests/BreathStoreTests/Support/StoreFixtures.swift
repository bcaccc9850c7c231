import BreathStore
import Foundation

enum StoreFixtures {
    static let started = Date(timeIntervalSince1970: 1_767_225_600)

    static func device(serial: String = "BGC1-STORE-0001", firmware: String = "1.4.2", seenAt: Date = started) -> DeviceRecord {
        DeviceRecord(
            serial: serial, hardwareVersion: "rev C", firmwareVersion: firmware, calibrationID: "CAL-2026-01",
            protocolVersion: "1.0", seenAt: seenAt)
    }

    static func run(
        uuid: String = UUID().uuidString.lowercased(), serial: String = "BGC1-STORE-0001", startedAt: Date = started,
        status: RunStatus = .complete
    ) -> RunRecord {
        RunRecord(
            runUUID: uuid, deviceSerial: serial, methodID: "breath-screen-v1", source: "emulator", status: status,
            statusReason: status == .complete ? nil : "no RUN_COMPLETE: the device disconnected", startedAt: startedAt,
            endedAt: startedAt.addingTimeInterval(870), samplePeriodMicros: 50_000, sampleCount: 12_200,
            missingSamples: 10, sequenceGaps: 1, droppedBytes: 37, malformedFrames: 2, deviceOutcome: "completed",
            deviceFaultCode: 6, totalsVerified: status == .complete, breathVolumeML: 987.5, breathCO2Percent: 5.25,
            breathHumidityPercent: 88, breathDurationS: 150, breathFlowMLPerMin: 400,
            capturePath: "/var/lib/breath/captures/\(uuid).bcap")
    }

    /// A trace holding the awkward values: NaN (quiet, signalling, with payload), ±0, ±∞, subnormals.
    static let trace = RunTrace(
        detector: [1.5, .nan, -.nan, Float(bitPattern: 0x7FA0_0001), -0.0, 0, .infinity, -.infinity,
                   .leastNonzeroMagnitude, .greatestFiniteMagnitude, 123.456],
        columnTemperature: [40, 40.1, .nan, 40.3, 40.4, 40.5, 40.6, 40.7, 40.8, 40.9, 41],
        carrierPressure: nil)

    static let events = [
        RunEventRecord(runID: 0, runTimeMillis: 0, kind: "phase", code: 1, detail: "breath-sampling"),
        RunEventRecord(runID: 0, runTimeMillis: 170_550, kind: "sample-gap", code: nil, detail: "10 samples missing from index 11"),
        RunEventRecord(runID: 0, runTimeMillis: 150_000, kind: "phase", code: 2, detail: "trap"),
        RunEventRecord(runID: 0, runTimeMillis: 150_000, kind: "fault", code: 4, detail: "warning LOW_BREATH_VOLUME: ✓ ünïcode"),
    ]

    /// Whether two float arrays hold the same bits (NaN payloads and signs included).
    static func sameBits(_ a: [Float]?, _ b: [Float]?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}
