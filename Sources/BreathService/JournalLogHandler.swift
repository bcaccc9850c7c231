import Foundation
import Logging
import Synchronization

/// Writes one line per log record to standard error with a `<N>` syslog priority prefix,
/// which journald turns into the record's priority (SyslogLevelPrefix=yes, the default).
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "<\(JournalLogHandler.priority(event.level))>\(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)\n"
        JournalLogHandler.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// syslog priorities: 7 debug, 6 info, 5 notice, 4 warning, 3 err, 2 crit.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Serialises whole lines from concurrent loggers.
    private static let output = Mutex(())
}
