import BreathTestSupport
import BreathDevice
import BreathEmulator
import BreathWire
import Foundation

/// Connects, uploads breath-screen-v1 and starts a run, all within the timeout.
func startRun(on session: DeviceSession, runID: RunID, method: RunMethod = .breathScreenV1) async throws {
    try await withTimeout {
        _ = try await session.connect()
        try await session.upload(method)
        try await session.startRun(runID, hostTimeMicros: 1_700_000_000_000_000)
    }
}

/// Feeds the session's events into an acquisition until the run is finished or the events end.
func acquire(_ session: DeviceSession, runID: RunID) async throws -> RunAcquisition {
    try await withTimeout {
        var acquisition = RunAcquisition(runID: runID)
        for await event in session.events {
            acquisition.apply(event)
            if acquisition.isFinished { break }
        }
        return acquisition
    }
}

/// Collects session events until `stop` says enough (or the events end).
func events(of session: DeviceSession, until stop: @escaping @Sendable ([SessionEvent]) -> Bool) async throws -> [SessionEvent] {
    try await withTimeout {
        var seen: [SessionEvent] = []
        for await event in session.events {
            seen.append(event)
            if stop(seen) { break }
        }
        return seen
    }
}

/// The detector trace of a fault-free breath-screen-v1 run of `configuration`, taken straight
/// from the emulator without any link: the reference a session's result is compared with.
func referenceDetector(_ configuration: EmulatorConfiguration) -> (detector: [Float], temperature: [Float]) {
    var clean = configuration
    clean.faults = []
    var device = EmulatedDevice(configuration: clean)
    let commands: [Message] = [
        .getInfo, .uploadMethod(.breathScreenV1), .startRun(StartRun(runID: RunID(), hostTimeMicros: 0)),
    ]
    for (sequence, command) in commands.enumerated() { device.receive(command.frame(sequence: UInt16(sequence)).encoded()) }
    while let next = device.nextEventTime { device.advance(to: next) }
    var decoder = FrameDecoder()
    var detector: [Float] = [], temperature: [Float] = []
    for output in device.takeOutput() where output.endpoint == .dataIn {
        for frame in decoder.feed(output.bytes) {
            if case .sampleBlock(let block) = try? Message(frame: frame) {
                detector += block.detector
                temperature += block.columnTemperatureC ?? []
            }
        }
    }
    return (detector, temperature)
}

/// Whether two float arrays hold the same bits (NaN equal to NaN).
func sameBits(_ a: some Collection<Float>, _ b: some Collection<Float>) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
}
