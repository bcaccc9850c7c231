import GRDB

/// The database schema as a sequence of migrations. A released migration is never edited:
/// changes come as new migrations appended here (GRDB's DatabaseMigrator guide).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: devices and acquired runs") { db in
            try db.create(table: "device") { t in
                t.primaryKey("serial", .text)
                t.column("hardware_version", .text).notNull()
                t.column("firmware_version", .text).notNull()
                t.column("calibration_id", .text).notNull()
                t.column("protocol_version", .text).notNull()
                t.column("first_seen_at", .datetime).notNull()
                t.column("last_seen_at", .datetime).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_uuid", .text).notNull().unique()
                t.column("device_serial", .text).notNull().references("device")
                t.column("method_id", .text).notNull()
                t.column("source", .text).notNull()
                t.column("status", .text).notNull()
                    .check(sql: "status IN ('complete', 'interrupted', 'failed')")
                t.column("status_reason", .text)
                t.column("started_at", .datetime).notNull()
                t.column("ended_at", .datetime).notNull()
                t.column("sample_period_us", .integer).notNull()
                t.column("sample_count", .integer).notNull()
                t.column("missing_samples", .integer).notNull()
                t.column("sequence_gaps", .integer).notNull()
                t.column("dropped_bytes", .integer).notNull()
                t.column("malformed_frames", .integer).notNull()
                t.column("device_outcome", .text)
                t.column("device_fault_code", .integer)
                t.column("totals_verified", .boolean).notNull()
                t.column("breath_volume_ml", .double)
                t.column("breath_co2_percent", .double)
                t.column("breath_humidity_percent", .double)
                t.column("breath_duration_s", .double)
                t.column("breath_flow_ml_min", .double)
                t.column("capture_path", .text).notNull()
            }
            try db.create(index: "run_started_at", on: "run", columns: ["started_at"])
            try db.create(table: "run_trace") { t in
                t.primaryKey("run_id", .integer).references("run")
                t.column("detector", .blob).notNull()
                t.column("column_temperature", .blob)
                t.column("carrier_pressure", .blob)
            }
            try db.create(table: "run_event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .integer).notNull().references("run").indexed()
                t.column("run_time_ms", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("code", .integer)
                t.column("detail", .text).notNull()
            }
        }
        migrator.registerMigration(SchemaV2.identifier, migrate: SchemaV2.migrate)
        return migrator
    }
}
