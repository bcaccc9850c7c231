import BreathWire
import Foundation

/// A decoded field, in the shape the vectors give it.
enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    case unsigned(UInt64)
    case float(Float)
    case string(String)
    case bool(Bool)
    case array([FieldValue])
    case object([String: FieldValue])

    var description: String {
        switch self {
        case .unsigned(let value): "\(value)"
        case .float(let value): "\(value)f"
        case .string(let value): "\"\(value)\""
        case .bool(let value): "\(value)"
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

private func u<T: BinaryInteger>(_ value: T) -> FieldValue { .unsigned(UInt64(value)) }
private func f(_ value: Float) -> FieldValue { .float(value) }
private func s(_ value: String) -> FieldValue { .string(value) }
private func uuid(_ value: UUID) -> FieldValue { .string(value.uuidString.lowercased()) }
private func uuid(_ value: RunID?) -> FieldValue { uuid(value?.uuid ?? RunID.none) }

extension Message {
    /// The message's fields named as in PROTOCOL.md's payload tables (the vectors' `message`).
    var vectorFields: [String: FieldValue] {
        switch self {
        case .getInfo, .getStatus:
            return [:]
        case .uploadMethod(let m):
            return [
                "method_id": s(m.methodID), "sample_period_us": u(m.samplePeriodMicros),
                "breath_target_volume_ml": u(m.breathTargetVolumeML), "breath_max_duration_s": u(m.breathMaxDurationS),
                "trap_duration_s": u(m.trapDurationS), "desorption_temperature_c": f(m.desorptionTemperatureC),
                "desorption_duration_s": u(m.desorptionDurationS), "carrier_pressure_kpa": f(m.carrierPressureKPa),
                "detector_gain": u(m.detectorGain), "ramp_count": u(m.ramps.count),
                "initial_temperature_c": f(m.initialTemperatureC), "initial_hold_s": u(m.initialHoldS),
                "ramps": .array(m.ramps.map {
                    .object([
                        "rate_c_per_min": f($0.rateCPerMin), "target_temperature_c": f($0.targetTemperatureC),
                        "hold_s": u($0.holdS),
                    ])
                }),
                "cool_down_s": u(m.coolDownS),
            ]
        case .startRun(let m):
            return ["run_id": uuid(m.runID), "host_time_us": u(m.hostTimeMicros)]
        case .abortRun(let run):
            return ["run_id": uuid(run)]
        case .keepAlive(let counter):
            return ["counter": u(counter)]
        case .clockSync(let hostTime):
            return ["host_time_us": u(hostTime)]
        case .ack(let m):
            return ["request_sequence": u(m.requestSequence), "request_type": u(m.requestType)]
        case .nack(let m):
            return [
                "request_sequence": u(m.requestSequence), "request_type": u(m.requestType),
                "error_code": u(m.code.rawValue), "detail": s(m.detail),
            ]
        case .deviceInfo(let m):
            return [
                "request_sequence": u(m.requestSequence), "serial": s(m.serial),
                "hardware_version": s(m.hardwareVersion), "firmware_version": s(m.firmwareVersion),
                "protocol_major": u(m.protocolMajor), "protocol_minor": u(m.protocolMinor),
                "capabilities": u(m.capabilities.rawValue), "calibration_id": s(m.calibrationID),
                "min_sample_period_us": u(m.minSamplePeriodMicros), "max_sample_period_us": u(m.maxSamplePeriodMicros),
            ]
        case .status(let m):
            return [
                "request_sequence": u(m.requestSequence), "state": u(m.state.rawValue), "phase": u(m.phase.rawValue),
                "run_id": uuid(m.runID), "device_time_us": u(m.deviceTimeMicros),
                "column_temperature_c": f(m.columnTemperatureC), "carrier_pressure_kpa": f(m.carrierPressureKPa),
                "active_fault_code": u(m.activeFault?.rawValue ?? 0),
            ]
        case .phaseChanged(let m):
            return ["run_id": uuid(m.runID), "phase": u(m.phase.rawValue), "run_time_ms": u(m.runTimeMillis)]
        case .breathMetrics(let m):
            return [
                "run_id": uuid(m.runID), "exhaled_volume_ml": f(m.exhaledVolumeML),
                "end_tidal_co2_percent": f(m.endTidalCO2Percent),
                "relative_humidity_percent": f(m.relativeHumidityPercent), "duration_s": f(m.durationS),
                "mean_flow_ml_min": f(m.meanFlowMLPerMin), "flags": u(m.flags.rawValue),
            ]
        case .sampleBlock(let m):
            let samples: [FieldValue] = (0..<m.count).map { index in
                var channels = [f(m.detector[index])]
                if let temperature = m.columnTemperatureC { channels.append(f(temperature[index])) }
                if let pressure = m.carrierPressureKPa { channels.append(f(pressure[index])) }
                return .array(channels)
            }
            return [
                "first_sample_index": u(m.firstSampleIndex), "sample_period_us": u(m.samplePeriodMicros),
                "channel_mask": u(m.channelMask), "count": u(m.count), "samples": .array(samples),
            ]
        case .runComplete(let m):
            return [
                "run_id": uuid(m.runID), "status": u(m.outcome.rawValue), "total_samples": u(m.totalSamples),
                "total_blocks": u(m.totalBlocks), "run_duration_ms": u(m.runDurationMillis),
                "detector_crc32c": u(m.detectorCRC32C), "fault_code": u(m.fault?.rawValue ?? 0),
            ]
        case .fault(let m):
            return [
                "code": u(m.code.rawValue), "severity": u(m.severity.rawValue), "run_id": uuid(m.runID),
                "run_time_ms": u(m.runTimeMillis), "message": s(m.message),
            ]
        case .keepAliveReply(let m):
            return [
                "request_sequence": u(m.requestSequence), "counter": u(m.counter),
                "device_time_us": u(m.deviceTimeMicros),
            ]
        case .clockSyncReply(let m):
            return [
                "request_sequence": u(m.requestSequence), "host_time_us": u(m.hostTimeMicros),
                "device_time_us": u(m.deviceTimeMicros),
            ]
        case .unknown:
            return ["unknown": .bool(true)]
        }
    }
}

/// Differences between the vectors' fields and decoded ones, one line per field; empty when equal.
/// Integers must be equal integers; an `f32` must be exactly the Float the JSON number denotes.
func fieldDifferences(expected: [String: JSONValue], actual: [String: FieldValue], path: String = "") -> [String] {
    var differences: [String] = []
    for key in Set(expected.keys).union(actual.keys).sorted() {
        let name = path.isEmpty ? key : "\(path).\(key)"
        switch (expected[key], actual[key]) {
        case (let want?, let got?): differences += valueDifferences(expected: want, actual: got, path: name)
        case (let want?, nil): differences.append("\(name): expected \(want), not decoded")
        case (nil, let got?): differences.append("\(name): decoded \(got), not in the vector")
        case (nil, nil): break
        }
    }
    return differences
}

private func valueDifferences(expected: JSONValue, actual: FieldValue, path: String) -> [String] {
    let same: Bool
    switch (expected, actual) {
    case (.integer(let want), .unsigned(let got)):
        same = want >= 0 && UInt64(want) == got
    case (.integer(let want), .float(let got)):
        same = Float(exactly: Double(want)).map { $0 == got } ?? false
    case (.number(let want), .float(let got)):
        same = Float(exactly: want).map { $0 == got } ?? false
    case (.string(let want), .string(let got)):
        same = want == got
    case (.bool(let want), .bool(let got)):
        same = want == got
    case (.array(let want), .array(let got)):
        guard want.count == got.count else {
            return ["\(path): expected \(want.count) elements, decoded \(got.count)"]
        }
        return zip(want, got).enumerated().flatMap { index, pair in
            valueDifferences(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]")
        }
    case (.object(let want), .object(let got)):
        return fieldDifferences(expected: want, actual: got, path: path)
    default:
        same = false
    }
    return same ? [] : ["\(path): expected \(expected), decoded \(actual)"]
}
