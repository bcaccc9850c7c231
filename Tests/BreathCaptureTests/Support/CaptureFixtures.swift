import BreathCapture
import BreathWire
import Foundation

enum Fixtures {
    static let runID = RunID(UUID(uuidString: "5A5A5A5A-0000-4000-8000-123456789ABC")!)

    static let header = CaptureHeader(
        runID: runID, createdMicros: 1_767_225_600_000_000, softwareVersion: "0.0.0-test", hostName: "test-host",
        device: DeviceInfo(
            requestSequence: 0, serial: "BGC1-CAP-0001", hardwareVersion: "rev C", firmwareVersion: "1.4.2",
            protocolMajor: 1, protocolMinor: 0, capabilities: [.photoionisationDetector, .clockSync],
            calibrationID: "CAL-1", minSamplePeriodMicros: 1_000, maxSamplePeriodMicros: 100_000),
        method: .breathScreenV1, source: "emulator")

    /// What a small capture holds: transfers both ways, marks, in the order written.
    enum Entry: Hashable {
        case transfer(Endpoint, [UInt8])
        case mark([String: String])
    }

    static let smallCapture: [Entry] = [
        .transfer(.commandOut, Message.getInfo.frame(sequence: 0).encoded()),
        .transfer(.dataIn, Message.ack(Ack(requestSequence: 0, requestType: 1)).frame(sequence: 0).encoded()),
        .mark(["phase": "breath-sampling", "run_time_ms": "0"]),
        .transfer(.eventIn, Message.phaseChanged(PhaseChange(runID: runID, phase: .trap, runTimeMillis: 150_000))
            .frame(sequence: 0).encoded()),
        .transfer(.dataIn, []),
        .mark(["sequence_gap": "1", "endpoint": "bulk-in"]),
        .transfer(.dataIn, Array(0...255)),
    ]

    static let summary = ["status": "complete", "samples": "0"]

    /// Writes `entries` (and an end record unless `finish` is false) to a new capture at `url`.
    @discardableResult
    static func write(_ entries: [Entry], to url: URL, finish: Bool = true) throws -> CaptureWriter {
        let writer = try CaptureWriter(url: url, header: header)
        for entry in entries {
            switch entry {
            case .transfer(let endpoint, let bytes): try writer.record(endpoint, bytes)
            case .mark(let note): try writer.mark(note)
            }
        }
        if finish { try writer.finish(summary: summary) } else { writer.closeFile() }
        return writer
    }

    /// Offsets at which each record starts in `bytes`, plus the end offset, found by walking
    /// the layout of CAPTURE.md independently of the reader.
    static func recordBoundaries(_ bytes: [UInt8]) -> [Int] {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var offset = 16 + u32(12) + 4
        var boundaries = [offset]
        while offset < bytes.count {
            offset += 16 + u32(offset + 4) + 4
            boundaries.append(offset)
        }
        return boundaries
    }

    static func json(_ data: [UInt8]) -> [String: String]? {
        try? JSONSerialization.jsonObject(with: Data(data)) as? [String: String]
    }
}
