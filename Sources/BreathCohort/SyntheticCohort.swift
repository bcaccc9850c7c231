import BreathScreening
import BreathSignal
import Foundation

/// A synthetic screening cohort, deterministic per seed: subjects drawn from
/// ``BreathLikelihood`` with confounders, and their runs on one device in a random order, with
/// room-air background, sampling artifacts, breath-volume and CO2 problems, device faults,
/// preconcentrator carryover, retention and sensitivity drift, rendered by the signal core's
/// chromatogram generator. Not patient data.
public struct SyntheticCohort: Sendable {
    public let design: CohortDesign
    public let seed: UInt64
    public let subjects: [CohortSubject]
    public let runs: [CohortRun]

    public init(design: CohortDesign, seed: UInt64) {
        self.design = design
        self.seed = seed
        let likelihood = design.likelihood
        var labels = SeededGenerator(seed: seed, stream: 100)
        let caseCount = Int((design.caseFraction * Double(design.subjects)).rounded())
        let isCase = Self.shuffled((0..<design.subjects).map { $0 < caseCount }, &labels)
        subjects = (0..<design.subjects).map { index in
            var random = SeededGenerator(seed: Self.mix(seed, index), stream: 1)
            let profile = Self.drawProfile(isCase: isCase[index], &random)
            let breath = Self.drawBreath(profile: profile, isCase: isCase[index], likelihood: likelihood, &random)
            let levels = Dictionary(uniqueKeysWithValues: breath.levels.map { ($0.compound.name, $0.concentration) })
            return CohortSubject(
                id: String(format: "S%05d", index + 1), isCase: isCase[index], profile: profile, breath: breath,
                oracleScore: likelihood.logLikelihoodRatio(levels))
        }
        var order = SeededGenerator(seed: seed, stream: 101)
        let repeats = Self.shuffled(Array(0..<design.subjects), &order)
            .prefix(Int((design.repeatFraction * Double(design.subjects)).rounded()))
        let sequence = Self.shuffled(Array(0..<design.subjects) + repeats, &order)
        var runs: [CohortRun] = []
        var previousTrapped: [Double]?
        for (position, subjectIndex) in sequence.enumerated() {
            let run = Self.makeRun(
                subject: subjects[subjectIndex], position: position, previousTrapped: previousTrapped, design: design,
                seed: seed)
            runs.append(run.run)
            previousTrapped = run.trapped
        }
        self.runs = runs
    }

    // MARK: Subjects

    private static func drawProfile(isCase: Bool, _ random: inout SeededGenerator) -> SubjectProfile {
        // Draws each factor from the marginals that BreathLikelihood.probability multiplies.
        let smoker = random.nextUniform() < (isCase ? 0.45 : 0.20)
        let male = random.nextUniform() < 0.5
        let ages = isCase ? [0.05, 0.40, 0.55] : [0.20, 0.45, 0.35]
        let u = random.nextUniform()
        let age: SubjectProfile.AgeBand = u < ages[0] ? .under45 : (u < ages[0] + ages[1] ? .from45to64 : .over64)
        let fasting = random.nextUniform() < 0.25
        let sugar = random.nextUniform() < 0.3
        return SubjectProfile(currentSmoker: smoker, male: male, age: age, fasting: fasting, recentSugar: sugar)
    }

    private static func drawBreath(
        profile: SubjectProfile, isCase: Bool, likelihood: BreathLikelihood, _ random: inout SeededGenerator
    ) -> BreathSample {
        let lowFold = log(likelihood.foldRange.lowerBound), highFold = log(likelihood.foldRange.upperBound)
        return BreathSample(levels: BreathCompound.all.map { compound in
            let spread = log(compound.geometricSD) * random.nextStandardNormal()
            // Both disease draws are made for every compound so each one's effect depends on
            // the seed only.
            let affected = random.nextUniform() < likelihood.markerPrevalence
            let logFold = lowFold + random.nextUniform() * (highFold - lowFold)
            var effect = 0.0
            if isCase, compound.isCaseMarker, affected { effect = compound.direction == .lower ? -logFold : logFold }
            return CompoundLevel(
                compound: compound,
                concentration: exp(BreathLikelihood.logMean(of: compound, profile: profile) + spread + effect),
                foldChange: exp(effect))
        })
    }

    // MARK: Runs

    /// Room-air levels (ppb) per day: disinfectant 2-propanol and ethanol, traffic benzene and
    /// toluene, cleaning-product limonene; this share of the room's level reaches the sample.
    private static let roomAir: [(String, median: Double, gsd: Double)] = [
        ("2-propanol", 20, 2.5), ("ethanol", 30, 2), ("toluene", 3, 2), ("benzene", 1, 1.5), ("limonene", 2, 2.5),
    ]
    private static let inhaledShare = 0.3

    private static func makeRun(
        subject: CohortSubject, position: Int, previousTrapped: [Double]?, design: CohortDesign, seed: UInt64
    ) -> (run: CohortRun, trapped: [Double]) {
        let day = position / design.runsPerDay
        var daily = SeededGenerator(seed: mix(seed, day), stream: 3)
        var room = Dictionary(uniqueKeysWithValues: roomAir.map { ($0.0, daily.nextLogNormal(median: $0.median, geometricSD: $0.gsd)) })
        let sensitivity = daily.nextLogNormal(median: 1, geometricSD: 1.05)
        let dayDrift = 0.006 * daily.nextStandardNormal()

        var random = SeededGenerator(seed: mix(seed, position), stream: 4)
        // A hand-sanitiser puff near the device saturates the detector on 2-propanol.
        if random.nextUniform() < 0.005 { room["2-propanol", default: 0] += 30_000 }
        let lowVolume = random.nextUniform() < 0.03
        let volume = lowVolume
            ? 250 + 230 * random.nextUniform() : min(1400, max(600, random.nextNormal(mean: 1000, standardDeviation: 100)))
        let co2 = random.nextUniform() < 0.02
            ? 1.5 + 1.3 * random.nextUniform() : min(6.2, max(3.6, random.nextNormal(mean: 4.8, standardDeviation: 0.4)))
        let duration = lowVolume ? 240 : min(240, max(140, random.nextNormal(mean: 180, standardDeviation: 15)))
        var faults: [DeviceFaultReport] = []
        if lowVolume { faults.append(DeviceFaultReport(code: 0x0004, name: "LOW_BREATH_VOLUME", severity: .warning)) }
        if random.nextUniform() < 0.01 {
            faults.append([
                DeviceFaultReport(code: 0x0003, name: "DETECTOR_LAMP_FAILURE", severity: .error),
                DeviceFaultReport(code: 0x0002, name: "CARRIER_PRESSURE_LOSS", severity: .error),
                DeviceFaultReport(code: 0x0008, name: "HIGH_HUMIDITY", severity: .warning),
            ][random.nextInt(below: 3)])
        }
        let carryover = 0.001 + 0.019 * random.nextUniform()
        let drift = min(0.02, max(-0.02, dayDrift + 0.003 * random.nextStandardNormal()))
        let tenax = random.nextLogNormal(median: 0.3, geometricSD: 2)

        // Amounts trapped, as ppb of the nominal 1 L: breath plus inhaled room air plus the
        // sorbent's benzaldehyde, times the volume, with 5 % area scatter, plus carryover.
        let trapped = subject.breath.levels.enumerated().map { index, level in
            let name = level.compound.name
            let sampled = level.concentration + inhaledShare * (room[name] ?? 0) + (name == "benzaldehyde" ? tenax : 0)
            let scatter = random.nextLogNormal(median: 1, geometricSD: 1.05)
            return sampled * volume / 1000 * scatter + carryover * (previousTrapped?[index] ?? 0)
        }
        let retention = RetentionModel.standard(
            deadTime: 30, separationDuration: design.runDuration, drift: RetentionDrift(scale: 1 + drift))
        var instrument = InstrumentSettings.standard(samplePeriod: design.samplePeriod, runDuration: design.runDuration)
        instrument.detectorGain *= design.gainFactor * sensitivity
        let sample = BreathSample(levels: zip(subject.breath.levels, trapped).map {
            CompoundLevel(compound: $0.compound, concentration: $1, foldChange: $0.foldChange)
        })
        var recipe = sample.recipe(retention: retention, instrument: instrument, seed: mix(seed, position) ^ 0x5EED)
        // The device doses the internal standard with 2 % scatter.
        let dose = random.nextLogNormal(median: 1, geometricSD: 1.02)
        recipe.scaleInternalStandard(by: dose)
        let run = CohortRun(
            id: String(format: "R%05d", position + 1), subjectID: subject.id, isCase: subject.isCase, sequence: position,
            day: day, sample: BreathSampleReport(exhaledVolumeML: volume, endTidalCO2Percent: co2, durationS: duration),
            faults: faults, recipe: recipe, fullScale: design.fullScale, oracleScore: subject.oracleScore,
            driftPercent: drift * 100)
        return (run, trapped)
    }

    // MARK: Helpers

    /// A per-item seed: distinct items of one seed get unrelated streams.
    static func mix(_ seed: UInt64, _ index: Int) -> UInt64 {
        var z = seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher–Yates with the seeded generator.
    static func shuffled<T>(_ items: [T], _ random: inout SeededGenerator) -> [T] {
        var items = items
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, random.nextInt(below: index + 1))
        }
        return items
    }
}

extension ChromatogramRecipe {
    /// Scales the internal standard's peak area (a dosing error, or a test's recovery fault).
    public mutating func scaleInternalStandard(by factor: Double) {
        peaks = peaks.map { peak in
            guard peak.kind == .internalStandard else { return peak }
            let shape = peak.shape
            return TruthPeak(
                name: peak.name, kind: peak.kind,
                shape: EMGPeak(center: shape.center, sigma: shape.sigma, tau: shape.tau, area: shape.area * factor),
                retentionIndex: peak.retentionIndex)
        }
    }
}
