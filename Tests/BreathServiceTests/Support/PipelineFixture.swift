import BreathTestSupport
import BreathCapture
import BreathDevice
import BreathEmulator
import BreathService
import BreathStore
import BreathWire
import Foundation
import Logging

/// A pipeline over a fresh store and capture directory in `directory`.
struct PipelineFixture: Sendable {
    let store: ResultStore
    let pipeline: AcquisitionPipeline
    let captureDirectory: URL

    init(directory: URL) throws {
        store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
        captureDirectory = directory.appendingPathComponent("captures", isDirectory: true)
        pipeline = AcquisitionPipeline(
            store: store, captureDirectory: captureDirectory, softwareVersion: "0.0.0-test",
            logger: Logger(label: "breath.test.pipeline"))
    }

    /// Acquires one breath-screen-v1 run from an emulator with `configuration`.
    func acquire(_ configuration: EmulatorConfiguration, runID: RunID = RunID()) async throws -> AcquiredRun {
        let pipeline = pipeline
        return try await withTimeout {
            try await pipeline.acquire(
                over: EmulatorLink(configuration: configuration, pacing: .asFastAsPossible), method: .breathScreenV1,
                source: "emulator", runID: runID)
        }
    }
}

/// What the bulk-IN transfers of a capture decode to, rebuilt by sample index the way the
/// protocol defines it (NaN where a block never arrived), independently of RunAcquisition.
struct DecodedCapture {
    var detector: [Float] = []
    var temperature: [Float] = []
    var blocks = 0
    var completions: [RunComplete] = []
    var crcMismatches = 0

    init(_ capture: CaptureFile) {
        var decoder = FrameDecoder()
        for transfer in capture.transfers where transfer.endpoint == .dataIn {
            for frame in decoder.feed(transfer.bytes) {
                switch try? Message(frame: frame) {
                case .sampleBlock(let block):
                    blocks += 1
                    let first = Int(block.firstSampleIndex)
                    if first > detector.count {
                        let padding = [Float](repeating: .nan, count: first - detector.count)
                        detector += padding
                        temperature += padding
                    }
                    for (offset, value) in block.detector.enumerated() {
                        let t = block.columnTemperatureC?[offset] ?? .nan
                        if first + offset < detector.count {
                            detector[first + offset] = value
                            temperature[first + offset] = t
                        } else {
                            detector.append(value)
                            temperature.append(t)
                        }
                    }
                case .runComplete(let complete): completions.append(complete)
                default: break
                }
            }
        }
        decoder.finish()
        crcMismatches = decoder.statistics.crcMismatches
    }
}

/// Whether two float arrays hold the same bits (NaN equal to NaN).
func sameBits(_ a: [Float]?, _ b: [Float]?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
}

/// The JSON notes of a capture's mark records.
func marks(_ capture: CaptureFile) -> [[String: String]] {
    capture.records.filter { $0.kind == .mark }.compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.data)) as? [String: String]
    }
}
