import BreathEmulator
import BreathWire
import Testing

@Suite struct DisconnectTests {
    @Test func deviceVanishesAtTheRunTimeAndSendsNothingAfterwards() throws {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.disconnect(atRunTime: 300.2)]
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.startRun()
        host.runToIdle()

        #expect(host.device.isDisconnected)
        #expect(host.device.nextEventTime == nil)
        #expect(host.device.now == 300_200_000)
        #expect(host.completions.isEmpty)
        #expect(host.data.allSatisfy { $0.deviceTime < 300_200_000 })
        #expect(host.events.allSatisfy { $0.deviceTime < 300_200_000 })
        #expect(host.detector.count == Int((300_000_000 - ReferenceRun.desorption) / 50_000) + 1)

        let before = host.rawOutput.count
        host.send(.getStatus)
        host.send(.getInfo)
        host.device.advance(to: 2_000_000_000)
        host.collect()
        #expect(host.rawOutput.count == before)
        #expect(host.device.now == 300_200_000)
    }

    @Test func disconnectBeforeTheRunStartsNeverHappens() {
        var configuration = EmulatorConfiguration()
        configuration.faults = [.disconnect(atRunTime: 10)]
        var host = EmulatorHost(configuration: configuration)
        host.connectAndUpload()
        host.advance(to: 60_000_000)
        #expect(!host.device.isDisconnected)
        host.startRun()
        host.runToIdle()
        #expect(host.device.isDisconnected)
        #expect(host.device.now == 70_000_000)
    }
}
