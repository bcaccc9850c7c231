import BreathExport
import BreathStore
import Foundation

/// Finding one result with its run and device, for the commands that show, export or plot it.
enum ResultLookup {
    /// Result `id` (any version) with every version, its run, the run's device and, when
    /// asked, the audit entries about it. Unknown ids are one line and exit 66.
    static func record(_ id: Int64, database path: String, withAudit: Bool = false) throws -> (ResultRecord, [AuditEntry]) {
        let found: (ResultRecord, [AuditEntry])?
        do throws(StoreError) {
            let store = try ResultStore.openReadOnly(at: path)
            if let history = try store.result(id), let version = history.versions.first(where: { $0.id == id }) {
                let run = try store.run("\(version.content.runID)")
                let device = try run.flatMap { run throws(StoreError) in try store.device(serial: run.deviceSerial) }
                let audit = withAudit ? try store.auditEntries(about: history.versions.map { "result:\($0.id)" }) : []
                found = (ResultRecord(history: history, run: run, device: device), audit)
            } else {
                found = nil
            }
        } catch {
            throw fail(error.description, error.exitCode)
        }
        guard let found else { throw fail("no result \(id) in \(path)", ExitStatus.noInput) }
        return found
    }
}
