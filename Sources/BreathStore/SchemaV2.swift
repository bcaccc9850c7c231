import GRDB

/// Migration v2: screening results, operators, pseudonymous patients and the audit trail.
///
/// Plain SQL rather than GRDB's table builder, so that the schema a migration creates cannot
/// drift with a GRDB upgrade; `SchemaHistoryTests` pins what each released migration creates.
/// Once released, this text never changes: later changes go into a new migration.
enum SchemaV2 {
    static let identifier = "v2: screening results, operators, pseudonymous patients, audit trail"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: captureDigest + immutableRuns + operators + patients + results + resultDetails + auditTrail)
    }

    /// Runs gain the SHA-256 of their capture file (NULL for runs stored before v2).
    private static let captureDigest = """
        ALTER TABLE run ADD COLUMN capture_sha256 TEXT
            CHECK (capture_sha256 IS NULL OR (length(capture_sha256) = 64 AND capture_sha256 NOT GLOB '*[^0-9a-f]*'));

        """

    /// Triggers that refuse UPDATE and DELETE on `table`, with the message each refusal gives.
    private static func writeOnce(_ table: String, changed: String, deleted: String) -> String {
        """
        CREATE TRIGGER \(table)_never_updated BEFORE UPDATE ON \(table)
        BEGIN SELECT RAISE(ABORT, '\(changed)'); END;
        CREATE TRIGGER \(table)_never_deleted BEFORE DELETE ON \(table)
        BEGIN SELECT RAISE(ABORT, '\(deleted)'); END;

        """
    }

    /// An acquired run is raw data behind a medical record: it is written once.
    private static let immutableRuns = ["run", "run_trace", "run_event"].map { table in
        writeOnce(table, changed: "\(table) rows are never changed", deleted: "\(table) rows are never deleted")
    }.joined()

    /// The people who perform screenings; results and audit entries name them, so they stay.
    private static let operators = """
        CREATE TABLE operator (
            username TEXT NOT NULL PRIMARY KEY,
            display_name TEXT NOT NULL,
            registered_at TEXT NOT NULL
        );

        """ + writeOnce("operator", changed: "operator rows are never changed", deleted: "operator rows are never deleted")

    /// Patients exist only as random pseudonyms; the mapping to the external identifier is a
    /// separate table whose row is deleted to erase one person's identity.
    private static let patients = """
        CREATE TABLE patient (
            pseudonym TEXT NOT NULL PRIMARY KEY
                CHECK (length(pseudonym) = 26 AND pseudonym NOT GLOB '*[^A-Z2-7]*'),
            created_at TEXT NOT NULL
        );

        """ + writeOnce(
            "patient", changed: "patient rows are never changed",
            deleted: "patient rows are never deleted; erase the identity mapping instead") + """
        CREATE TABLE patient_pseudonym (
            pseudonym TEXT NOT NULL PRIMARY KEY REFERENCES patient(pseudonym),
            external_id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TRIGGER patient_pseudonym_never_updated BEFORE UPDATE ON patient_pseudonym
        BEGIN SELECT RAISE(ABORT, 'identity mappings are never changed; erase and create a new one'); END;

        """

    /// A screening result is written once; a correction is a new row naming the row it supersedes
    /// (each row superseded at most once, so the history of a result is a line).
    private static let results = """
        CREATE TABLE screening_result (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES run(id),
            sampled_at TEXT NOT NULL,
            patient_pseudonym TEXT NOT NULL REFERENCES patient(pseudonym),
            operator TEXT NOT NULL REFERENCES operator(username),
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            qc_outcome TEXT NOT NULL CHECK (qc_outcome IN ('pass', 'warning', 'fail')),
            risk REAL CHECK (risk IS NULL OR (risk >= 0 AND risk <= 1)),
            category TEXT CHECK (category IS NULL OR category IN ('low', 'indeterminate', 'high')),
            model_id TEXT NOT NULL CHECK (length(model_id) > 0),
            model_sha256 TEXT NOT NULL
                CHECK (length(model_sha256) = 64 AND model_sha256 NOT GLOB '*[^0-9a-f]*'),
            method_version TEXT NOT NULL CHECK (length(method_version) > 0),
            software_version TEXT NOT NULL CHECK (length(software_version) > 0),
            supersedes_id INTEGER UNIQUE REFERENCES screening_result(id),
            correction_reason TEXT,
            -- A result whose quality control failed never has a risk category, and only it lacks one.
            CHECK ((qc_outcome = 'fail') = (category IS NULL)),
            CHECK ((category IS NULL) = (risk IS NULL)),
            CHECK ((supersedes_id IS NULL) = (correction_reason IS NULL))
        );
        CREATE INDEX screening_result_sampled ON screening_result(sampled_at, id);
        CREATE INDEX screening_result_patient ON screening_result(patient_pseudonym, sampled_at, id);
        CREATE INDEX screening_result_run ON screening_result(run_id);
        -- A copy of the run's start, so that listings by sample time need no join; kept exact.
        CREATE TRIGGER screening_result_sampled_at_is_run_start BEFORE INSERT ON screening_result
        WHEN NEW.sampled_at IS NOT (SELECT started_at FROM run WHERE id = NEW.run_id)
        BEGIN SELECT RAISE(ABORT, 'a result''s sampled_at must be its run''s started_at'); END;

        """ + writeOnce(
            "screening_result", changed: "screening results are never changed; record a correction",
            deleted: "screening results are never deleted; record a correction")

    /// What a result is made of. Rows can only follow their result's own INSERT on the same
    /// connection: these tables are WITHOUT ROWID, so last_insert_rowid() stays the result's id
    /// until the audit entry that closes the write; anyone else adding rows later is refused.
    private static let resultDetails = """
        CREATE TABLE result_qc_reason (
            result_id INTEGER NOT NULL REFERENCES screening_result(id),
            position INTEGER NOT NULL,
            code TEXT NOT NULL CHECK (length(code) > 0),
            detail TEXT NOT NULL,
            PRIMARY KEY (result_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE result_peak (
            result_id INTEGER NOT NULL REFERENCES screening_result(id),
            peak_index INTEGER NOT NULL,
            retention_time_s REAL NOT NULL,
            start_s REAL NOT NULL,
            end_s REAL NOT NULL,
            height REAL NOT NULL,
            area REAL NOT NULL,
            fwhm_s REAL NOT NULL,
            snr REAL NOT NULL,
            PRIMARY KEY (result_id, peak_index)
        ) WITHOUT ROWID;
        CREATE TABLE result_compound (
            result_id INTEGER NOT NULL REFERENCES screening_result(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (length(name) > 0),
            cas_number TEXT,
            peak_index INTEGER,
            concentration_ppb REAL,
            confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
            PRIMARY KEY (result_id, position),
            UNIQUE (result_id, name),
            FOREIGN KEY (result_id, peak_index) REFERENCES result_peak(result_id, peak_index)
        ) WITHOUT ROWID;
        CREATE TABLE result_feature (
            result_id INTEGER NOT NULL REFERENCES screening_result(id),
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (length(name) > 0),
            value REAL NOT NULL,
            PRIMARY KEY (result_id, position),
            UNIQUE (result_id, name)
        ) WITHOUT ROWID;

        """ + ["result_qc_reason", "result_peak", "result_compound", "result_feature"].map { table in
        """
        CREATE TRIGGER \(table)_only_for_newest_result BEFORE INSERT ON \(table)
        WHEN NEW.result_id IS NOT last_insert_rowid()
        BEGIN SELECT RAISE(ABORT, 'a stored result cannot gain \(table) rows; record a correction'); END;

        """ + writeOnce(
            table, changed: "screening results are never changed; record a correction",
            deleted: "screening results are never deleted; record a correction")
    }.joined()

    /// Append-only and hash-chained: each entry carries the previous entry's hash and its own,
    /// SHA-256(previous hash ‖ canonical fields) (see `AuditEntry`). The insert trigger keeps
    /// the sequence dense and the chain linked even for writers that bypass the store.
    private static let auditTrail = """
        CREATE TABLE audit_entry (
            sequence INTEGER PRIMARY KEY,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            action TEXT NOT NULL CHECK (length(action) > 0),
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_entry_subject ON audit_entry(subject, sequence);
        CREATE TRIGGER audit_entry_extends_chain BEFORE INSERT ON audit_entry
        WHEN NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM audit_entry)
          OR NEW.previous_hash IS NOT coalesce(
                (SELECT hash FROM audit_entry ORDER BY sequence DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000')
        BEGIN SELECT RAISE(ABORT, 'an audit entry must extend the chain'); END;

        """ + writeOnce("audit_entry", changed: "the audit trail is append-only", deleted: "the audit trail is append-only")
}
