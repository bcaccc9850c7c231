/// One classifier feature of a run: the natural log of the compound's estimated breath
/// concentration (ppb), from its area over the internal standard's, per unit breath volume.
public struct FeatureValue: Sendable, Hashable, Codable {
    /// Target compound name.
    public var name: String
    /// ln(ppb). Below the limit of detection: ln(LOD / 2), the usual half-LOD substitution.
    public var value: Double
    /// Estimated concentration (ppb) when the compound was detected above its LOD.
    public var concentrationPPB: Double?
    /// This run's limit of detection for the compound (ppb).
    public var limitOfDetectionPPB: Double
    /// Area over the internal standard's when detected above the LOD (what carryover compares).
    public var areaRatio: Double?
    /// The limit of detection as an area over the internal standard's.
    public var limitOfDetectionAreaRatio: Double
    /// Whether the value comes from the targeted fit at the expected retention time rather
    /// than from a peak the detector reported.
    public var isTargetedFit: Bool
    /// Whether the compound was not detected above its LOD and `value` is a substitution.
    public var isBelowLimitOfDetection: Bool { concentrationPPB == nil }
}
