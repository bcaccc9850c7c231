/// The confounders of one synthetic subject. Age and smoking are distributed differently in
/// cases and controls, as in real lung-cancer cohorts; sex and diet are not.
public struct SubjectProfile: Sendable, Hashable, Codable, CaseIterable {
    public enum AgeBand: Int, Sendable, Hashable, Codable, CaseIterable {
        case under45, from45to64, over64
    }

    public var currentSmoker: Bool
    public var male: Bool
    public var age: AgeBand
    /// Fasting before the test raises breath acetone.
    public var fasting: Bool
    /// Sugary food or a drink shortly before the test raises breath ethanol.
    public var recentSugar: Bool

    public init(currentSmoker: Bool, male: Bool, age: AgeBand, fasting: Bool, recentSugar: Bool) {
        self.currentSmoker = currentSmoker
        self.male = male
        self.age = age
        self.fasting = fasting
        self.recentSugar = recentSugar
    }

    /// Every combination, for the oracle's marginalisation.
    public static let allCases: [SubjectProfile] = [false, true].flatMap { smoker in
        [false, true].flatMap { male in
            AgeBand.allCases.flatMap { age in
                [false, true].flatMap { fasting in
                    [false, true].map { sugar in
                        SubjectProfile(currentSmoker: smoker, male: male, age: age, fasting: fasting, recentSugar: sugar)
                    }
                }
            }
        }
    }
}
