import BreathEmulator
import BreathWire
import Testing

/// UPLOAD_METHOD, START_RUN and ABORT_RUN accepted and refused (PROTOCOL.md 4.1, 4.5, 4.6).
@Suite struct CommandRefusalTests {
    @Test func validMethodIsAcknowledgedAndMakesTheDeviceReady() {
        var host = EmulatorHost()
        host.send(.getInfo)
        #expect(host.device.state == .idle)
        let sequence = host.send(.uploadMethod(.breathScreenV1))
        #expect(host.lastData == .ack(Ack(requestSequence: sequence, requestType: MessageType.uploadMethod.rawValue)))
        #expect(host.data.last?.frame.flags.contains(.response) == true)
        #expect(host.device.state == .ready)
    }

    static let invalidMethods: [(String, RunMethod)] = {
        func method(_ change: (inout RunMethod) -> Void) -> RunMethod {
            var method = RunMethod.breathScreenV1
            change(&method)
            return method
        }
        let ramp = TemperatureRamp(rateCPerMin: 10, targetTemperatureC: 100, holdS: 0)
        return [
            ("method_id", method { $0.methodID = "" }),
            ("sample_period_us", method { $0.samplePeriodMicros = 999 }),
            ("sample_period_us", method { $0.samplePeriodMicros = 100_001 }),
            ("breath_target_volume_ml", method { $0.breathTargetVolumeML = 0 }),
            ("breath_max_duration_s", method { $0.breathMaxDurationS = 0 }),
            ("desorption_temperature_c", method { $0.desorptionTemperatureC = 400 }),
            ("desorption_temperature_c", method { $0.desorptionTemperatureC = .nan }),
            ("carrier_pressure_kpa", method { $0.carrierPressureKPa = 0 }),
            ("detector_gain", method { $0.detectorGain = 3 }),
            ("ramp_count", method { $0.ramps = Array(repeating: ramp, count: 9) }),
            ("initial_temperature_c", method { $0.initialTemperatureC = 301 }),
            ("rate_c_per_min", method { $0.ramps[0].rateCPerMin = 0 }),
            ("target_temperature_c", method { $0.ramps[0].targetTemperatureC = 30 }),
            ("target_temperature_c", method { $0.ramps[0].targetTemperatureC = 310 }),
        ]
    }()

    @Test(arguments: invalidMethods)
    func invalidMethodIsRefusedNamingTheField(field: String, method: RunMethod) {
        var host = EmulatorHost()
        host.send(.getInfo)
        let sequence = host.send(.uploadMethod(method))
        #expect(host.lastData == .nack(Nack(
            requestSequence: sequence, requestType: MessageType.uploadMethod.rawValue, code: .invalidMethod, detail: field)))
        #expect(host.device.state == .idle)
    }

    @Test func invalidMethodKeepsThePreviousOne() {
        var host = EmulatorHost()
        host.connectAndUpload()
        var bad = RunMethod.breathScreenV1
        bad.detectorGain = 9
        host.send(.uploadMethod(bad))
        #expect(host.nacks.map(\.code) == [.invalidMethod])
        #expect(host.device.state == .ready)
        host.startRun()
        #expect(host.acks.last?.requestType == MessageType.startRun.rawValue)
    }

    @Test func startRunWithoutAMethodIsRefusedWithNoMethod() {
        var host = EmulatorHost()
        host.send(.getInfo)
        let sequence = host.send(.startRun(StartRun(runID: RunID(), hostTimeMicros: 0)))
        guard case .nack(let nack) = host.lastData else {
            Issue.record("expected NACK, got \(String(describing: host.lastData))")
            return
        }
        #expect(nack.requestSequence == sequence)
        #expect(nack.requestType == MessageType.startRun.rawValue)
        #expect(nack.code == .noMethod)
        #expect(host.events.isEmpty)
        #expect(host.device.state == .idle)
        #expect(host.device.nextEventTime == nil)
    }

    @Test func startRunWhileRunningIsRefusedWithBadState() {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        let first = host.startRun()
        host.advance(toRunTime: 100, from: start)
        let sequence = host.send(.startRun(StartRun(runID: RunID(), hostTimeMicros: 0)))
        guard case .nack(let nack) = host.lastData else {
            Issue.record("expected NACK, got \(String(describing: host.lastData))")
            return
        }
        #expect(nack.requestSequence == sequence)
        #expect(nack.code == .badState)
        // The run in progress is untouched.
        host.runToIdle()
        #expect(host.completions.map(\.runID) == [first])
        #expect(host.completions.first?.outcome == .completed)
    }

    @Test func uploadWhileRunningIsRefusedWithBadState() {
        var host = EmulatorHost()
        host.connectAndUpload()
        let start = host.device.now
        host.startRun()
        host.advance(toRunTime: 10, from: start)
        host.send(.uploadMethod(.breathScreenV1))
        #expect(host.nacks.map(\.code) == [.badState])
    }

    @Test func abortWithoutARunIsRefusedWithBadState() {
        var host = EmulatorHost()
        host.connectAndUpload()
        host.send(.abortRun(RunID()))
        #expect(host.nacks.map(\.code) == [.badState])
    }

    @Test(arguments: [UInt8(0x08), 0x3F, 0x40, 0x7F])
    func unknownCommandTypeIsRefusedWithUnknownType(type: UInt8) {
        var host = EmulatorHost()
        host.send(.getInfo)
        let sequence = host.send(type: type, payload: [1, 2, 3])
        #expect(host.nacks.count == 1)
        #expect(host.nacks.first?.requestSequence == sequence)
        #expect(host.nacks.first?.requestType == type)
        #expect(host.nacks.first?.code == .unknownType)
    }

    @Test func deviceToHostTypeSentToTheDeviceIsRefusedWithUnknownType() {
        var host = EmulatorHost()
        host.send(.getInfo)
        let sequence = host.send(.ack(Ack(requestSequence: 0, requestType: 1)))
        #expect(host.nacks.count == 1)
        #expect(host.nacks.first?.requestSequence == sequence)
        #expect(host.nacks.first?.requestType == MessageType.ack.rawValue)
        #expect(host.nacks.first?.code == .unknownType)
    }

    @Test(arguments: [
        (MessageType.startRun.rawValue, [UInt8](repeating: 0xAA, count: 17)),
        (MessageType.abortRun.rawValue, [UInt8](repeating: 1, count: 15)),
        (MessageType.keepAlive.rawValue, [UInt8](repeating: 1, count: 3)),
        (MessageType.uploadMethod.rawValue, [UInt8]([3, 0x66, 0xFF, 0x66])),  // method_id not UTF-8
        (MessageType.uploadMethod.rawValue, [UInt8]()),
    ])
    func malformedPayloadIsRefusedWithMalformed(type: UInt8, payload: [UInt8]) {
        var host = EmulatorHost()
        host.connectAndUpload()
        let sequence = host.send(type: type, payload: payload)
        #expect(host.nacks.count == 1)
        #expect(host.nacks.first?.requestSequence == sequence)
        #expect(host.nacks.first?.requestType == type)
        #expect(host.nacks.first?.code == .malformed)
        #expect(host.device.state == .ready)
    }

    @Test func frameOfMajorVersionTwoIsRefusedWithUnsupportedVersion() {
        var host = EmulatorHost()
        host.send(.getInfo)
        host.send(type: MessageType.getStatus.rawValue, payload: [], versionMajor: 2)
        #expect(host.data.count == 2)
        let answer = host.data.last
        #expect(answer?.frame.versionMajor == 1)
        #expect(answer?.frame.flags.contains(.response) == true)
        #expect(answer?.message == .nack(Nack(
            requestSequence: 0, requestType: 0, code: .unsupportedVersion, detail: "this device speaks protocol 1.x")))
    }

    @Test func validFrameAfterAForeignVersionFrameIsStillAnswered() {
        var host = EmulatorHost()
        host.send(.getInfo)
        var bytes = Frame(type: MessageType.getStatus.rawValue, sequence: 1, payload: [], versionMajor: 2).encoded()
        bytes += Message.getStatus.frame(sequence: 2).encoded()
        host.device.receive(bytes)
        host.collect()
        #expect(host.nacks.map(\.code) == [.unsupportedVersion])
        guard case .status(let status) = host.lastData else {
            Issue.record("expected STATUS, got \(String(describing: host.lastData))")
            return
        }
        #expect(status.requestSequence == 2)
    }
}
