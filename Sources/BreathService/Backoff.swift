/// Reconnection delays: doubling from `initial` up to `maximum`, reset after a success.
public struct Backoff: Sendable, Hashable {
    public let initial: Duration
    public let maximum: Duration
    public private(set) var next: Duration

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
        next = initial
    }

    /// The delay to wait now; the following one doubles, up to the maximum.
    public mutating func take() -> Duration {
        let delay = next
        next = min(maximum, next * 2)
        return delay
    }

    public mutating func reset() { next = initial }
}
