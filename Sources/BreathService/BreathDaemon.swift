#if canImport(Glibc)
import Glibc
#endif
import BreathScreening
import BreathStore
import Foundation
import Logging
import ServiceLifecycle

/// breathd as a swift-service-lifecycle service: recovery, control socket, device supervision,
/// watchdog pings, and a drain on SIGTERM/SIGINT.
///
/// Start-up order matters to systemd: READY=1 is sent only once the store is open, open runs
/// are recovered and the control socket listens, so `systemctl start` returning means
/// `breathctl` works.
public struct BreathDaemon: Service {
    public let configuration: DaemonConfiguration
    public let store: ResultStore
    public let notifier: SystemdNotifier
    /// Acquire this many runs by itself, then stop (the demo and benchmarks); nil serves forever.
    public let automaticRuns: Int?
    private let logger: Logger

    public init(configuration: DaemonConfiguration, store: ResultStore, notifier: SystemdNotifier,
                automaticRuns: Int? = nil, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.notifier = notifier
        self.automaticRuns = automaticRuns
        self.logger = logger
    }

    /// Why the daemon could not start or finish its work, for the exit code.
    public enum Failure: Error, CustomStringConvertible {
        case recovery(any Error)
        case controlSocket(any Error)
        case controlGroup(String)
        case automaticRun(String)
        /// The screening method or its model cannot be used.
        case screening(any Error)
        /// The configured device link cannot be set up (libusb unavailable).
        case device(any Error)

        public var description: String {
            switch self {
            case .screening(let error): "screening_method: \(error)"
            case .device(let error): "cannot set up the device link: \(error)"
            case .recovery(let error): "cannot recover open runs: \(error)"
            case .controlSocket(let error): "cannot open the control socket: \(error)"
            case .controlGroup(let name): "control_group: no group named '\(name)'"
            case .automaticRun(let reason): "run failed: \(reason)"
            }
        }
    }

    public func run() async throws {
        let metrics = DaemonMetrics(path: configuration.metricsFile)
        notifier.status("recovering open runs")
        let recovered: [RunRecord]
        do {
            recovered = try await RunRecovery(
                store: store, captureDirectory: configuration.captureDirectory, softwareVersion: BreathVersion.software,
                logger: logger
            ).recover()
        } catch {
            throw Failure.recovery(error)
        }
        if let error = metrics.update({ $0.runsRecovered = recovered.count }) {
            logger.warning("cannot write the metrics file", metadata: ["path": "\(configuration.metricsFile ?? "")", "error": "\(error)"])
        }
        let pipeline = AcquisitionPipeline(
            store: store, captureDirectory: configuration.captureDirectory, softwareVersion: BreathVersion.software,
            logger: logger)
        let screening: MethodScreeningStage?
        do { screening = try configuration.screeningMethod.map { try MethodScreeningStage(screener: Screener.load(methodPath: $0)) } } catch {
            throw Failure.screening(error)
        }
        let connector: any DeviceConnector
        do { connector = try configuration.makeConnector() } catch { throw Failure.device(error) }
        // Screening is calibrated for one acquisition; without it the reference method runs.
        let coordinator = RunCoordinator(
            pipeline: pipeline, connector: connector, method: screening == nil ? .breathScreenV1 : .breathLCScreenV1,
            analysis: RunAnalysisStage(screening: screening), notifier: notifier, metrics: metrics,
            backoff: Backoff(initial: configuration.reconnectInitialDelay, maximum: configuration.reconnectMaximumDelay),
            logger: logger)
        let server: ControlServer
        do {
            let groupID = try controlGroupID()
            let directory = (configuration.controlSocket as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
            server = try ControlServer(
                path: configuration.controlSocket, groupID: groupID,
                policy: ControlAccessPolicy(daemonUID: geteuid(), groupID: groupID), handler: coordinator, logger: logger)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure.controlSocket(error)
        }
        defer { server.stop() }
        notifier.ready(status: "started; \(recovered.count) open runs recovered; connecting to the \(configuration.device.rawValue) device")
        logger.notice("breathd ready", metadata: [
            "version": "\(BreathVersion.software)", "socket": "\(configuration.controlSocket)",
            "recovered": "\(recovered.count)", "device": "\(configuration.device.rawValue)",
        ])

        let automaticRuns = automaticRuns
        let notifier = notifier
        let logger = logger
        let outcome: String? = await withTaskGroup(of: String?.self) { group in
            group.addTask { await coordinator.superviseDevice(); return nil }
            if let interval = notifier.watchdogInterval {
                group.addTask {
                    // Pings prove the coordinator still answers, not merely that a timer fires.
                    while !Task.isCancelled {
                        await coordinator.heartbeat()
                        notifier.watchdog()
                        try? await Task.sleep(for: interval)
                    }
                    return nil
                }
            }
            let stop: String? = await withTaskGroup(of: String?.self) { waiters in
                waiters.addTask {
                    do { try await gracefulShutdown() } catch { return "cancelled" }
                    return "shutdown requested"
                }
                if let automaticRuns {
                    waiters.addTask { await Self.acquire(automaticRuns, with: coordinator, screens: screening != nil, logger: logger) }
                }
                let first = await waiters.next() ?? nil
                waiters.cancelAll()
                return first
            }
            await coordinator.drain(reason: stop ?? "done")
            group.cancelAll()
            return stop
        }
        logger.notice("breathd stopped", metadata: ["reason": "\(outcome ?? "done")"])
        if let outcome, outcome.hasPrefix("run failed") { throw Failure.automaticRun(outcome) }
    }

    /// The demo mode: `count` runs with synthetic labels, one after another.
    private static func acquire(_ count: Int, with coordinator: RunCoordinator, screens: Bool, logger: Logger) async -> String? {
        for index in 0..<count {
            guard await coordinator.waitUntil(stored: nil) else { return nil }
            // With screening, a synthetic patient per demo run, so that the result has someone to
            // be filed under; without, the run belongs to no one.
            let patient = screens
                ? try? coordinator.pipeline.store.pseudonym(forPatient: "synthetic-demo-\(index + 1)", actor: "breathd") : nil
            let context = RunContext(sampleID: "demo-\(index + 1)", patientPseudonym: patient?.text ?? "", operatorID: "breathd-demo")
            let reply = await coordinator.begin(context, actor: "breathd")
            if let error = reply.error { return "run failed: \(error.message)" }
            guard await coordinator.waitUntil(stored: index + 1) else { return nil }
        }
        return "\(count) runs acquired"
    }

    private func controlGroupID() throws -> UInt32 {
        guard let name = configuration.controlGroup else { return getegid() }
        guard let group = getgrnam(name) else { throw Failure.controlGroup(name) }
        return group.pointee.gr_gid
    }
}
