import Foundation
import GRDB

/// Acquired runs: written once by the acquisition pipeline.
extension StoreTransaction {
    /// Stores an acquired run with its device, trace and events, and an
    /// audit entry by `actor` (`run.completed`, `run.interrupted` or `run.failed`); returns its id.
    public func insert(
        run: RunRecord, device: DeviceRecord, trace: RunTrace, events: [RunEventRecord], actor: String
    ) throws -> Int64 {
        try InputRules.name(actor, "the acting user")
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
        let action: AuditAction = switch run.status {
        case .complete: .runCompleted
        case .interrupted: .runInterrupted
        case .failed: .runFailed
        }
        var details = ["run_id": "\(id)", "device": run.deviceSerial, "method": run.methodID]
        details["reason"] = run.statusReason
        details["capture_sha256"] = run.captureSHA256?.hex
        try AuditTrail.append(db, actor: actor, action: action, subject: "run:\(run.runUUID.lowercased())", details: details)
        return id
    }

    /// Records in the audit trail that `actor` started run `runUUID` on a device; `details`
    /// adds what the run is for (sample label, patient pseudonym, operator), never an identifier.
    public func recordRunStart(
        runUUID: String, deviceSerial: String, methodID: String, actor: String, details: [String: String] = [:]
    ) throws {
        try AuditTrail.append(
            db, actor: actor, action: .runStarted, subject: "run:\(runUUID.lowercased())",
            details: details.merging(["device": deviceSerial, "method": methodID]) { _, fixed in fixed })
    }
}

/// Acquired runs, each write in a transaction of its own; reading them.
extension ResultStore {
    /// ``StoreTransaction/insert(run:device:trace:events:actor:)`` in a transaction of its own.
    public func insert(
        run: RunRecord, device: DeviceRecord, trace: RunTrace, events: [RunEventRecord], actor: String
    ) throws(StoreError) -> Int64 {
        try transaction { try $0.insert(run: run, device: device, trace: trace, events: events, actor: actor) }
    }

    /// ``StoreTransaction/recordRunStart(runUUID:deviceSerial:methodID:actor:details:)`` in a transaction of its own.
    public func recordRunStart(
        runUUID: String, deviceSerial: String, methodID: String, actor: String, details: [String: String] = [:]
    ) throws(StoreError) {
        try transaction {
            try $0.recordRunStart(runUUID: runUUID, deviceSerial: deviceSerial, methodID: methodID, actor: actor, details: details)
        }
    }

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
}
