/// What produced a rendered peak.
public enum PeakKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A breath compound.
    case compound
    /// Unretained gas (air, CO2) disturbing the detector at the dead time.
    case unretained
    /// The internal standard added in a known amount to correct retention and response drift.
    case internalStandard
    /// Siloxane bleed from the column, septum or preconcentrator sorbent.
    case siloxane
}

/// Ground truth for one peak rendered into a synthetic chromatogram.
///
/// `apexTime` and `height` are those of this peak alone (not of the summed trace where peaks
/// overlap); they are computed once from `shape` when the value is created.
public struct TruthPeak: Sendable, Hashable, Codable {
    /// Compound or artifact name, when the peak has one.
    public let name: String?
    /// What produced the peak.
    public let kind: PeakKind
    /// The exact shape that was rendered.
    public let shape: EMGPeak
    /// Time of the peak's maximum (s).
    public let apexTime: Double
    /// Peak intensity at its apex, above the baseline.
    public let height: Double
    /// Retention index on the non-polar column, when known.
    public let retentionIndex: Double?

    /// Records a peak, deriving apex time and height from its shape.
    public init(name: String?, kind: PeakKind, shape: EMGPeak, retentionIndex: Double? = nil) {
        self.name = name
        self.kind = kind
        self.shape = shape
        self.apexTime = shape.apexTime
        self.height = shape.height
        self.retentionIndex = retentionIndex
    }

    /// Integrated area (intensity·s).
    public var area: Double { shape.area }
}
