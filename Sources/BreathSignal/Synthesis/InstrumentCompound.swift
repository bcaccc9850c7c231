/// A non-breath compound every synthetic run contains in a fixed amount: siloxane bleed
/// artifacts and the internal standard.
public struct InstrumentCompound: Sendable, Hashable, Codable {
    /// Common name.
    public let name: String
    /// CAS registry number.
    public let cas: String
    /// What the peak is, for the ground truth.
    public let kind: PeakKind
    /// Retention index on a non-polar column.
    public let retentionIndex: Double
    /// Relative 10.6 eV PID response, on the scale of ``BreathCompound/pidResponse``.
    public let pidResponse: Double
    /// Amount per run, in ppb of the sampled breath volume (so areas compare with breath peaks).
    public let amount: Double

    /// Creates an instrument compound.
    public init(
        name: String, cas: String, kind: PeakKind, retentionIndex: Double, pidResponse: Double,
        amount: Double
    ) {
        self.name = name
        self.cas = cas
        self.kind = kind
        self.retentionIndex = retentionIndex
        self.pidResponse = pidResponse
        self.amount = amount
    }

    /// Cyclic siloxanes D3, D4, D5 bled from the column, septum and sorbent; the PID sees them
    /// weakly. Amounts are synthetic, chosen to give small but visible peaks.
    public static let siloxanes: [InstrumentCompound] = [
        InstrumentCompound(
            name: "D3 siloxane", cas: "541-05-9", kind: .siloxane, retentionIndex: 820,
            pidResponse: 0.2, amount: 10),
        InstrumentCompound(
            name: "D4 siloxane", cas: "556-67-2", kind: .siloxane, retentionIndex: 995,
            pidResponse: 0.2, amount: 6),
        InstrumentCompound(
            name: "D5 siloxane", cas: "541-02-6", kind: .siloxane, retentionIndex: 1165,
            pidResponse: 0.2, amount: 4),
    ]

    /// Fluorobenzene, added in a fixed 10 ppb-equivalent amount: absent from breath, well seen
    /// by the PID (ionisation energy 9.2 eV), and eluting in the gap between benzene
    /// (RI ≈ 660) and pentanal (≈ 697). Its RI of 680 is estimated from its boiling point
    /// (85 °C, between benzene and toluene), not taken from a library.
    public static let internalStandard = InstrumentCompound(
        name: "fluorobenzene", cas: "462-06-6", kind: .internalStandard, retentionIndex: 680,
        pidResponse: 1, amount: 10)
}
