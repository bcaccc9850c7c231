/// Splits a byte stream into newline-terminated lines, refusing lines over a size limit
/// without buffering them: an oversized line is skipped up to its newline and reported once.
public struct LineBuffer: Sendable {
    public enum Item: Sendable, Hashable {
        case line([UInt8])
        /// A line longer than the limit was dropped.
        case oversized
    }

    public let limit: Int
    private var pending: [UInt8] = []
    private var discarding = false

    public init(limit: Int) {
        self.limit = limit
    }

    /// Adds `bytes` and returns the complete lines (without their newline) in order.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [Item] {
        var items: [Item] = []
        for byte in bytes {
            if byte == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    var line = pending
                    if line.last == 0x0D { line.removeLast() }
                    items.append(.line(line))
                }
                pending.removeAll(keepingCapacity: true)
            } else if !discarding {
                if pending.count == limit {
                    discarding = true
                    pending.removeAll()
                    items.append(.oversized)
                } else {
                    pending.append(byte)
                }
            }
        }
        return items
    }

    /// Bytes of an unfinished line.
    public var hasPartialLine: Bool { !pending.isEmpty }
}
