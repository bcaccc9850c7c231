import BreathWire

/// Collects one run's events from a ``DeviceSession`` into index-aligned channels and
/// cross-checks them against the device's `RUN_COMPLETE` totals. A pure value: feed it
/// events, read the result.
public struct RunAcquisition: Sendable {
    public let runID: RunID
    /// Detector values by sample index; NaN where a sample never arrived.
    public private(set) var detector: [Float] = []
    public private(set) var columnTemperature: [Float] = []
    public private(set) var carrierPressure: [Float] = []
    public private(set) var samplePeriodMicros: UInt32?
    /// Which sample indices have arrived.
    private var received: [Bool] = []
    /// Blocks dropped because their first index lies implausibly far ahead (a corrupt index
    /// that passed the CRC must not make the host allocate gigabytes).
    public private(set) var implausibleBlocks = 0
    /// Frames missing according to sequence numbers, all endpoints.
    public private(set) var sequenceGaps = 0
    public private(set) var malformedFrames = 0
    /// Periods of silence the session's watchdog reported during the run.
    public private(set) var stalls: [Duration] = []
    public private(set) var phases: [PhaseChange] = []
    public private(set) var faults: [Fault] = []
    public private(set) var breathMetrics: BreathMetrics?
    public private(set) var completion: RunComplete?
    /// Set when the link ended before `RUN_COMPLETE`.
    public private(set) var linkEnded: LinkError??
    public private(set) var blocksReceived = 0
    private var hasTemperature = false
    private var hasPressure = false

    public init(runID: RunID) {
        self.runID = runID
    }

    /// A run of missing samples.
    public struct SampleGap: Sendable, Hashable {
        public var firstIndex: Int
        public var count: Int
    }

    /// Whether the run is over: completed by the device or cut off by the link.
    public var isFinished: Bool { completion != nil || linkEnded != nil }

    /// The most samples a run may hold: 2.7 hours at 1 kHz, ten times a real run.
    public static let maximumSamples = 10_000_000

    /// Samples that arrived.
    public var receivedSamples: Int { received.count - missingSamples }

    /// Samples known to be missing: indices below the highest received one that never arrived.
    public var missingSamples: Int { received.reduce(0) { $0 + ($1 ? 0 : 1) } }

    /// Runs of missing samples, as (first index, count), in index order.
    public var sampleGaps: [SampleGap] {
        var gaps: [SampleGap] = []
        var index = 0
        while index < received.count {
            guard !received[index] else {
                index += 1
                continue
            }
            let first = index
            while index < received.count, !received[index] { index += 1 }
            gaps.append(SampleGap(firstIndex: first, count: index - first))
        }
        return gaps
    }

    /// Applies one session event. Events of other runs are ignored.
    public mutating func apply(_ event: SessionEvent) {
        switch event {
        case .phaseChanged(let change) where change.runID == runID: phases.append(change)
        case .breathMetrics(let metrics) where metrics.runID == runID: breathMetrics = metrics
        case .fault(let fault) where fault.runID == nil || fault.runID == runID: faults.append(fault)
        case .runComplete(let complete) where complete.runID == runID: completion = complete
        case .samples(let block) where completion == nil: append(block)
        case .sequenceGap(_, let missing): sequenceGaps += missing
        case .malformedFrame: malformedFrames += 1
        case .stalled(let silence) where completion == nil: stalls.append(silence)
        case .linkClosed(let reason) where completion == nil: linkEnded = .some(reason)
        default: break
        }
    }

    private mutating func append(_ block: SampleBlock) {
        blocksReceived += 1
        samplePeriodMicros = samplePeriodMicros ?? block.samplePeriodMicros
        hasTemperature = hasTemperature || block.columnTemperatureC != nil
        hasPressure = hasPressure || block.carrierPressureKPa != nil
        let first = Int(block.firstSampleIndex)
        guard first + block.count <= RunAcquisition.maximumSamples else {
            implausibleBlocks += 1
            return
        }
        if first > detector.count {
            let padding = [Float](repeating: .nan, count: first - detector.count)
            detector += padding
            columnTemperature += padding
            carrierPressure += padding
            received += [Bool](repeating: false, count: padding.count)
        }
        for (offset, value) in block.detector.enumerated() {
            let index = first + offset
            let temperature = block.columnTemperatureC?[offset] ?? .nan
            let pressure = block.carrierPressureKPa?[offset] ?? .nan
            if index < detector.count {
                // A late block fills its gap; a repeated one (a device retry) overwrites the
                // same samples, which the block count in the totals check then reports.
                detector[index] = value
                columnTemperature[index] = temperature
                carrierPressure[index] = pressure
                received[index] = true
            } else {
                detector.append(value)
                columnTemperature.append(temperature)
                carrierPressure.append(pressure)
                received.append(true)
            }
        }
    }

    /// How the received data compares with the device's totals.
    public var verification: Verification {
        guard let completion else { return .noTotals }
        var problems: [String] = []
        if Int(completion.totalSamples) != receivedSamples {
            problems.append("device sent \(completion.totalSamples) samples, \(receivedSamples) arrived")
        }
        if Int(completion.totalBlocks) != blocksReceived {
            problems.append("device sent \(completion.totalBlocks) blocks, \(blocksReceived) arrived")
        }
        // The device's CRC runs over the values in index order, whatever order they came in.
        var bytes = [UInt8]()
        bytes.reserveCapacity(4 * detector.count)
        for value in detector { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        if completion.detectorCRC32C != CRC32C.checksum(bytes) {
            problems.append("detector CRC differs")
        }
        return problems.isEmpty ? .verified : .mismatch(problems)
    }

    /// The result of the totals cross-check.
    public enum Verification: Sendable, Hashable {
        case verified
        case mismatch([String])
        /// The run ended without `RUN_COMPLETE`.
        case noTotals
    }

    /// Temperature and pressure channels, when the device sent them.
    public var channels: (temperature: [Float]?, pressure: [Float]?) {
        (hasTemperature ? columnTemperature : nil, hasPressure ? carrierPressure : nil)
    }
}
