/// `UPLOAD_METHOD`: how the device samples breath and runs the separation (PROTOCOL.md 4.5).
public struct RunMethod: PayloadCodable, Codable {
    public var methodID: String
    public var samplePeriodMicros: UInt32
    public var breathTargetVolumeML: UInt16
    public var breathMaxDurationS: UInt16
    public var trapDurationS: UInt16
    public var desorptionTemperatureC: Float
    public var desorptionDurationS: UInt16
    public var carrierPressureKPa: Float
    /// 0 = x1, 1 = x10, 2 = x100.
    public var detectorGain: UInt8
    public var initialTemperatureC: Float
    public var initialHoldS: UInt16
    public var ramps: [TemperatureRamp]
    public var coolDownS: UInt16

    /// The most ramps a method may hold.
    public static let maximumRamps = 8

    public init(
        methodID: String, samplePeriodMicros: UInt32, breathTargetVolumeML: UInt16, breathMaxDurationS: UInt16,
        trapDurationS: UInt16, desorptionTemperatureC: Float, desorptionDurationS: UInt16, carrierPressureKPa: Float,
        detectorGain: UInt8, initialTemperatureC: Float, initialHoldS: UInt16, ramps: [TemperatureRamp],
        coolDownS: UInt16
    ) {
        self.methodID = methodID
        self.samplePeriodMicros = samplePeriodMicros
        self.breathTargetVolumeML = breathTargetVolumeML
        self.breathMaxDurationS = breathMaxDurationS
        self.trapDurationS = trapDurationS
        self.desorptionTemperatureC = desorptionTemperatureC
        self.desorptionDurationS = desorptionDurationS
        self.carrierPressureKPa = carrierPressureKPa
        self.detectorGain = detectorGain
        self.initialTemperatureC = initialTemperatureC
        self.initialHoldS = initialHoldS
        self.ramps = ramps
        self.coolDownS = coolDownS
    }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        methodID = try reader.string("method_id")
        samplePeriodMicros = try reader.u32("sample_period_us")
        breathTargetVolumeML = try reader.u16("breath_target_volume_ml")
        breathMaxDurationS = try reader.u16("breath_max_duration_s")
        trapDurationS = try reader.u16("trap_duration_s")
        desorptionTemperatureC = try reader.f32("desorption_temperature_c")
        desorptionDurationS = try reader.u16("desorption_duration_s")
        carrierPressureKPa = try reader.f32("carrier_pressure_kpa")
        detectorGain = try reader.u8("detector_gain")
        let rampCount = Int(try reader.u8("ramp_count"))
        initialTemperatureC = try reader.f32("initial_temperature_c")
        initialHoldS = try reader.u16("initial_hold_s")
        ramps = []
        for _ in 0..<rampCount {
            ramps.append(TemperatureRamp(
                rateCPerMin: try reader.f32("rate_c_per_min"),
                targetTemperatureC: try reader.f32("target_temperature_c"),
                holdS: try reader.u16("hold_s")))
        }
        coolDownS = try reader.u16("cool_down_s")
    }

    public func write(to writer: inout ByteWriter) {
        writer.string(methodID)
        writer.u32(samplePeriodMicros)
        writer.u16(breathTargetVolumeML)
        writer.u16(breathMaxDurationS)
        writer.u16(trapDurationS)
        writer.f32(desorptionTemperatureC)
        writer.u16(desorptionDurationS)
        writer.f32(carrierPressureKPa)
        writer.u8(detectorGain)
        writer.u8(UInt8(clamping: ramps.count))
        writer.f32(initialTemperatureC)
        writer.u16(initialHoldS)
        for ramp in ramps.prefix(255) {
            writer.f32(ramp.rateCPerMin)
            writer.f32(ramp.targetTemperatureC)
            writer.u16(ramp.holdS)
        }
        writer.u16(coolDownS)
    }

    /// How long the separation phase lasts, in seconds (PROTOCOL.md 4.5).
    public var separationDuration: Double {
        var total = Double(initialHoldS)
        var previous = Double(initialTemperatureC)
        for ramp in ramps {
            total += (Double(ramp.targetTemperatureC) - previous) / Double(ramp.rateCPerMin) * 60 + Double(ramp.holdS)
            previous = Double(ramp.targetTemperatureC)
        }
        return total
    }

    /// The oven temperature `t` seconds into the separation.
    public func columnTemperature(at t: Double) -> Double {
        var elapsed = t - Double(initialHoldS)
        var temperature = Double(initialTemperatureC)
        guard elapsed > 0 else { return temperature }
        for ramp in ramps {
            let rampTime = (Double(ramp.targetTemperatureC) - temperature) / Double(ramp.rateCPerMin) * 60
            if elapsed < rampTime { return temperature + elapsed * Double(ramp.rateCPerMin) / 60 }
            elapsed -= rampTime + Double(ramp.holdS)
            temperature = Double(ramp.targetTemperatureC)
            if elapsed <= 0 { return temperature }
        }
        return temperature
    }

    /// The first field that is out of range, named as on the wire, or nil when the method is valid
    /// for a device sampling between `samplePeriods` microseconds.
    public func invalidField(samplePeriods: ClosedRange<UInt32>) -> String? {
        if methodID.isEmpty { return "method_id" }
        if !samplePeriods.contains(samplePeriodMicros) { return "sample_period_us" }
        if breathTargetVolumeML == 0 { return "breath_target_volume_ml" }
        if breathMaxDurationS == 0 { return "breath_max_duration_s" }
        if !(50...350).contains(desorptionTemperatureC) { return "desorption_temperature_c" }
        if !(1...700).contains(carrierPressureKPa) { return "carrier_pressure_kpa" }
        if detectorGain > 2 { return "detector_gain" }
        if ramps.count > RunMethod.maximumRamps { return "ramp_count" }
        if !(0...300).contains(initialTemperatureC) { return "initial_temperature_c" }
        var previous = initialTemperatureC
        for ramp in ramps {
            if !(ramp.rateCPerMin > 0 && ramp.rateCPerMin <= 600) { return "rate_c_per_min" }
            if !(ramp.targetTemperatureC > previous && ramp.targetTemperatureC <= 300) { return "target_temperature_c" }
            previous = ramp.targetTemperatureC
        }
        return nil
    }
}

/// One segment of the oven's temperature program.
public struct TemperatureRamp: Sendable, Hashable, Codable {
    public var rateCPerMin: Float
    public var targetTemperatureC: Float
    public var holdS: UInt16

    public init(rateCPerMin: Float, targetTemperatureC: Float, holdS: UInt16) {
        self.rateCPerMin = rateCPerMin
        self.targetTemperatureC = targetTemperatureC
        self.holdS = holdS
    }
}

extension RunMethod {
    /// The reference breath-screening method: 20 Hz detector sampling, up to 180 s / 1 L of
    /// breath, and a 600 s separation (40 °C for 30 s, 12 °C/min to 150 °C, 20 s hold), so that
    /// a whole run takes about 14.5 minutes.
    public static let breathScreenV1 = RunMethod(
        methodID: "breath-screen-v1", samplePeriodMicros: 50_000, breathTargetVolumeML: 1000,
        breathMaxDurationS: 180, trapDurationS: 20, desorptionTemperatureC: 250, desorptionDurationS: 10,
        carrierPressureKPa: 70, detectorGain: 1, initialTemperatureC: 40, initialHoldS: 30,
        ramps: [TemperatureRamp(rateCPerMin: 12, targetTemperatureC: 150, holdS: 20)], coolDownS: 60)
}

extension RunMethod {
    /// The acquisition the shipped screening method (`Screening/breath-screening-method.json`)
    /// is calibrated for: the reference separation sampled at 10 Hz with detector gain code 2
    /// (x100), so trace-level compounds stand clear of the noise.
    public static let breathLCScreenV1: RunMethod = {
        var method = RunMethod.breathScreenV1
        method.methodID = "breath-lc-screen-v1"
        method.samplePeriodMicros = 100_000
        method.detectorGain = 2
        return method
    }()
}
