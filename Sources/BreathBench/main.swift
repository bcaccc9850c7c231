// Wire decoder benchmark: throughput of FrameDecoder + Message decoding on a realistic
// stream (sample blocks at the reference method's size, with events between them).
// Run: swift run -c release BreathBench [megabytes]
import BreathWire
import Foundation

let megabytes = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 64
let runID = RunID()

// One second of device traffic at 20 Hz: two 10-sample blocks with all channels, and an event.
var second: [UInt8] = []
var sequence: UInt16 = 0
for block in 0..<2 {
    let detector = (0..<10).map { Float(100 + $0 * 3 + block) }
    let message = Message.sampleBlock(SampleBlock(
        firstSampleIndex: UInt32(block * 10), samplePeriodMicros: 50_000, detector: detector,
        columnTemperatureC: [Float](repeating: 41.5, count: 10), carrierPressureKPa: [Float](repeating: 70, count: 10)))
    message.frame(sequence: sequence).encode(into: &second)
    sequence &+= 1
}
Message.phaseChanged(PhaseChange(runID: runID, phase: .separation, runTimeMillis: 1000))
    .frame(sequence: sequence).encode(into: &second)

// A second profile with 1 kHz detector-only blocks at the maximum frame size.
var large: [UInt8] = []
let count = SampleBlock.maximumCount(channelCount: 1)
Message.sampleBlock(SampleBlock(firstSampleIndex: 0, samplePeriodMicros: 1000, detector: [Float](repeating: 7, count: count)))
    .frame(sequence: 0).encode(into: &large)

/// Decodes `unit` repeated to the requested size; `deviceSeconds` is how long the device takes
/// to send one unit, for the ratio to its nominal data rate.
func measure(_ name: String, unit: [UInt8], framesPerUnit: Int, samplesPerUnit: Int, deviceSeconds: Double) {
    let repeats = max(1, megabytes * 1_048_576 / unit.count)
    let stream = [UInt8]((0..<repeats).map { _ in unit }.joined())
    let chunk = 16_384  // the host's bulk IN transfer size
    var timings: [Double] = []
    var decodedFrames = 0
    var decodedSamples = 0
    for _ in 0..<5 {
        var decoder = FrameDecoder()
        decodedFrames = 0
        decodedSamples = 0
        let start = ContinuousClock.now
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + chunk)
            decoder.feed(stream[offset..<end]) { frame in
                decodedFrames += 1
                if case .sampleBlock(let block) = try? Message(frame: frame) { decodedSamples += block.count }
            }
            offset = end
        }
        let elapsed = ContinuousClock.now - start
        timings.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    precondition(decodedFrames == repeats * framesPerUnit && decodedSamples == repeats * samplesPerUnit)
    let median = timings.sorted()[timings.count / 2]
    let bytesPerSecond = Double(stream.count) / median
    print(String(
        format: "%@: %.1f MB/s, %.0f frames/s, %.2f M samples/s, %.0fx the device's data rate (median of 5, %d MB, %d-byte chunks)",
        name, bytesPerSecond / 1e6, Double(decodedFrames) / median, Double(decodedSamples) / median / 1e6,
        bytesPerSecond / (Double(unit.count) / deviceSeconds), stream.count / 1_000_000, chunk))
}

measure("20 Hz, 3 channels", unit: second, framesPerUnit: 3, samplesPerUnit: 20, deviceSeconds: 1)
measure(
    "1 kHz, detector only, full frames", unit: large, framesPerUnit: 1, samplesPerUnit: count,
    deviceSeconds: Double(count) / 1000)
