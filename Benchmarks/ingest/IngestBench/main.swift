// Ingest benchmark: how fast a recorded run goes through the host's acquisition path
// (link → frame decoder → device session → run acquisition → capture writer, fsyncs included),
// as a multiple of the device's nominal data rate; and the CPU an idle connected session costs.
// Run: Scripts/bench-ingest.sh (release build). Figures are printed, never asserted.
import BreathCapture
import BreathDevice
import BreathEmulator
import BreathReplay
import BreathService
import BreathUSB
import BreathWire
import Foundation
import Logging

let arguments = CommandLine.arguments.dropFirst()
let repeats = arguments.first.flatMap(Int.init) ?? 5
let idleSeconds = arguments.dropFirst().first.flatMap(Double.init) ?? 10
let logger: Logger = {
    var logger = Logger(label: "ingest-bench")
    logger.logLevel = .critical
    return logger
}()
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("breath-ingest-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// CPU time (user + system) of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

/// Frames in the device → host transfers of a capture.
func frameCount(_ capture: CaptureFile) -> Int {
    var decoders: [Endpoint: FrameDecoder] = [:]
    var frames = 0
    for transfer in capture.transfers where transfer.endpoint != .commandOut {
        decoders[transfer.endpoint, default: FrameDecoder()].feed(transfer.bytes) { _ in frames += 1 }
    }
    return frames
}

/// Records one emulated run with `method` and returns its capture.
func recordSource(_ method: RunMethod) async throws -> CaptureFile {
    let directory = scratch.appendingPathComponent("source-\(method.samplePeriodMicros)")
    let recorder = RunRecorder(captureDirectory: directory, softwareVersion: BreathVersion.software, logger: logger)
    let run = try await recorder.record(
        over: EmulatorLink(configuration: EmulatorConfiguration(), pacing: .asFastAsPossible), method: method, source: "emulator")
    precondition(run.status == .complete, "the source run must be complete: \(run.reason ?? "")")
    return try CaptureFile(contentsOf: run.captureURL!)
}

func measureIngest(_ name: String, method: RunMethod) async throws {
    let source = try await recordSource(method)
    let frames = frameCount(source)
    let bytes = source.transfers.filter { $0.endpoint != .commandOut }.reduce(0) { $0 + $1.bytes.count }
    let transfers = source.transfers.filter { $0.endpoint != .commandOut }.count
    var timings: [Double] = []
    var samples = 0
    var lossless = true
    for attempt in 0..<repeats {
        let directory = scratch.appendingPathComponent("\(name)-\(attempt)")
        let recorder = RunRecorder(
            captureDirectory: directory, softwareVersion: BreathVersion.software,
            sessionOptions: .init(stallTimeout: nil, keepAliveInterval: nil), logger: logger)
        let start = ContinuousClock.now
        let run = try await recorder.record(
            over: ReplayLink(capture: source), method: source.header.method, source: "bench", runID: source.header.runID)
        timings.append(seconds(ContinuousClock.now - start))
        samples = run.acquisition.receivedSamples
        lossless = lossless && run.status == .complete && run.acquisition.missingSamples == 0
            && run.acquisition.verification == .verified && run.acquisition.sequenceGaps == 0
        try? FileManager.default.removeItem(at: directory)
    }
    let median = timings.sorted()[timings.count / 2]
    let period = Double(method.samplePeriodMicros) / 1e6
    let nominalSamplesPerSecond = 1 / period
    let samplesPerSecond = Double(samples) / median
    print(String(
        format: "%@: %d samples, %d frames, %d transfers, %.1f MB per run; median %.3f s of %d → "
            + "%.0f frames/s, %.3g samples/s, %.1f MB/s; %.0fx the device's nominal rate (%.0f samples/s); %@",
        name, samples, frames, transfers, Double(bytes) / 1e6, median, repeats, Double(frames) / median, samplesPerSecond,
        Double(bytes) / median / 1e6, samplesPerSecond / nominalSamplesPerSecond, nominalSamplesPerSecond,
        lossless ? "zero loss (totals verified every time)" : "LOSS: a run was not complete and verified"))
}

/// CPU of the process over `idleSeconds` while `setUp`'s objects sit idle.
func measureIdle(_ name: String, _ setUp: () async throws -> (@Sendable () async -> Void)) async throws {
    let tearDown = try await setUp()
    try await Task.sleep(for: .milliseconds(500))
    let cpuBefore = cpuSeconds()
    let start = ContinuousClock.now
    try await Task.sleep(for: .milliseconds(Int64(idleSeconds * 1000)))
    let wall = seconds(ContinuousClock.now - start)
    let cpu = cpuSeconds() - cpuBefore
    await tearDown()
    print(String(format: "%@: %.4f s CPU in %.1f s idle = %.3f %% of a core", name, cpu, wall, 100 * cpu / wall))
}

#if DEBUG
let build = "DEBUG build: figures not representative"
#else
let build = "release build"
#endif
print("Ingest through link + decoder + session + run acquisition + capture writer (\(build), \(ProcessInfo.processInfo.activeProcessorCount) cores)")
try await measureIngest("breath-screen-v1 (20 Hz, 3 channels)", method: .breathScreenV1)
var kilohertz = RunMethod.breathScreenV1
kilohertz.methodID = "bench-1khz"
kilohertz.samplePeriodMicros = 1_000
try await measureIngest("same run at 1 kHz", method: kilohertz)

print("Idle CPU (whole process; the link's own threads included)")
try await measureIdle("session connected to the emulator, no run, keep-alive every 5 s") {
    let session = DeviceSession(link: EmulatorLink(configuration: EmulatorConfiguration(), pacing: .realTime(speed: 1)), logger: logger)
    _ = try await session.connect()
    return { await session.close() }
}
try await measureIdle("libusb context with its event thread and hotplug registration, waiting for a device") {
    let context = try USBContext()
    let connector = USBConnector(context: context, match: .protocolDefault)
    return { withExtendedLifetime(connector) { context.shutdown() } }
}
