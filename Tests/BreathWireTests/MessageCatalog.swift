import BreathWire
import Foundation
import Testing

/// A message to round-trip, with the frame header fields to send it with.
struct CatalogEntry: Sendable, CustomTestStringConvertible {
    var name: String
    var message: Message
    var sequence: UInt16 = 1
    var flags: FrameFlags = []

    var testDescription: String { name }

    /// The known type of the message, or nil for `.unknown`.
    var knownType: MessageType? {
        if case .unknown = message { return nil }
        return MessageType(rawValue: message.typeCode)
    }
}

/// Messages of every type with varied and edge-case values.
enum MessageCatalog {
    static let runA = RunID(UUID(uuidString: "3f2a9c4e-8b1d-4e7a-9c55-0d6b2e1f7a80")!)
    static let runMax = RunID(UUID(uuid: (
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)))
    /// A run id whose bytes are 00 01 02 ... 0F, to catch byte-order mistakes.
    static let runCounting = RunID(UUID(uuidString: "00010203-0405-0607-0809-0a0b0c0d0e0f")!)

    /// Exactly 255 bytes of UTF-8 mixing 1-, 2-, 3- and 4-byte characters.
    static let longestText: String = {
        var text = "Ω€😀 "  // 2 + 3 + 4 + 1 bytes
        while text.utf8.count + 4 <= 255 { text += "😀" }
        while text.utf8.count < 255 { text += "a" }
        return text
    }()

    static let twoRamps = RunMethod(
        methodID: "breath-screen-v1", samplePeriodMicros: 10_000, breathTargetVolumeML: 1000,
        breathMaxDurationS: 180, trapDurationS: 20, desorptionTemperatureC: 250, desorptionDurationS: 10,
        carrierPressureKPa: 70, detectorGain: 1, initialTemperatureC: 40, initialHoldS: 60,
        ramps: [
            TemperatureRamp(rateCPerMin: 10, targetTemperatureC: 150, holdS: 0),
            TemperatureRamp(rateCPerMin: 25, targetTemperatureC: 280, holdS: 120),
        ],
        coolDownS: 60)

    static func samples(_ count: Int, seed: UInt64, scale: Float) -> [Float] {
        var random = XorShift64(seed: seed)
        return (0..<count).map { _ in Float(Int32(truncatingIfNeeded: random.next() >> 40)) * scale / 8_388_608 }
    }

    static func maximumBlock(channels: Int, temperature: Bool, pressure: Bool) -> SampleBlock {
        let count = SampleBlock.maximumCount(channelCount: channels)
        return SampleBlock(
            firstSampleIndex: 123_456, samplePeriodMicros: 1000, detector: samples(count, seed: 1, scale: 5000),
            columnTemperatureC: temperature ? samples(count, seed: 2, scale: 300) : nil,
            carrierPressureKPa: pressure ? samples(count, seed: 3, scale: 700) : nil)
    }

    static let entries: [CatalogEntry] = [
        // Host → device
        CatalogEntry(name: "GET_INFO seq 0", message: .getInfo, sequence: 0),
        CatalogEntry(name: "GET_INFO seq 65535 ack requested", message: .getInfo, sequence: 65535, flags: .ackRequested),
        CatalogEntry(name: "GET_STATUS", message: .getStatus, sequence: 2),
        CatalogEntry(name: "UPLOAD_METHOD breath-screen-v1", message: .uploadMethod(.breathScreenV1), flags: .ackRequested),
        CatalogEntry(name: "UPLOAD_METHOD two ramps", message: .uploadMethod(twoRamps)),
        CatalogEntry(name: "UPLOAD_METHOD eight ramps", message: .uploadMethod({
            var method = RunMethod.breathScreenV1
            method.ramps = (1...8).map {
                TemperatureRamp(rateCPerMin: Float($0) * 2.5, targetTemperatureC: 40 + Float($0) * 30, holdS: UInt16($0))
            }
            return method
        }())),
        CatalogEntry(name: "UPLOAD_METHOD empty id, no ramps, extremes", message: .uploadMethod(RunMethod(
            methodID: "", samplePeriodMicros: .max, breathTargetVolumeML: .max, breathMaxDurationS: 0,
            trapDurationS: .max, desorptionTemperatureC: -273.15, desorptionDurationS: 0,
            carrierPressureKPa: .greatestFiniteMagnitude, detectorGain: .max, initialTemperatureC: -.infinity,
            initialHoldS: .max, ramps: [], coolDownS: .max))),
        CatalogEntry(name: "UPLOAD_METHOD 255-byte id", message: .uploadMethod({
            var method = RunMethod.breathScreenV1
            method.methodID = longestText
            return method
        }())),
        CatalogEntry(name: "START_RUN", message: .startRun(StartRun(runID: runA, hostTimeMicros: 1_764_374_400_123_456))),
        CatalogEntry(name: "START_RUN extremes", message: .startRun(StartRun(runID: runMax, hostTimeMicros: .max)), sequence: 65535),
        CatalogEntry(name: "ABORT_RUN", message: .abortRun(runCounting)),
        CatalogEntry(name: "KEEPALIVE 0", message: .keepAlive(counter: 0), sequence: 0),
        CatalogEntry(name: "KEEPALIVE max", message: .keepAlive(counter: .max), sequence: 65535),
        CatalogEntry(name: "CLOCK_SYNC", message: .clockSync(hostTimeMicros: 1_764_374_405_123_456)),
        CatalogEntry(name: "CLOCK_SYNC max", message: .clockSync(hostTimeMicros: .max)),

        // Device → host
        CatalogEntry(name: "ACK", message: .ack(Ack(requestSequence: 1, requestType: 0x03)), flags: .response),
        CatalogEntry(name: "ACK extremes, reserved flags", message: .ack(Ack(requestSequence: 65535, requestType: 0xFF)),
                     sequence: 65535, flags: FrameFlags(rawValue: 0xFC)),
        CatalogEntry(name: "NACK invalid method", message: .nack(Nack(
            requestSequence: 1, requestType: 0x03, code: .invalidMethod, detail: "ramps[1].target_temperature_c"))),
        CatalogEntry(name: "NACK busy, empty detail", message: .nack(Nack(
            requestSequence: 300, requestType: 0x04, code: .busy, detail: ""))),
        CatalogEntry(name: "NACK unknown code, 255-byte detail", message: .nack(Nack(
            requestSequence: 65535, requestType: 0x3F, code: NackCode(rawValue: 0xFFFF), detail: longestText))),
        CatalogEntry(name: "DEVICE_INFO", message: .deviceInfo(DeviceInfo(
            requestSequence: 0, serial: "BGC1-000123", hardwareVersion: "rev C", firmwareVersion: "1.4.2",
            protocolMajor: 1, protocolMinor: 0, capabilities: [.photoionisationDetector, .clockSync],
            calibrationID: "CAL-2025-11-03-A", minSamplePeriodMicros: 1000, maxSamplePeriodMicros: 100_000))),
        CatalogEntry(name: "DEVICE_INFO empty strings", message: .deviceInfo(DeviceInfo(
            requestSequence: 7, serial: "", hardwareVersion: "", firmwareVersion: "", protocolMajor: 2,
            protocolMinor: 9, capabilities: [], calibrationID: "", minSamplePeriodMicros: 0, maxSamplePeriodMicros: 0))),
        CatalogEntry(name: "DEVICE_INFO 255-byte strings, all capability bits", message: .deviceInfo(DeviceInfo(
            requestSequence: 65535, serial: longestText, hardwareVersion: longestText, firmwareVersion: longestText,
            protocolMajor: 255, protocolMinor: 255, capabilities: DeviceCapabilities(rawValue: .max),
            calibrationID: longestText, minSamplePeriodMicros: .max, maxSamplePeriodMicros: .max))),
        CatalogEntry(name: "STATUS idle, no run, no fault", message: .status(DeviceStatus(
            requestSequence: 9, state: .idle, phase: .none, runID: nil, deviceTimeMicros: 4_000_000,
            columnTemperatureC: 37, carrierPressureKPa: -12.5, activeFault: nil))),
        CatalogEntry(name: "STATUS running", message: .status(DeviceStatus(
            requestSequence: 41, state: .running, phase: .separation, runID: runA, deviceTimeMicros: 523_000_250,
            columnTemperatureC: 187.5, carrierPressureKPa: 70.25, activeFault: nil))),
        CatalogEntry(name: "STATUS fault, unknown state and phase", message: .status(DeviceStatus(
            requestSequence: 65535, state: DeviceState(rawValue: 200), phase: RunPhase(rawValue: 77), runID: runMax,
            deviceTimeMicros: .max, columnTemperatureC: .infinity, carrierPressureKPa: -0.0,
            activeFault: FaultCode(rawValue: 0xBEEF)))),
        CatalogEntry(name: "PHASE_CHANGED breath sampling", message: .phaseChanged(PhaseChange(
            runID: runA, phase: .breathSampling, runTimeMillis: 0))),
        CatalogEntry(name: "PHASE_CHANGED cool-down, max time", message: .phaseChanged(PhaseChange(
            runID: runCounting, phase: .coolDown, runTimeMillis: .max))),
        CatalogEntry(name: "BREATH_METRICS", message: .breathMetrics(BreathMetrics(
            runID: runA, exhaledVolumeML: 750, endTidalCO2Percent: 5.25, relativeHumidityPercent: 87.5,
            durationS: 180, meanFlowMLPerMin: 250, flags: [.volumeBelowTarget, .durationLimitReached]))),
        CatalogEntry(name: "BREATH_METRICS odd values, all flag bits", message: .breathMetrics(BreathMetrics(
            runID: runMax, exhaledVolumeML: .leastNonzeroMagnitude, endTidalCO2Percent: -1,
            relativeHumidityPercent: 100, durationS: 0.1, meanFlowMLPerMin: .greatestFiniteMagnitude,
            flags: BreathMetricsFlags(rawValue: 0xFF)))),
        CatalogEntry(name: "SAMPLE_BLOCK one detector sample", message: .sampleBlock(SampleBlock(
            firstSampleIndex: 0, samplePeriodMicros: 50_000, detector: [12.5]))),
        CatalogEntry(name: "SAMPLE_BLOCK detector and temperature", message: .sampleBlock(SampleBlock(
            firstSampleIndex: .max, samplePeriodMicros: .max, detector: [1, -2, 3],
            columnTemperatureC: [40, 40.25, 40.5]))),
        CatalogEntry(name: "SAMPLE_BLOCK detector and pressure", message: .sampleBlock(SampleBlock(
            firstSampleIndex: 1004, samplePeriodMicros: 10_000, detector: [4.5, 4.75],
            carrierPressureKPa: [70, 69.875]))),
        CatalogEntry(name: "SAMPLE_BLOCK all channels", message: .sampleBlock(SampleBlock(
            firstSampleIndex: 96, samplePeriodMicros: 10_000, detector: [8.5, 9], columnTemperatureC: [120, 120.25],
            carrierPressureKPa: [70, 70]))),
        CatalogEntry(name: "SAMPLE_BLOCK maximum, 1 channel", message: .sampleBlock(
            maximumBlock(channels: 1, temperature: false, pressure: false)), sequence: 65535),
        CatalogEntry(name: "SAMPLE_BLOCK maximum, 2 channels (temperature)", message: .sampleBlock(
            maximumBlock(channels: 2, temperature: true, pressure: false))),
        CatalogEntry(name: "SAMPLE_BLOCK maximum, 2 channels (pressure)", message: .sampleBlock(
            maximumBlock(channels: 2, temperature: false, pressure: true))),
        CatalogEntry(name: "SAMPLE_BLOCK maximum, 3 channels", message: .sampleBlock(
            maximumBlock(channels: 3, temperature: true, pressure: true))),
        CatalogEntry(name: "RUN_COMPLETE completed", message: .runComplete(RunComplete(
            runID: runA, outcome: .completed, totalSamples: 48_000, totalBlocks: 960, runDurationMillis: 905_250,
            detectorCRC32C: 3_237_998_146, fault: nil))),
        CatalogEntry(name: "RUN_COMPLETE faulted", message: .runComplete(RunComplete(
            runID: runCounting, outcome: .faulted, totalSamples: .max, totalBlocks: .max, runDurationMillis: .max,
            detectorCRC32C: .max, fault: .columnOvertemperature))),
        CatalogEntry(name: "RUN_COMPLETE unknown outcome and fault", message: .runComplete(RunComplete(
            runID: runMax, outcome: RunOutcome(rawValue: 9), totalSamples: 0, totalBlocks: 0, runDurationMillis: 0,
            detectorCRC32C: 0, fault: FaultCode(rawValue: 0xFFFF)))),
        CatalogEntry(name: "FAULT during run", message: .fault(Fault(
            code: .columnOvertemperature, severity: .error, runID: runA, runTimeMillis: 640_125,
            message: "column temperature 312.5 °C exceeds the 300 °C limit"))),
        CatalogEntry(name: "FAULT no run, empty message", message: .fault(Fault(
            code: .internalError, severity: .fatal, runID: nil, runTimeMillis: 0, message: ""))),
        CatalogEntry(name: "FAULT unknown code and severity, 255-byte message", message: .fault(Fault(
            code: FaultCode(rawValue: 0x1234), severity: FaultSeverity(rawValue: 0xFF), runID: runMax,
            runTimeMillis: .max, message: longestText))),
        CatalogEntry(name: "KEEPALIVE_REPLY", message: .keepAliveReply(KeepAliveReply(
            requestSequence: 65535, counter: 1234, deviceTimeMicros: 7_200_000_123))),
        CatalogEntry(name: "KEEPALIVE_REPLY extremes", message: .keepAliveReply(KeepAliveReply(
            requestSequence: 0, counter: .max, deviceTimeMicros: .max)), sequence: 0),
        CatalogEntry(name: "CLOCK_SYNC_REPLY", message: .clockSyncReply(ClockSyncReply(
            requestSequence: 7, hostTimeMicros: 1_764_374_405_123_456, deviceTimeMicros: 7_205_000_456))),
        CatalogEntry(name: "CLOCK_SYNC_REPLY extremes", message: .clockSyncReply(ClockSyncReply(
            requestSequence: 65535, hostTimeMicros: .max, deviceTimeMicros: 0))),

        // Types this version does not know
        CatalogEntry(name: "unknown host type 0x08, empty", message: .unknown(type: 0x08, payload: [])),
        CatalogEntry(name: "unknown device type 0x8B", message: .unknown(type: 0x8B, payload: [1, 2, 3, 0xB7, 0xEA])),
        CatalogEntry(name: "unknown type 0xFF, maximum payload", message: .unknown(
            type: 0xFF, payload: (0..<Frame.maximumPayloadSize).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
            sequence: 65535),
    ]
}
