/// One subject's synthetic breath: a level for each compound of ``BreathCompound/all``.
///
/// Synthetic: levels are drawn from log-normal models of the literature, not measured.
public struct BreathSample: Sendable, Hashable, Codable {
    /// Levels in the order of ``BreathCompound/all``.
    public let levels: [CompoundLevel]

    /// Creates a sample from explicit levels (e.g. a cohort generator's own profiles).
    public init(levels: [CompoundLevel]) {
        self.levels = levels
    }

    /// A healthy control: each level drawn log-normally around the compound's typical level
    /// with its between-person geometric SD.
    public static func typicalControl(seed: UInt64) -> BreathSample {
        var random = SeededGenerator(seed: seed, stream: .subjectLevels)
        return BreathSample(
            levels: BreathCompound.all.map { compound in
                CompoundLevel(
                    compound: compound,
                    concentration: random.nextLogNormal(
                        median: compound.typicalLevel, geometricSD: compound.geometricSD),
                    foldChange: 1)
            })
    }

    /// A lung-cancer-like subject: the control of the same seed, with each case marker (see
    /// ``BreathCompound/isCaseMarker``) independently changed with probability
    /// `markerPrevalence` by a fold drawn log-uniformly from `foldRange`, in the reported
    /// direction.
    ///
    /// Effects are modest and partial on purpose: the literature reports 1.2–2× changes present
    /// in only some cases, smaller than the between-person spread.
    public static func caseLike(
        seed: UInt64, markerPrevalence: Double = 0.6, foldRange: ClosedRange<Double> = 1.2...2.0
    ) -> BreathSample {
        precondition((0...1).contains(markerPrevalence), "prevalence must lie in [0, 1]")
        precondition(foldRange.lowerBound >= 1, "folds are magnitudes, at least 1")
        let lowFold = PortableMath.log(foldRange.lowerBound)
        let highFold = PortableMath.log(foldRange.upperBound)
        var random = SeededGenerator(seed: seed, stream: .caseEffects)
        return BreathSample(
            levels: typicalControl(seed: seed).levels.map { level in
                guard level.compound.isCaseMarker else { return level }
                // Both draws are made for every marker so each marker's effect depends only
                // on the seed, not on whether earlier markers were affected.
                let isAffected = random.nextUniform() < markerPrevalence
                let logFold = lowFold + random.nextUniform() * (highFold - lowFold)
                guard isAffected else { return level }
                let fold = PortableMath.exp(level.compound.direction == .lower ? -logFold : logFold)
                return CompoundLevel(
                    compound: level.compound, concentration: level.concentration * fold,
                    foldChange: fold)
            })
    }

    /// The level of the compound with this name, if the sample has it.
    public func level(of name: String) -> CompoundLevel? {
        levels.first { $0.compound.name == name }
    }
}

/// The breath concentration of one compound for one subject.
public struct CompoundLevel: Sendable, Hashable, Codable {
    /// The compound.
    public let compound: BreathCompound
    /// Concentration in exhaled breath (ppb).
    public let concentration: Double
    /// Disease effect included in `concentration`: 1 when unaffected, above 1 raised, below 1
    /// lowered. Ground truth for cohort studies.
    public let foldChange: Double

    /// Creates a level; `concentration` must be non-negative and `foldChange` positive.
    public init(compound: BreathCompound, concentration: Double, foldChange: Double = 1) {
        precondition(concentration >= 0 && foldChange > 0, "invalid level")
        self.compound = compound
        self.concentration = concentration
        self.foldChange = foldChange
    }
}
