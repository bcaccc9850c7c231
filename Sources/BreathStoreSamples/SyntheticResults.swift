import BreathStore
import Foundation

/// Synthetic runs and screening results (not patient data) for the crash writer, the store
/// benchmark and tests: shaped like real ones (peaks, identified breath VOCs, model features,
/// each QC outcome), varied by a seeded generator so that a seed repeats its data exactly.
public enum SyntheticResults {
    /// The device every synthetic run comes from.
    public static let device = DeviceRecord(
        serial: "BGC1-SYNTH-0001", hardwareVersion: "rev C", firmwareVersion: "1.4.2", calibrationID: "CAL-2026-01",
        protocolVersion: "1.0", seenAt: Date(timeIntervalSince1970: 1_767_225_600))

    /// A short trace: results, not traces, are what these runs are for.
    public static let trace = RunTrace(detector: [0, 1, 2, 3], columnTemperature: nil, carrierPressure: nil)

    /// The model every synthetic result names.
    public static let model = ModelIdentity(
        id: "lung-voc-logistic-2026.1", sha256: SHA256Digest.of(Array("synthetic model".utf8)))

    /// A completed run that started at `startedAt`.
    public static func run(startedAt: Date) -> RunRecord {
        let uuid = UUID().uuidString.lowercased()
        return RunRecord(
            runUUID: uuid, deviceSerial: device.serial, methodID: "breath-screen-v1", source: "synthetic",
            status: .complete, statusReason: nil, startedAt: startedAt, endedAt: startedAt.addingTimeInterval(870),
            samplePeriodMicros: 50_000, sampleCount: 4, missingSamples: 0, sequenceGaps: 0, droppedBytes: 0,
            malformedFrames: 0, deviceOutcome: "completed", deviceFaultCode: nil, totalsVerified: true,
            breathVolumeML: 1000, breathCO2Percent: 5.1, breathHumidityPercent: 90, breathDurationS: 150,
            breathFlowMLPerMin: 400, capturePath: "/var/lib/breathd/captures/\(uuid).bcap")
    }

    /// Breath VOCs a screening identifies, with their CAS numbers.
    static let compounds = [
        ("acetone", "67-64-1"), ("isoprene", "78-79-5"), ("pentane", "109-66-0"), ("2-butanone", "78-93-3"),
        ("hexane", "110-54-3"), ("benzene", "71-43-2"), ("1-propanol", "71-23-8"), ("cyclohexane", "110-82-7"),
        ("ethanol", "64-17-5"), ("acetaldehyde", "75-07-0"),
    ]

    /// A screening result for run `runID`: 24 peaks, 10 compounds, 12 features; one in ten fails
    /// QC (no risk), one in five warns.
    public static func content<G: RandomNumberGenerator>(
        runID: Int64, patient: Pseudonym, operatorName: String, random: inout G
    ) -> ScreeningResultContent {
        let peaks = (0..<24).map { index in
            let apex = 60 + Double(index) * 30 + Double.random(in: -5...5, using: &random)
            let width = Double.random(in: 1.5...4, using: &random)
            let height = Double.random(in: 5...500, using: &random)
            return ResultPeak(
                retentionTime: apex, start: apex - 2 * width, end: apex + 2 * width, height: height,
                area: height * width * 1.064, fwhm: width, snr: height / Double.random(in: 0.5...2, using: &random))
        }
        let identified = compounds.enumerated().map { index, compound in
            IdentifiedCompound(
                name: compound.0, casNumber: compound.1, peakIndex: index * 2,
                concentrationPPB: Double.random(in: 0.5...800, using: &random),
                confidence: Double.random(in: 0.6...1, using: &random))
        }
        let features = (0..<12).map { ResultFeature(name: "f\($0)", value: Double.random(in: -3...3, using: &random)) }
        let roll = Int.random(in: 0..<10, using: &random)
        let outcome: QCOutcome = roll == 0 ? .fail : roll < 3 ? .warning : .pass
        let risk = Double.random(in: 0...1, using: &random)
        let category: RiskCategory = risk < 0.3 ? .low : risk < 0.7 ? .indeterminate : .high
        return ScreeningResultContent(
            runID: runID, patient: patient, operatorName: operatorName, qcOutcome: outcome,
            qcReasons: outcome == .pass ? [] : [QCReason(code: "LOW_BREATH_VOLUME", detail: "412 mL, below 500 mL")],
            assessment: outcome == .fail ? nil : RiskAssessment(risk: risk, category: category), model: model,
            methodVersion: "breath-screen-v1", softwareVersion: "0.1.0", peaks: peaks, compounds: identified,
            features: features)
    }
}

/// A small, seedable generator: data differ by seed and repeat exactly for one seed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose sequence `seed` fixes.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
