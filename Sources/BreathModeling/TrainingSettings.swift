/// Every choice training makes, fixed before any data are seen. Cross-validation repeats the
/// whole procedure inside each fold.
public struct TrainingSettings: Sendable, Hashable, Codable {
    /// Outer folds of the cross-validated evaluation.
    public var folds: Int = 5
    /// Inner folds used, within one training set, to tune the penalty and place the thresholds.
    public var innerFolds: Int = 5
    /// Candidate L2 penalties (on standardised features).
    public var penalties: [Double] = [0.01, 0.1, 1, 3, 10, 30, 100]
    /// A feature below its limit of detection in more than this share of training runs is dropped.
    public var maximumBelowLODShare: Double = 0.9
    /// The low threshold keeps at least this sensitivity (rule-out) on inner out-of-fold risks…
    public var ruleOutSensitivity: Double = 0.9
    /// …and the high threshold at least this specificity (referral).
    public var referralSpecificity: Double = 0.9
    /// Seed of the fold assignment.
    public var seed: UInt64 = 1

    public init() {}
}
