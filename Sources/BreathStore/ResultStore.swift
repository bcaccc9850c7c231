import Foundation
import GRDB
import GRDBSQLite

/// The local SQLite database of devices and runs.
///
/// The daemon opens it for writing (WAL, `synchronous=FULL`, persistent WAL so that
/// read-only readers keep working after it stops); the CLI opens it read-only and never
/// migrates it. A database written by newer software is refused rather than misread.
public final class ResultStore: Sendable {
    /// The database file.
    public let path: String
    private let writer: any DatabaseWriter
    private let readOnly: Bool

    /// Opens (creating and migrating if needed) the database at `path` for writing.
    public static func openForWriting(at path: String) throws(StoreError) -> ResultStore {
        try ResultStore(path: path, readOnly: false)
    }

    /// Opens an existing database read-only.
    public static func openReadOnly(at path: String) throws(StoreError) -> ResultStore {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path: path) }
        return try ResultStore(path: path, readOnly: true)
    }

    private init(path: String, readOnly: Bool) throws(StoreError) {
        self.path = path
        self.readOnly = readOnly
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(5)
        configuration.label = "breath.store"
        configuration.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Keep -wal/-shm on close so that read-only processes can always open the file.
            var flag: CInt = 1
            let code = withUnsafeMutablePointer(to: &flag) {
                sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, $0)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        }
        do {
            if readOnly {
                writer = try DatabaseQueue(path: path, configuration: configuration)
            } else {
                let pool = try DatabasePool(path: path, configuration: configuration)
                // DatabasePool sets synchronous=NORMAL after enabling WAL; a medical record needs FULL.
                let synchronous = try pool.writeWithoutTransaction { db -> Int in
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                    return try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
                }
                guard synchronous == 2 else { throw StoreError.unsafeDurability(synchronous: synchronous) }
                writer = pool
            }
            let migrator = Schema.migrator
            if try writer.read(migrator.hasBeenSuperseded) {
                throw StoreError.newerSchema(path: path)
            }
            if readOnly {
                guard try writer.read(migrator.hasCompletedMigrations) else { throw StoreError.olderSchema(path: path) }
            } else {
                try migrator.migrate(writer)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database(path: path, reason: "\(error)")
        }
    }

    // MARK: Writing

    /// Stores an acquired run with its device, trace and events in one transaction; returns its id.
    public func insert(run: RunRecord, device: DeviceRecord, trace: RunTrace, events: [RunEventRecord]) throws(StoreError) -> Int64 {
        try perform { db in
            try db.execute(
                sql: """
                    INSERT INTO device (serial, hardware_version, firmware_version, calibration_id, protocol_version,
                                        first_seen_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(serial) DO UPDATE SET
                        hardware_version = excluded.hardware_version, firmware_version = excluded.firmware_version,
                        calibration_id = excluded.calibration_id, protocol_version = excluded.protocol_version,
                        last_seen_at = excluded.last_seen_at
                    """,
                arguments: [device.serial, device.hardwareVersion, device.firmwareVersion, device.calibrationID,
                            device.protocolVersion, device.firstSeenAt, device.lastSeenAt])
            var run = run
            try run.insert(db)
            let id = run.id!
            try db.execute(
                sql: "INSERT INTO run_trace (run_id, detector, column_temperature, carrier_pressure) VALUES (?, ?, ?, ?)",
                arguments: [id, Data(floats: trace.detector), trace.columnTemperature.map(Data.init(floats:)),
                            trace.carrierPressure.map(Data.init(floats:))])
            for var event in events {
                event.runID = id
                try event.insert(db)
            }
            return id
        }
    }

    // MARK: Reading

    /// The most recent runs first.
    public func runs(limit: Int = 50) throws(StoreError) -> [RunRecord] {
        try read { db in
            try RunRecord.order(Column("started_at").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// The run with database id or run UUID `key`, or nil.
    public func run(_ key: String) throws(StoreError) -> RunRecord? {
        try read { db in
            if let id = Int64(key) { return try RunRecord.fetchOne(db, key: id) }
            return try RunRecord.filter(Column("run_uuid") == key.lowercased()).fetchOne(db)
        }
    }

    /// The trace of a run.
    public func trace(runID: Int64) throws(StoreError) -> RunTrace? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run_trace WHERE run_id = ?", arguments: [runID])
            else { return nil }
            let detector: Data = row["detector"]
            let temperature: Data? = row["column_temperature"]
            let pressure: Data? = row["carrier_pressure"]
            return RunTrace(
                detector: detector.floats, columnTemperature: temperature?.floats, carrierPressure: pressure?.floats)
        }
    }

    /// The events of a run in order.
    public func events(runID: Int64) throws(StoreError) -> [RunEventRecord] {
        try read { db in
            try RunEventRecord.filter(Column("run_id") == runID).order(Column("run_time_ms"), Column("id")).fetchAll(db)
        }
    }

    /// The device with `serial`.
    public func device(serial: String) throws(StoreError) -> DeviceRecord? {
        try read { db in try DeviceRecord.fetchOne(db, key: serial) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch { throw StoreError.database(path: path, reason: "\(error)") }
    }

    private func perform<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard !readOnly else { throw StoreError.readOnly(path: path) }
        do { return try writer.write(body) } catch { throw StoreError.database(path: path, reason: "\(error)") }
    }
}

/// Why the store could not do what was asked; each case reads as one line for the user.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(path: String)
    case newerSchema(path: String)
    case olderSchema(path: String)
    case readOnly(path: String)
    case unsafeDurability(synchronous: Int)
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "no database at \(path)"
        case .newerSchema(let path): "database \(path) was written by newer software; upgrade breathctl/breathd"
        case .olderSchema(let path): "database \(path) needs migrating; start breathd once to upgrade it"
        case .readOnly(let path): "database \(path) is open read-only"
        case .unsafeDurability(let value): "SQLite refused synchronous=FULL (reads back \(value))"
        case .database(let path, let reason): "database \(path): \(reason)"
        }
    }
}

extension Data {
    /// Packs floats as little-endian binary32.
    init(floats: [Float]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(floats.count * 4)
        for value in floats { Swift.withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        self.init(bytes)
    }

    /// Unpacks little-endian binary32 floats; a trailing partial value is ignored.
    var floats: [Float] {
        let count = self.count / 4
        return withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
