/// Versions recorded with every run and printed by `--version`.
public enum BreathVersion {
    /// The host software's version (semantic versioning).
    public static let software = "0.1.0"
}
