import Foundation
import GRDB

/// A person who performs screenings.
public struct Operator: Sendable, Hashable, Codable {
    /// As they log in; results and audit entries use it.
    public var username: String
    /// As people know them.
    public var displayName: String
    public var registeredAt: Date
}

/// Operators: registered once, named by results and audit entries, never removed.
extension StoreTransaction {
    /// Registers operator `username` (as they log in) with the name people know them by.
    public func registerOperator(username: String, displayName: String, actor: String) throws {
        try InputRules.name(username, "a username")
        try InputRules.name(displayName, "a display name", maxLength: 200)
        try InputRules.name(actor, "the acting user")
        guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator WHERE username = ?)", arguments: [username])! else {
            throw StoreError.invalidInput("operator '\(username)' is already registered")
        }
        try db.execute(
            sql: "INSERT INTO operator (username, display_name, registered_at) VALUES (?, ?, ?)",
            arguments: [username, displayName, Date()])
        try AuditTrail.append(db, actor: actor, action: .operatorRegistered, subject: "operator:\(username)")
    }
}

extension ResultStore {
    /// ``StoreTransaction/registerOperator(username:displayName:actor:)`` in a transaction of its own.
    public func registerOperator(username: String, displayName: String, actor: String) throws(StoreError) {
        try transaction { try $0.registerOperator(username: username, displayName: displayName, actor: actor) }
    }

    /// Every registered operator, by username.
    public func operators() throws(StoreError) -> [Operator] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT username, display_name, registered_at FROM operator ORDER BY username").map { row in
                Operator(
                    username: try row.decode(forColumn: "username"), displayName: try row.decode(forColumn: "display_name"),
                    registeredAt: try row.decode(forColumn: "registered_at"))
            }
        }
    }
}
