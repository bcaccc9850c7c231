/// Single-sample spikes (electrical interference, arcing) at seeded, distinct positions.
public struct SpikeModel: Sendable, Hashable, Codable {
    /// Number of spikes; capped at the number of samples.
    public let count: Int
    /// Value added to each spiked sample (intensity units; may be negative).
    public let amplitude: Double

    /// Creates a spike model; `count` must be non-negative.
    public init(count: Int, amplitude: Double) {
        precondition(count >= 0, "spike count must be non-negative")
        self.count = count
        self.amplitude = amplitude
    }

    /// No spikes.
    public static let none = SpikeModel(count: 0, amplitude: 0)
}
