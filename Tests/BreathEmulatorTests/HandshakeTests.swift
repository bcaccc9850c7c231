import BreathEmulator
import BreathWire
import Testing

@Suite struct HandshakeTests {
    @Test func getInfoIsAnsweredWithDeviceInfoAsAResponse() throws {
        var configuration = EmulatorConfiguration()
        configuration.serial = "BGC1-TEST-0042"
        configuration.calibrationID = "CAL-TEST-7"
        var host = EmulatorHost(configuration: configuration)
        let sequence = host.send(.getInfo)

        #expect(sequence == 0)
        #expect(host.data.count == 1)
        #expect(host.events.isEmpty)
        let received = try #require(host.data.first)
        #expect(received.frame.flags.contains(.response))
        #expect(received.frame.sequence == 0)
        #expect(received.frame.versionMajor == 1)
        guard case .deviceInfo(let info) = received.message else {
            Issue.record("expected DEVICE_INFO, got \(received.message)")
            return
        }
        #expect(info.requestSequence == 0)
        #expect(info.serial == "BGC1-TEST-0042")
        #expect(info.calibrationID == "CAL-TEST-7")
        #expect(info.protocolMajor == 1)
        #expect(info.protocolMinor == 0)
        #expect(info.capabilities.contains([.photoionisationDetector, .columnTemperatureChannel, .carrierPressureChannel]))
        #expect(info.minSamplePeriodMicros <= RunMethod.breathScreenV1.samplePeriodMicros)
        #expect(info.maxSamplePeriodMicros >= RunMethod.breathScreenV1.samplePeriodMicros)
    }

    @Test func deviceInfoEchoesTheRequestSequence() throws {
        var host = EmulatorHost()
        host.send(.getInfo)
        host.send(.getStatus)
        let sequence = host.send(.getInfo)
        #expect(sequence == 2)
        guard case .deviceInfo(let info) = host.lastData else {
            Issue.record("expected DEVICE_INFO, got \(String(describing: host.lastData))")
            return
        }
        #expect(info.requestSequence == 2)
    }

    @Test func everyAnswerIsOnBulkInWithTheResponseFlagAndContiguousSequences() {
        var host = EmulatorHost()
        host.send(.getInfo)
        host.send(.getStatus)
        host.send(.keepAlive(counter: 7))
        host.send(.clockSync(hostTimeMicros: 1_234_567))
        host.send(.uploadMethod(.breathScreenV1))
        #expect(host.data.count == 5)
        #expect(host.events.isEmpty)
        #expect(host.data.allSatisfy { $0.frame.flags.contains(.response) })
        #expect(host.data.map(\.frame.sequence) == [0, 1, 2, 3, 4])
    }

    @Test func getInfoWithSequenceZeroRestartsTheDeviceCounters() {
        var host = EmulatorHost()
        host.send(.getInfo)
        host.send(.getStatus)
        host.send(.getStatus)
        // A new host claims the interface: its first GET_INFO has sequence 0 again.
        host.device.receive(Message.getInfo.frame(sequence: 0).encoded())
        host.collect()
        #expect(host.data.map(\.frame.sequence) == [0, 1, 2, 0])
    }

    @Test func keepAliveAndClockSyncAreAnsweredWithTheDeviceTime() {
        var host = EmulatorHost()
        host.send(.getInfo)
        host.advance(to: 2_500_000)
        let keepAlive = host.send(.keepAlive(counter: 41))
        guard case .keepAliveReply(let reply) = host.lastData else {
            Issue.record("expected KEEPALIVE_REPLY, got \(String(describing: host.lastData))")
            return
        }
        #expect(reply == KeepAliveReply(requestSequence: keepAlive, counter: 41, deviceTimeMicros: 2_500_000))

        let sync = host.send(.clockSync(hostTimeMicros: 1_700_000_000_123_456))
        guard case .clockSyncReply(let syncReply) = host.lastData else {
            Issue.record("expected CLOCK_SYNC_REPLY, got \(String(describing: host.lastData))")
            return
        }
        #expect(syncReply == ClockSyncReply(
            requestSequence: sync, hostTimeMicros: 1_700_000_000_123_456, deviceTimeMicros: 2_500_000))
    }

    @Test func ackRequestedOnADataCommandGetsBothTheDataAndAnAck() {
        var host = EmulatorHost()
        host.send(.getInfo)
        let sequence = host.send(.getStatus, flags: .ackRequested)
        #expect(host.data.count == 3)
        guard case .status(let status) = host.data[1].message else {
            Issue.record("expected STATUS first, got \(host.data[1].message)")
            return
        }
        #expect(status.requestSequence == sequence)
        #expect(host.data[2].message == .ack(Ack(requestSequence: sequence, requestType: MessageType.getStatus.rawValue)))
    }
}
