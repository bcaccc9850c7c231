import Foundation

/// How the run's quality control came out.
public enum QCOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every check passed.
    case pass
    /// A check raised a concern; the result stands, with its reasons.
    case warning
    /// The run cannot be screened; such a result never has a risk category.
    case fail
}

/// The screening category the risk falls into.
public enum RiskCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case low, indeterminate, high
}

/// One reason behind a QC outcome (e.g. `LOW_BREATH_VOLUME`, "412 mL, below 500 mL").
public struct QCReason: Sendable, Hashable, Codable {
    /// A stable code for programs.
    public var code: String
    /// What was measured, for people; may be empty.
    public var detail: String

    public init(code: String, detail: String) {
        self.code = code
        self.detail = detail
    }
}

/// The classifier's answer: a risk in 0...1 and the category it falls into.
public struct RiskAssessment: Sendable, Hashable, Codable {
    /// The model's probability of lung cancer, 0...1.
    public var risk: Double
    public var category: RiskCategory

    public init(risk: Double, category: RiskCategory) {
        self.risk = risk
        self.category = category
    }
}

/// Which classification model produced a result: its name and the SHA-256 of its file.
public struct ModelIdentity: Sendable, Hashable, Codable {
    public var id: String
    public var sha256: SHA256Digest

    public init(id: String, sha256: SHA256Digest) {
        self.id = id
        self.sha256 = sha256
    }
}

/// A detected chromatographic peak: times in seconds from injection, height and area in
/// detector units, full width at half maximum in seconds, signal-to-noise ratio.
public struct ResultPeak: Sendable, Hashable, Codable {
    public var retentionTime: Double
    public var start: Double
    public var end: Double
    public var height: Double
    public var area: Double
    public var fwhm: Double
    public var snr: Double

    public init(retentionTime: Double, start: Double, end: Double, height: Double, area: Double, fwhm: Double, snr: Double) {
        self.retentionTime = retentionTime
        self.start = start
        self.end = end
        self.height = height
        self.area = area
        self.fwhm = fwhm
        self.snr = snr
    }
}

/// A compound identified in the breath, optionally tied to the peak it was read from.
public struct IdentifiedCompound: Sendable, Hashable, Codable {
    public var name: String
    public var casNumber: String?
    /// Index into the result's peaks.
    public var peakIndex: Int?
    public var concentrationPPB: Double?
    /// How sure the identification is, 0...1.
    public var confidence: Double

    public init(name: String, casNumber: String?, peakIndex: Int?, concentrationPPB: Double?, confidence: Double) {
        self.name = name
        self.casNumber = casNumber
        self.peakIndex = peakIndex
        self.concentrationPPB = concentrationPPB
        self.confidence = confidence
    }
}

/// A named input of the classification model.
public struct ResultFeature: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// What a screening result says: everything but when, by whom and as what it was recorded.
public struct ScreeningResultContent: Sendable, Hashable, Codable {
    /// The stored run (database id) the result was computed from.
    public var runID: Int64
    public var patient: Pseudonym
    /// The username of the registered operator responsible for the screening.
    public var operatorName: String
    public var qcOutcome: QCOutcome
    /// Why QC did not pass; at least one when it failed.
    public var qcReasons: [QCReason]
    /// Nil exactly when the QC outcome is `fail`.
    public var assessment: RiskAssessment?
    public var model: ModelIdentity
    /// The version of the screening method (acquisition and analysis settings).
    public var methodVersion: String
    /// The version of the software that computed the result.
    public var softwareVersion: String
    public var peaks: [ResultPeak]
    public var compounds: [IdentifiedCompound]
    public var features: [ResultFeature]

    public init(
        runID: Int64, patient: Pseudonym, operatorName: String, qcOutcome: QCOutcome, qcReasons: [QCReason],
        assessment: RiskAssessment?, model: ModelIdentity, methodVersion: String, softwareVersion: String,
        peaks: [ResultPeak], compounds: [IdentifiedCompound], features: [ResultFeature]
    ) {
        self.runID = runID
        self.patient = patient
        self.operatorName = operatorName
        self.qcOutcome = qcOutcome
        self.qcReasons = qcReasons
        self.assessment = assessment
        self.model = model
        self.methodVersion = methodVersion
        self.softwareVersion = softwareVersion
        self.peaks = peaks
        self.compounds = compounds
        self.features = features
    }
}

/// A stored screening result: its content and how it entered the record.
public struct ScreeningResult: Sendable, Hashable, Codable {
    public var id: Int64
    public var content: ScreeningResultContent
    /// When the breath sample was taken (the run's start).
    public var sampledAt: Date
    /// When this row was written.
    public var recordedAt: Date
    /// Who recorded this row: for a correction, who corrected.
    public var recordedBy: String
    /// The result this one corrects, or nil for an original result.
    public var supersedes: Int64?
    public var correctionReason: String?

    /// A result from its parts (the store makes them; exports and their tests take them).
    public init(
        id: Int64, content: ScreeningResultContent, sampledAt: Date, recordedAt: Date, recordedBy: String, supersedes: Int64?,
        correctionReason: String?
    ) {
        self.id = id
        self.content = content
        self.sampledAt = sampledAt
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.supersedes = supersedes
        self.correctionReason = correctionReason
    }
}

/// A result and its corrections, oldest first; the last version is the one in force.
public struct ResultHistory: Sendable, Hashable, Codable {
    public var versions: [ScreeningResult]

    /// A history of at least one version, oldest first.
    public init(versions: [ScreeningResult]) {
        precondition(!versions.isEmpty, "a result history has at least one version")
        self.versions = versions
    }

    /// The version in force.
    public var current: ScreeningResult { versions[versions.count - 1] }
}

/// One line of a result listing: enough to find the result, without its peaks and features.
public struct ResultSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var runID: Int64
    public var patient: Pseudonym
    /// When the breath sample was taken (the run's start).
    public var sampledAt: Date
    /// When the result (this version of it) was written.
    public var recordedAt: Date
    public var qcOutcome: QCOutcome
    /// Nil when QC failed.
    public var assessment: RiskAssessment?
    public var modelID: String
    /// The result this one corrects, if it is a correction.
    public var supersedes: Int64?
}
