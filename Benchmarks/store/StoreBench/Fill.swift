import BreathStore
import BreathStoreSamples
import Foundation
import GRDBSQLite

/// Fills the database and measures result inserts with synchronous=FULL.
struct Fill {
    /// What was measured, for people.
    var report: String
    /// A patient with results, for the one-patient query.
    var patient: Pseudonym
    /// The first day of the runs' year, for the date-range query.
    var yearStart: Date

    static let patients = 20_000

    static func run(path: String, options: BenchOptions) throws -> Fill {
        let yearStart = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 UTC
        var random = SplitMix64(seed: 2026)
        var pseudonyms = [Pseudonym]()
        var runIDs = [Int64]()
        var single = 0.0, batched = 0.0
        let setup: Double
        do {
            let store = try ResultStore.openForWriting(at: path)
            // Patients and runs come first, in batches: acquisition writes runs, not results.
            setup = try seconds {
                try store.registerOperator(username: "bench", displayName: "Store Benchmark", actor: "admin")
                for first in stride(from: 0, to: patients, by: options.batch) {
                    pseudonyms += try store.transaction { transaction in
                        try (first..<min(first + options.batch, patients)).map {
                            try transaction.pseudonym(forPatient: "MRN-\($0)", actor: "bench")
                        }
                    }
                }
                for first in stride(from: 0, to: options.results, by: options.batch) {
                    let runs = (first..<min(first + options.batch, options.results)).map { _ in
                        SyntheticResults.run(startedAt: yearStart.addingTimeInterval(Double(random.next() % 31_536_000)))
                    }
                    runIDs += try store.transaction { transaction in
                        try runs.map {
                            try transaction.insert(
                                run: $0, device: SyntheticResults.device, trace: SyntheticResults.trace, events: [],
                                actor: "breathd")
                        }
                    }
                }
            }
            func contents(_ range: Range<Int>) -> [ScreeningResultContent] {
                range.map { index in
                    SyntheticResults.content(
                        runID: runIDs[index], patient: pseudonyms[Int(random.next() % UInt64(patients))],
                        operatorName: "bench", random: &random)
                }
            }
            // As breathd will write them: one result, one transaction, one fsync.
            let first = contents(0..<options.timed)
            single = try seconds {
                for content in first { _ = try store.insertResult(content, actor: "bench") }
            }
            for start in stride(from: options.timed, to: options.results, by: options.batch) {
                let chunk = contents(start..<min(start + options.batch, options.results))
                batched += try seconds {
                    try store.transaction { transaction in
                        for content in chunk { _ = try transaction.insertResult(content, actor: "bench") }
                    }
                }
            }
        }
        let reopen = try seconds { _ = try ResultStore.openForWriting(at: path) }
        let reader = try ResultStore.openReadOnly(at: path)
        var verification: AuditVerification?
        let verify = try seconds { verification = try reader.verifyAuditTrail() }
        guard case .intact = verification else { throw BenchError("the filled database's audit trail does not verify") }
        let check = try seconds {
            guard try reader.integrityProblems().isEmpty else { throw BenchError("the filled database fails integrity_check") }
        }
        let copy = path + ".backup"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let backup = try seconds { _ = try reader.backup(to: copy) }
        let size = { (file: String) in
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        let patient = try ResultStore.openReadOnly(at: path).results(ResultQuery(limit: 1))[0].patient
        let megabytes = { (bytes: Int) in String(format: "%.0f MB", Double(bytes) / 1e6) }
        let batchedCount = options.results - options.timed
        var lines = [
            "Store benchmark: \(options.results) results (24 peaks, 10 compounds, 12 features, 1 audit entry each),",
            "\(patients) patients, runs over one year; SQLite \(sqliteVersion()), WAL, synchronous=FULL",
            String(format: "  setup (patients and runs, batched):          %.1f s", setup),
            String(format: "  inserts, one transaction per result:          %7.0f results/s  (%d results in %.2f s)",
                   Double(options.timed) / single, options.timed, single),
        ]
        if batchedCount > 0 {
            lines.append(String(format: "  inserts, %d per transaction (reference):    %7.0f results/s  (%d results in %.1f s)",
                                options.batch, Double(batchedCount) / batched, batchedCount, batched))
        }
        lines.append(String(format: "  open for writing (quick_check included):      %.2f s", reopen))
        lines.append(String(format: "  audit verify (chain and every result):        %.2f s", verify))
        lines.append(String(format: "  integrity_check and foreign_key_check:        %.2f s", check))
        lines.append(String(format: "  backup with check of the copy:                %.2f s", backup))
        lines.append("  database \(megabytes(size(path))), -wal \(megabytes(size(path + "-wal")))")
        return Fill(report: lines.joined(separator: "\n"), patient: patient, yearStart: yearStart)
    }

    /// The version of the SQLite library the store runs on.
    private static func sqliteVersion() -> String {
        String(cString: sqlite3_libversion())
    }
}
