/// `SAMPLE_BLOCK`: consecutive detector samples, with the optional column-temperature and
/// carrier-pressure channels (PROTOCOL.md 4.8). Channels are stored de-interleaved.
public struct SampleBlock: PayloadCodable {
    /// Index of the first sample in the run (0 at the start of desorption).
    public var firstSampleIndex: UInt32
    public var samplePeriodMicros: UInt32
    /// Detector signal, µV.
    public var detector: [Float]
    /// Column temperature, °C; nil when the channel is absent.
    public var columnTemperatureC: [Float]?
    /// Carrier pressure, kPa; nil when the channel is absent.
    public var carrierPressureKPa: [Float]?

    /// Fixed payload bytes before the samples.
    public static let headerSize = 11

    /// The most samples one frame holds with `channelCount` channels.
    public static func maximumCount(channelCount: Int) -> Int {
        (Frame.maximumPayloadSize - headerSize) / (4 * channelCount)
    }

    /// A block; optional channels, when given, must have as many values as `detector`.
    public init(
        firstSampleIndex: UInt32, samplePeriodMicros: UInt32, detector: [Float],
        columnTemperatureC: [Float]? = nil, carrierPressureKPa: [Float]? = nil
    ) {
        precondition(columnTemperatureC.map { $0.count == detector.count } ?? true, "channel lengths differ")
        precondition(carrierPressureKPa.map { $0.count == detector.count } ?? true, "channel lengths differ")
        self.firstSampleIndex = firstSampleIndex
        self.samplePeriodMicros = samplePeriodMicros
        self.detector = detector
        self.columnTemperatureC = columnTemperatureC
        self.carrierPressureKPa = carrierPressureKPa
    }

    /// The `channel_mask` byte.
    public var channelMask: UInt8 {
        1 | (columnTemperatureC == nil ? 0 : 2) | (carrierPressureKPa == nil ? 0 : 4)
    }

    /// Samples in the block.
    public var count: Int { detector.count }

    public init(from reader: inout ByteReader) throws(MessageDecodingError) {
        firstSampleIndex = try reader.u32("first_sample_index")
        samplePeriodMicros = try reader.u32("sample_period_us")
        let mask = try reader.u8("channel_mask")
        guard mask & 1 != 0, mask & 0xF8 == 0 else {
            throw MessageDecodingError(field: "channel_mask", offset: 8, reason: "0x\(String(mask, radix: 16)) is not 1 + known channels")
        }
        let count = Int(try reader.u16("count"))
        guard count > 0 else { throw MessageDecodingError(field: "count", offset: 9, reason: "is 0") }
        let hasTemperature = mask & 2 != 0
        let hasPressure = mask & 4 != 0
        let channels = 1 + (hasTemperature ? 1 : 0) + (hasPressure ? 1 : 0)
        // Check the whole length first so a short block fails before any allocation.
        guard reader.remaining >= count * channels * 4 else {
            throw MessageDecodingError(
                field: "samples", offset: reader.offset,
                reason: "needs \(count * channels * 4) bytes, \(reader.remaining) left")
        }
        var detector = [Float](), temperature = [Float](), pressure = [Float]()
        detector.reserveCapacity(count)
        if hasTemperature { temperature.reserveCapacity(count) }
        if hasPressure { pressure.reserveCapacity(count) }
        for _ in 0..<count {
            detector.append(try reader.f32("detector"))
            if hasTemperature { temperature.append(try reader.f32("column_temperature")) }
            if hasPressure { pressure.append(try reader.f32("carrier_pressure")) }
        }
        self.detector = detector
        columnTemperatureC = hasTemperature ? temperature : nil
        carrierPressureKPa = hasPressure ? pressure : nil
    }

    public func write(to writer: inout ByteWriter) {
        writer.u32(firstSampleIndex)
        writer.u32(samplePeriodMicros)
        writer.u8(channelMask)
        writer.u16(UInt16(clamping: count))
        for index in 0..<count {
            writer.f32(detector[index])
            if let columnTemperatureC { writer.f32(columnTemperatureC[index]) }
            if let carrierPressureKPa { writer.f32(carrierPressureKPa[index]) }
        }
    }
}
