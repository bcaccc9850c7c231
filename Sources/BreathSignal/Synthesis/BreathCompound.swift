import Foundation

/// Direction of the change in lung cancer reported in the literature.
public enum LungCancerDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reported higher in cases.
    case higher
    /// Reported lower in cases.
    case lower
    /// No difference reported, or not a disease marker (smoking, diet, contaminant).
    case none
    /// Reported inconsistently, or reported without a consistent direction.
    case mixed
}

/// One breath volatile organic compound as this synthetic model uses it.
///
/// Values come from the project's breath reference table (literature approximations, not
/// measurements): see ``BreathCompound/all`` for how ranges became numbers.
public struct BreathCompound: Sendable, Hashable, Codable {
    /// Common name, unique in the table.
    public let name: String
    /// CAS registry number (two joined by "/" for the co-eluting m/p-xylene pair).
    public let cas: String
    /// Retention index on a non-polar column (midpoint where the reference gives a range).
    public let retentionIndex: Double
    /// Response of a 10.6 eV PID relative to a well-seen compound (1): 0 for compounds whose
    /// ionisation energy is above the lamp's (methanol, acetonitrile), 0.2 for weak responders.
    public let pidResponse: Double
    /// Typical healthy breath level (ppb): the geometric centre of the reported range, or the
    /// reported median.
    public let typicalLevel: Double
    /// Between-person geometric standard deviation of the level (log-normal spread).
    public let geometricSD: Double
    /// Reported direction in lung cancer.
    public let direction: LungCancerDirection
    /// Whether the compound mainly marks smoking (a confounder, not disease).
    public let isSmokingMarker: Bool
    /// Whether ``BreathSample/caseLike(seed:markerPrevalence:foldRange:)`` may change it: one of
    /// a few markers with a reported direction and the better-supported evidence.
    public let isCaseMarker: Bool

    /// Creates a compound. `direction` must be `.higher` or `.lower` for a case marker.
    public init(
        name: String, cas: String, retentionIndex: Double, pidResponse: Double,
        typicalLevel: Double, geometricSD: Double, direction: LungCancerDirection,
        isSmokingMarker: Bool, isCaseMarker: Bool
    ) {
        precondition(typicalLevel > 0 && geometricSD >= 1, "level must be positive, GSD at least 1")
        precondition(pidResponse >= 0, "PID response must be non-negative")
        precondition(
            !isCaseMarker || direction == .higher || direction == .lower,
            "a case marker needs a direction")
        self.name = name
        self.cas = cas
        self.retentionIndex = retentionIndex
        self.pidResponse = pidResponse
        self.typicalLevel = typicalLevel
        self.geometricSD = geometricSD
        self.direction = direction
        self.isSmokingMarker = isSmokingMarker
        self.isCaseMarker = isCaseMarker
    }
}
