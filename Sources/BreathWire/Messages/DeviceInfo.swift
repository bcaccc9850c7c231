/// `DEVICE_INFO`: who the device is and what it can do (PROTOCOL.md 4.3).
public struct DeviceInfo: PayloadCodable, Codable {
    public var requestSequence: UInt16
    public var serial: String
    public var hardwareVersion: String
    public var firmwareVersion: String
    public var protocolMajor: UInt8
    public var protocolMinor: UInt8
    public var capabilities: DeviceCapabilities
    /// The calibration record in force, recorded with every run.
    public var calibrationID: String
    public var minSamplePeriodMicros: UInt32
    public var maxSamplePeriodMicros: UInt32

    public init(
        requestSequence: UInt16, serial: String, hardwareVersion: String, firmwareVersion: String,
        protocolMajor: UInt8, protocolMinor: UInt8, capabilities: DeviceCapabilities, calibrationID: String,
        minSamplePeriodMicros: UInt32, maxSamplePeriodMicros: UInt32
    ) {
        self.requestSequence = requestSequence
        self.serial = serial
        self.hardwareVersion = hardwareVersion
        self.firmwareVersion = firmwareVersion
        self.protocolMajor = protocolMajor
        self.protocolMinor = protocolMinor
        self.capabilities = capabilities
        self.calibrationID = calibrationID
        self.minSamplePeriodMicros = minSamplePeriodMicros
        self.maxSamplePeriodMicros = maxSamplePeriodMicros
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        requestSequence = try reader.u16("request_sequence")
        serial = try reader.string("serial")
        hardwareVersion = try reader.string("hardware_version")
        firmwareVersion = try reader.string("firmware_version")
        protocolMajor = try reader.u8("protocol_major")
        protocolMinor = try reader.u8("protocol_minor")
        capabilities = DeviceCapabilities(rawValue: try reader.u32("capabilities"))
        calibrationID = try reader.string("calibration_id")
        minSamplePeriodMicros = try reader.u32("min_sample_period_us")
        maxSamplePeriodMicros = try reader.u32("max_sample_period_us")
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(requestSequence)
        writer.string(serial)
        writer.string(hardwareVersion)
        writer.string(firmwareVersion)
        writer.u8(protocolMajor)
        writer.u8(protocolMinor)
        writer.u32(capabilities.rawValue)
        writer.string(calibrationID)
        writer.u32(minSamplePeriodMicros)
        writer.u32(maxSamplePeriodMicros)
    }
}

/// Capability bits of `DEVICE_INFO`.
public struct DeviceCapabilities: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let photoionisationDetector = DeviceCapabilities(rawValue: 1 << 0)
    public static let columnTemperatureChannel = DeviceCapabilities(rawValue: 1 << 1)
    public static let carrierPressureChannel = DeviceCapabilities(rawValue: 1 << 2)
    public static let breathSamplerMetrics = DeviceCapabilities(rawValue: 1 << 3)
    public static let internalStandard = DeviceCapabilities(rawValue: 1 << 4)
    public static let clockSync = DeviceCapabilities(rawValue: 1 << 5)
}

/// `STATUS`: the device's state right now (PROTOCOL.md 4.4).
public struct DeviceStatus: PayloadCodable {
    public var requestSequence: UInt16
    public var state: DeviceState
    public var phase: RunPhase
    /// The current run, or nil when none.
    public var runID: RunID?
    public var deviceTimeMicros: UInt64
    public var columnTemperatureC: Float
    public var carrierPressureKPa: Float
    /// The unresolved fault, or nil when none.
    public var activeFault: FaultCode?

    public init(
        requestSequence: UInt16, state: DeviceState, phase: RunPhase, runID: RunID?, deviceTimeMicros: UInt64,
        columnTemperatureC: Float, carrierPressureKPa: Float, activeFault: FaultCode?
    ) {
        self.requestSequence = requestSequence
        self.state = state
        self.phase = phase
        self.runID = runID
        self.deviceTimeMicros = deviceTimeMicros
        self.columnTemperatureC = columnTemperatureC
        self.carrierPressureKPa = carrierPressureKPa
        self.activeFault = activeFault
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        requestSequence = try reader.u16("request_sequence")
        state = DeviceState(rawValue: try reader.u8("state"))
        phase = RunPhase(rawValue: try reader.u8("phase"))
        runID = RunID(wire: try reader.uuid("run_id"))
        deviceTimeMicros = try reader.u64("device_time_us")
        columnTemperatureC = try reader.f32("column_temperature_c")
        carrierPressureKPa = try reader.f32("carrier_pressure_kpa")
        let fault = try reader.u16("active_fault_code")
        activeFault = fault == 0 ? nil : FaultCode(rawValue: fault)
    }

    public func write(to writer: inout ByteWriter) {
        writer.u16(requestSequence)
        writer.u8(state.rawValue)
        writer.u8(phase.rawValue)
        writer.uuid(runID.wire)
        writer.u64(deviceTimeMicros)
        writer.f32(columnTemperatureC)
        writer.f32(carrierPressureKPa)
        writer.u16(activeFault?.rawValue ?? 0)
    }
}
