import Foundation

/// The host's identifier of a run, sent with `START_RUN` and tagging every event of it.
public struct RunID: Sendable, Hashable, Codable, CustomStringConvertible {
    public var uuid: UUID

    public init(_ uuid: UUID = UUID()) { self.uuid = uuid }

    /// A run id from the wire, where all-zero bytes mean "no run".
    public init?(wire: UUID) {
        guard wire != RunID.none else { return nil }
        uuid = wire
    }

    /// The all-zero UUID the protocol uses for "no run".
    public static let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    public var description: String { uuid.uuidString.lowercased() }
}

extension Optional where Wrapped == RunID {
    /// The UUID to put on the wire: all zeros for no run.
    var wire: UUID { self?.uuid ?? RunID.none }
}
