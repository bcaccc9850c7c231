import Foundation

extension BreathCompound {
    /// The synthetic model's 40 breath compounds, in the order of the reference table.
    ///
    /// How the reference's wording became numbers:
    /// - Level: the geometric centre √(low·high) of the stated range, or the stated median.
    ///   Verbal ranges read as: "ppt–low ppb" 0.01–2, "sub-ppb" 0.1–1, "sub-ppb to ppb" 0.1–10,
    ///   "low ppb" 0.5–5, "ppb" 1–10 ppb.
    /// - Geometric SD: (high/low)^¼ (the range taken as ±2 GSD, about 95 % of people), kept
    ///   within the 1.5–2.5 the literature reports for between-person spread; 1.65 for isoprene
    ///   as measured.
    /// - PID response: "yes" 1, "yes?" 0.5, "weak" 0.2, "no" 0. A coarse scale: real response
    ///   factors vary several-fold between compound classes.
    /// - Direction: "slightly lower" counts as lower; "inconsistent", "reported" without a
    ///   direction, and "mixed" as mixed; n/a, n.s. and blanks as none.
    public static let all: [BreathCompound] = [
        entry("acetaldehyde", "75-07-0", ri: 400, pid: seen, ppb: 1...30, .mixed),
        entry("methanol", "67-56-1", ri: 380, pid: blind, ppb: 240...460, .lower),
        entry("ethanol", "64-17-5", ri: 440, pid: weak, ppb: 50...250, median: 100, .higher),
        entry("acetone", "67-64-1", ri: 490, pid: seen, ppb: 300...1500, median: 416, .lower),
        entry("isoprene", "78-79-5", ri: 510, pid: seen, median: 106, gsd: 1.65, .lower, marker: true),
        entry("pentane", "109-66-0", ri: 500, pid: weak, ppb: ppbLevel, .higher),
        // No non-smoker level in the reference; 1 ppb stands in. The PID does not see it.
        entry("acetonitrile", "75-05-8", ri: 470, pid: blind, median: 1, gsd: 2, .none, smoking: true),
        // "Highly variable" room-air contaminant: an assumed 5 ppb with the widest spread.
        entry("2-propanol", "67-63-0", ri: 490, pid: seen, median: 5, gsd: 2.5, .none),
        entry("1-propanol", "71-23-8", ri: 550, pid: seen, ppb: lowPPB, .higher, marker: true),
        entry("2-methylpentane", "107-83-5", ri: 570, pid: seen, ppb: subPPBToPPB, .higher),
        entry("2-butanone", "78-93-3", ri: 595, pid: seen, ppb: ppbLevel, .higher, marker: true),
        entry("hexane", "110-54-3", ri: 600, pid: seen, ppb: ppbLevel, .higher),
        entry("benzene", "71-43-2", ri: 660, pid: seen, ppb: 0.9...1.1, .none, smoking: true),
        entry("cyclohexane", "110-82-7", ri: 660, pid: seen, ppb: ppbLevel, .mixed),
        entry("1-butanol", "71-36-3", ri: 655, pid: seen, ppb: lowPPB, .higher),
        entry("pentanal", "110-62-3", ri: 697.5, pid: seen, ppb: pptToLowPPB, .higher, marker: true),
        entry("heptane", "142-82-5", ri: 700, pid: seen, ppb: ppbLevel, .higher),
        // "< 0.005 ppb in non-smokers": read as 0.0005–0.005 ppb.
        entry("2,5-dimethylfuran", "625-86-5", ri: 705, pid: seen, ppb: 0.0005...0.005, .none, smoking: true),
        entry("acetoin", "513-86-0", ri: 712.5, pid: uncertain, ppb: lowPPB, .higher, marker: true),
        entry("toluene", "108-88-3", ri: 770, pid: seen, ppb: 1...20, .mixed),
        entry("hexanal", "66-25-1", ri: 800, pid: seen, ppb: pptToLowPPB, .higher, marker: true),
        entry("1-octene", "111-66-0", ri: 790, pid: seen, ppb: subPPB, .higher),
        entry("octane", "111-65-9", ri: 800, pid: seen, ppb: ppbLevel, .higher),
        entry("ethylbenzene", "100-41-4", ri: 860, pid: seen, ppb: ppbLevel, .mixed),
        entry("m/p-xylene", "108-38-3/106-42-3", ri: 868, pid: seen, ppb: ppbLevel, .mixed),
        // "~25 ppt order": 0.025 ppb with the default spread.
        entry("styrene", "100-42-5", ri: 890, pid: seen, median: 0.025, gsd: 2, .mixed),
        entry("o-xylene", "95-47-6", ri: 890, pid: seen, ppb: ppbLevel, .mixed),
        entry("heptanal", "111-71-7", ri: 900, pid: seen, ppb: pptToLowPPB, .mixed),
        entry("nonane", "111-84-2", ri: 900, pid: seen, ppb: ppbLevel, .none),
        entry("benzaldehyde", "100-52-7", ri: 960, pid: seen, ppb: subPPB, .mixed),
        entry("1,2,4-trimethylbenzene", "95-63-6", ri: 990, pid: seen, ppb: subPPB, .higher),
        entry("octanal", "124-13-0", ri: 1003, pid: seen, ppb: pptToLowPPB, .higher, marker: true),
        entry("decane", "124-18-5", ri: 1000, pid: seen, ppb: subPPBToPPB, .higher),
        entry("p-cymene", "99-87-6", ri: 1025, pid: seen, ppb: subPPB, .mixed),
        entry("limonene", "5989-27-5", ri: 1030, pid: seen, ppb: 0.1...10, .none),
        entry("2-ethyl-1-hexanol", "104-76-7", ri: 1030, pid: seen, ppb: subPPB, .higher),
        entry("nonanal", "124-19-6", ri: 1104, pid: seen, ppb: pptToLowPPB, .higher, marker: true),
        entry("undecane", "1120-21-4", ri: 1100, pid: seen, ppb: subPPB, .none),
        entry("decanal", "112-31-2", ri: 1205, pid: seen, ppb: pptToLowPPB, .none),
        entry("dodecane", "112-40-3", ri: 1200, pid: seen, ppb: subPPB, .mixed),
    ]

    /// The compound with this name, if the table has it.
    public static func named(_ name: String) -> BreathCompound? {
        all.first { $0.name == name }
    }

    // PID response scale.
    private static let seen = 1.0
    private static let uncertain = 0.5
    private static let weak = 0.2
    private static let blind = 0.0

    // Verbal level ranges (ppb).
    private static let pptToLowPPB = 0.01...2.0
    private static let subPPB = 0.1...1.0
    private static let subPPBToPPB = 0.1...10.0
    private static let lowPPB = 0.5...5.0
    private static let ppbLevel = 1.0...10.0

    /// Builds a row from a reported range, optionally with a reported median.
    private static func entry(
        _ name: String, _ cas: String, ri: Double, pid: Double, ppb range: ClosedRange<Double>,
        median: Double? = nil, _ direction: LungCancerDirection,
        smoking: Bool = false, marker: Bool = false
    ) -> BreathCompound {
        let spread = pow(range.upperBound / range.lowerBound, 0.25)
        return BreathCompound(
            name: name, cas: cas, retentionIndex: ri, pidResponse: pid,
            typicalLevel: median ?? (range.lowerBound * range.upperBound).squareRoot(),
            geometricSD: min(2.5, max(1.5, spread)), direction: direction,
            isSmokingMarker: smoking, isCaseMarker: marker)
    }

    /// Builds a row from a median and a geometric SD given directly.
    private static func entry(
        _ name: String, _ cas: String, ri: Double, pid: Double, median: Double, gsd: Double,
        _ direction: LungCancerDirection, smoking: Bool = false, marker: Bool = false
    ) -> BreathCompound {
        BreathCompound(
            name: name, cas: cas, retentionIndex: ri, pidResponse: pid, typicalLevel: median,
            geometricSD: gsd, direction: direction, isSmokingMarker: smoking, isCaseMarker: marker)
    }
}
