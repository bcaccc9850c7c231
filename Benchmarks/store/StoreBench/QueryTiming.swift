import BreathStore
import BreathStoreSamples
import Foundation

/// Times the CLI's typical queries through the store, breathctl and the sqlite3 shell; both
/// processes print JSON (`breathctl results list --json`, `sqlite3 -json`), and the last
/// column is their ratio (the target for the latest 50: at most 2).
enum QueryTiming {
    struct Case {
        var name: String
        var query: ResultQuery
        /// The `breathctl results list` options that ask for the same results.
        var options: [String]
    }

    static func run(path: String, fill: Fill, options: BenchOptions) throws -> String {
        let weekStart = fill.yearStart.addingTimeInterval(26 * 7 * 86_400)
        let weekEnd = weekStart.addingTimeInterval(7 * 86_400)
        let iso = { (date: Date) in date.formatted(.iso8601) }
        let cases = [
            Case(name: "latest 50", query: ResultQuery(limit: 50), options: ["--limit", "50"]),
            Case(name: "one patient", query: ResultQuery(patient: fill.patient, limit: 50),
                 options: ["--patient", fill.patient.text, "--limit", "50"]),
            Case(name: "one week", query: ResultQuery(sampledFrom: weekStart, sampledBefore: weekEnd, limit: 10_000),
                 options: ["--since", iso(weekStart), "--until", iso(weekEnd), "--limit", "10000"]),
            Case(name: "high risk, passed QC, one device", query: ResultQuery(qcOutcomes: [.pass], categories: [.high],
                                                                              deviceSerial: SyntheticResults.device.serial, limit: 50),
                 options: ["--qc", "pass", "--category", "high", "--device", SyntheticResults.device.serial, "--limit", "50"]),
        ]
        let sqlite3 = try executable(options.sqlite3)
        let store = try ResultStore.openReadOnly(at: path)
        let milliseconds = { (value: Double) in String(format: "%.2f ms", value * 1000) }
        var rows = [["QUERY", "ROWS", "STORE API", "SQLITE3 SHELL", "STORE OPEN+QUERY", "BREATHCTL --JSON", "SQLITE3 -JSON", "RATIO"]]
        var statements = [String]()
        for test in cases {
            let count = try store.results(test.query).count
            let api = median(try (0..<options.repeats).map { _ in try seconds { _ = try store.results(test.query) } })
            let openAndQuery = median(try (0..<options.repeats).map { _ in
                try seconds { _ = try ResultStore.openReadOnly(at: path).results(test.query) }
            })

            // The same SQL in the sqlite3 shell: check it returns the same rows, then time it.
            let sql = test.query.shellSQL
            statements.append("  \(test.name): \(sql)")
            let shellOutput = try launch(sqlite3, ["-readonly", "-batch", "-json", path, sql], capture: true)
            // sqlite3 -json prints nothing at all for no rows.
            let shellCount = shellOutput.isEmpty ? 0 : (try JSONSerialization.jsonObject(with: Data(shellOutput.utf8)) as? [Any])?.count ?? -1
            guard shellCount == count else { throw BenchError("\(test.name): sqlite3 returned \(shellCount) rows, the store \(count)") }
            // Per query inside one shell: the time of K+1 queries less that of 1, over K.
            let k = options.repeats
            let inShell = median(try (0..<5).map { _ in
                let many = try seconds { _ = try launch(sqlite3, ["-readonly", "-batch", "-json", path], input: String(repeating: sql + "\n", count: k + 1)) }
                let one = try seconds { _ = try launch(sqlite3, ["-readonly", "-batch", "-json", path], input: sql + "\n") }
                return max(0, many - one) / Double(k)
            })
            let shellProcess = median(try (0..<options.repeats).map { _ in
                try seconds { _ = try launch(sqlite3, ["-readonly", "-batch", "-json", path, sql]) }
            })

            let arguments = ["results", "list", "--db", path, "--json"] + test.options
            let json = try launch(options.breathctl, arguments, capture: true)
            let cliCount = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count
            guard cliCount == count else { throw BenchError("\(test.name): breathctl listed \(cliCount ?? -1) results, the store \(count)") }
            let cli = median(try (0..<options.repeats).map { _ in try seconds { _ = try launch(options.breathctl, arguments) } })

            rows.append([test.name, "\(count)", milliseconds(api), milliseconds(inShell), milliseconds(openAndQuery),
                         milliseconds(cli), milliseconds(shellProcess), String(format: "%.1fx", cli / shellProcess)])
        }
        let version = try launch(sqlite3, ["--version"], capture: true).split(separator: " ").first.map(String.init) ?? "?"
        return (["", "Queries, median of \(options.repeats) (sqlite3 shell \(version)):"]
            + table(rows) + ["", "SQL (as run by the store; in the shell with literals):"] + statements).joined(separator: "\n")
    }

    /// `name` itself when it holds a slash, else its first match on PATH.
    static func executable(_ name: String) throws -> String {
        if name.contains("/") { return name }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        guard let found = directories.map({ "\($0)/\(name)" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw BenchError("\(name) is not on PATH (Debian package sqlite3)")
        }
        return found
    }

    private static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}
