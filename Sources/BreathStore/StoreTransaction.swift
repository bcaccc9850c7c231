import GRDB

/// Writes that commit together or not at all, e.g. a batch of results imported at once.
///
/// Handed to the closure of ``ResultStore/transaction(_:)`` and valid only inside it; the
/// closure must not call the store itself (its connection is busy with the transaction). Each
/// write checks its input first and throws ``StoreError`` (or a database error) on failure;
/// any error thrown out of the closure rolls back every write in it.
public struct StoreTransaction {
    let db: Database
}

extension ResultStore {
    /// Runs `body` in one write transaction: committed (durably) when it returns, rolled back
    /// when it throws. Errors other than ``StoreError`` become ``StoreError/database(path:reason:)``.
    public func transaction<T>(_ body: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        try perform { db in try body(StoreTransaction(db: db)) }
    }
}
