import BreathWire
import Testing

/// Code types keep unknown raw values and print them sensibly.
@Suite struct CodesTests {
    @Test(arguments: [
        (0x1234, "0x1234"), (0x000A, "0x000A"), (0x00FF, "0x00FF"), (0x0100, "0x0100"), (0xABCD, "0xABCD"),
        (0xFFFF, "0xFFFF"), (0x0010, "0x0010"),
    ] as [(UInt16, String)])
    func unknownFaultCodePrintsAsFourHexDigits(raw: UInt16, text: String) {
        // The case of hex letters is not specified; the digits and width are ("0xNNNN", 4.10).
        #expect(FaultCode(rawValue: raw).description.lowercased() == text.lowercased())
        #expect(FaultCode(rawValue: raw).description.hasPrefix("0x"))
    }

    @Test func knownFaultCodesPrintTheirSpecNames() {
        let names: [(FaultCode, String)] = [
            (.columnOvertemperature, "COLUMN_OVERTEMPERATURE"), (.carrierPressureLoss, "CARRIER_PRESSURE_LOSS"),
            (.detectorLampFailure, "DETECTOR_LAMP_FAILURE"), (.lowBreathVolume, "LOW_BREATH_VOLUME"),
            (.samplerTimeout, "SAMPLER_TIMEOUT"), (.heaterFailure, "HEATER_FAILURE"),
            (.bufferOverrun, "BUFFER_OVERRUN"), (.highHumidity, "HIGH_HUMIDITY"), (.internalError, "INTERNAL_ERROR"),
        ]
        for (index, (code, name)) in names.enumerated() {
            #expect(code.rawValue == UInt16(index + 1))
            #expect(code.description == name)
        }
    }

    @Test func nackCodesMatchTheSpecTable() {
        let names = [
            "BAD_STATE", "INVALID_METHOD", "NO_METHOD", "UNKNOWN_RUN", "UNSUPPORTED_VERSION", "MALFORMED", "BUSY",
            "UNKNOWN_TYPE", "FAULT_ACTIVE",
        ]
        for (index, name) in names.enumerated() {
            #expect(NackCode(rawValue: UInt16(index + 1)).description == name)
        }
        #expect(NackCode.malformed.rawValue == 6 && NackCode.unsupportedVersion.rawValue == 5)
        #expect(NackCode(rawValue: 0).description.contains("0"))
        #expect(NackCode(rawValue: 4660).description.contains("4660"))
    }

    @Test func unknownStatesPhasesSeveritiesAndOutcomesShowTheirValue() {
        #expect(DeviceState(rawValue: 7).description.contains("7"))
        #expect(RunPhase(rawValue: 6).description.contains("6"))
        #expect(FaultSeverity(rawValue: 3).description.contains("3"))
        #expect(RunOutcome(rawValue: 200).description.contains("200"))
        // Known ones do not look like unknown ones.
        #expect(DeviceState.fault.description == "fault")
        #expect(RunPhase.coolDown.description == "cool-down")
        #expect(FaultSeverity.fatal.description == "fatal")
        #expect(RunOutcome.aborted.description == "aborted")
    }

    @Test func rawValuesMatchTheSpec() {
        #expect([DeviceState.idle, .ready, .running, .fault].map(\.rawValue) == [0, 1, 2, 3])
        #expect([RunPhase.none, .breathSampling, .trap, .desorption, .separation, .coolDown].map(\.rawValue)
            == [0, 1, 2, 3, 4, 5])
        #expect([FaultSeverity.warning, .error, .fatal].map(\.rawValue) == [0, 1, 2])
        #expect([RunOutcome.completed, .aborted, .faulted].map(\.rawValue) == [0, 1, 2])
        #expect(RunPhase.breathSampling < .coolDown && FaultSeverity.warning < .fatal)
        #expect(DeviceCapabilities.clockSync.rawValue == 1 << 5)
        #expect(BreathMetricsFlags.durationLimitReached.rawValue == 1 << 2)
    }

    @Test func runIDPrintsAsLowercaseUUID() throws {
        #expect(MessageCatalog.runA.description == "3f2a9c4e-8b1d-4e7a-9c55-0d6b2e1f7a80")
        #expect(RunID(wire: RunID.none) == nil)
        #expect(RunID(wire: MessageCatalog.runA.uuid) == MessageCatalog.runA)
    }
}
