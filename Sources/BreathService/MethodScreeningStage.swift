import BreathDevice
import BreathScreening
import BreathSignal
import BreathStore
import BreathWire
import Foundation
import Synchronization

/// Screening as the daemon runs it: the screening method's identification, features, QC and
/// model on each complete, analysed run, stored as a screening result with its audit entry.
///
/// A QC failure is stored too (with its reasons and no risk): the result says the sample
/// could not be screened. Every result names the model and the SHA-256 of its file.
public final class MethodScreeningStage: ScreeningStage {
    public let screener: Screener
    /// The last run's normalised feature areas, per device, for the carryover check.
    private let previousAreas = Mutex<[String: [String: Double]]>([:])

    public init(screener: Screener) {
        self.screener = screener
    }

    public func screen(
        run: RunRecord, analysis: RunAnalysis, deviceFaults: [Fault], context: RunContext, store: ResultStore
    ) async throws -> ScreeningReport {
        guard let runID = run.id else { throw ScreeningStageError.unstoredRun }
        guard let patient = Pseudonym(context.patientPseudonym) else { throw ScreeningStageError.noPatient }
        let sample = BreathSampleReport(
            exhaledVolumeML: run.breathVolumeML ?? 0, endTidalCO2Percent: run.breathCO2Percent ?? 0,
            durationS: run.breathDurationS ?? 0)
        let faults = deviceFaults.map(DeviceFaultReport.init)
        let previous = previousAreas.withLock { $0[run.deviceSerial] }
        let outcome = screener.screen(
            chromatogram: analysis.chromatogram, analysis: analysis.result, sample: sample, deviceFaults: faults,
            previousRunAreas: previous)
        previousAreas.withLock { $0[run.deviceSerial] = outcome.normalisedAreas }
        let content = try ScreeningResultContent(
            runID: runID, patient: patient, operatorName: context.operatorID, outcome: outcome, analysis: analysis.result,
            method: screener.method)
        try registerOperatorIfNew(context.operatorID, store: store)
        let id = try store.insertResult(content, actor: context.operatorID)
        return ScreeningReport(resultID: id, qcOutcome: content.qcOutcome.rawValue)
    }

    /// Operators are named when a run is started; the first result of a new one registers it
    /// (an audited entry), so no result is lost for want of a registration.
    private func registerOperatorIfNew(_ username: String, store: ResultStore) throws {
        guard try !store.operators().contains(where: { $0.username == username }) else { return }
        try store.registerOperator(username: username, displayName: username, actor: "breathd")
    }
}

/// Why a run could not be screened at all.
public enum ScreeningStageError: Error, CustomStringConvertible {
    case unstoredRun
    /// The run was started without a patient (the demo mode without one): nothing to file it under.
    case noPatient
    case badModelDigest

    public var description: String {
        switch self {
        case .badModelDigest: "the model's SHA-256 is not 64 hex digits"

        case .unstoredRun: "the run has no database id"
        case .noPatient: "the run has no patient pseudonym"
        }
    }
}

extension DeviceFaultReport {
    /// A device fault in screening's terms.
    public init(_ fault: Fault) {
        let severity: Severity = switch fault.severity {
        case .warning: .warning
        case .error: .error
        default: .fatal
        }
        self.init(code: fault.code.rawValue, name: "\(fault.code)", severity: severity)
    }
}

extension RunAcquisition {
    /// What the breath sampler reported, for screening's QC (zeros when it reported nothing,
    /// which QC then fails).
    public var breathSample: BreathSampleReport {
        BreathSampleReport(
            exhaledVolumeML: breathMetrics.map { Double($0.exhaledVolumeML) } ?? 0,
            endTidalCO2Percent: breathMetrics.map { Double($0.endTidalCO2Percent) } ?? 0,
            durationS: breathMetrics.map { Double($0.durationS) } ?? 0)
    }
}

extension ScreeningResultContent {
    /// The store's form of a screening outcome.
    init(
        runID: Int64, patient: Pseudonym, operatorName: String, outcome: ScreeningOutcome, analysis: AnalysisResult,
        method: ScreeningMethod
    ) throws {
        guard let digest = SHA256Digest(hex: outcome.modelSHA256) else { throw ScreeningStageError.badModelDigest }
        let qc: QCOutcome = switch outcome.status {
        case .pass: .pass
        case .warn: .warning
        case .fail: .fail
        }
        let assessment = outcome.risk.map {
            RiskAssessment(risk: $0.probability, category: RiskCategory(rawValue: $0.category.rawValue) ?? .indeterminate)
        }
        let concentrations = Dictionary(outcome.features.map { ($0.name, $0.concentrationPPB) }, uniquingKeysWith: { a, _ in a })
        let cas = Dictionary(method.targets.map { ($0.name, $0.cas) }, uniquingKeysWith: { a, _ in a })
        let compounds = outcome.peaks.compactMap { peak -> IdentifiedCompound? in
            guard let name = peak.name, peak.role != .unidentified else { return nil }
            return IdentifiedCompound(
                name: name, casNumber: cas[name] ?? nil, peakIndex: peak.peakIndex,
                concentrationPPB: concentrations[name] ?? nil, confidence: peak.confidence)
        }
        self.init(
            runID: runID, patient: patient, operatorName: operatorName, qcOutcome: qc,
            qcReasons: outcome.findings.map { QCReason(code: $0.code, detail: $0.detail) },
            assessment: qc == .fail ? nil : assessment,
            model: ModelIdentity(id: outcome.modelID, sha256: digest),
            methodVersion: "\(outcome.methodID) \(outcome.methodVersion)", softwareVersion: BreathVersion.software,
            peaks: analysis.peaks.map {
                ResultPeak(retentionTime: $0.retentionTime, start: $0.start, end: $0.end, height: $0.height, area: $0.area,
                           fwhm: $0.fwhm, snr: $0.snr)
            },
            compounds: compounds, features: outcome.features.map { ResultFeature(name: $0.name, value: $0.value) })
    }
}
