import BreathEmulator
import BreathWire
import Foundation
import Testing

@Suite struct DeterminismTests {
    /// The same host script against a device: connect, upload, a keep-alive, a run with a
    /// status request in the middle, to the end.
    static func script(_ configuration: EmulatorConfiguration, runID: RunID) -> EmulatorHost {
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.send(.keepAlive(counter: 1))
        host.advance(to: 1_000_000)
        host.startRun(runID)
        host.advance(to: 400_000_000)
        host.send(.getStatus)
        host.runToIdle()
        return host
    }

    static let runID = RunID(UUID(uuidString: "6F1C2B0E-4D3A-4E8B-9C7D-2A1B3C4D5E6F")!)

    @Test func sameConfigurationAndCommandsGiveByteIdenticalOutput() {
        var configuration = EmulatorConfiguration()
        configuration.seed = 99
        let first = Self.script(configuration, runID: Self.runID)
        let second = Self.script(configuration, runID: Self.runID)
        #expect(first.rawOutput.count > 1_000)
        #expect(first.rawOutput == second.rawOutput)
    }

    @Test func jumpingTheClockInOneStepGivesTheSameBytesAsEventByEvent() {
        var stepped = EmulatorHost()
        stepped.connectAndUpload()
        stepped.startRun(Self.runID)
        stepped.runToIdle()

        var jumped = EmulatorHost()
        jumped.connectAndUpload()
        jumped.startRun(Self.runID)
        jumped.device.advance(to: 10_000_000_000)
        jumped.collect()

        #expect(stepped.runCompleted)
        #expect(stepped.rawOutput == jumped.rawOutput)
    }

    @Test func differentSeedGivesDifferentSamples() {
        var one = EmulatorConfiguration()
        one.seed = 1
        var two = EmulatorConfiguration()
        two.seed = 2
        let first = Self.script(one, runID: Self.runID)
        let second = Self.script(two, runID: Self.runID)
        #expect(first.detector.count == ReferenceRun.sampleCount)
        #expect(second.detector.count == ReferenceRun.sampleCount)
        #expect(first.detector != second.detector)
        // Not merely one value: the traces differ throughout.
        let differing = zip(first.detector, second.detector).filter { $0 != $1 }.count
        #expect(differing > ReferenceRun.sampleCount / 2)
    }

    @Test func secondRunOfOneDeviceHasFreshNoise() {
        var host = EmulatorHost()
        host.connectAndUpload()
        host.startRun()
        host.runToIdle()
        let first = host.detector
        host.startRun()
        host.runToIdle()
        let second = Array(host.detector.dropFirst(first.count))
        #expect(second.count == first.count)
        #expect(second != first)
    }
}
