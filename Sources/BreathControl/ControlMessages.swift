import Foundation

/// One request on the control socket: a single JSON object on one line (docs/CONTROL-SOCKET.md).
public struct ControlRequest: Codable, Sendable, Hashable {
    /// What the caller asks for.
    public enum Operation: String, Codable, Sendable, Hashable, CaseIterable {
        case status
        case deviceInfo = "device-info"
        case startRun = "start-run"
        case abortRun = "abort-run"
        case subscribe
    }

    /// Echoed in the reply so a client can match answers; optional.
    public var id: Int?
    public var op: Operation
    /// `start-run`: the breath sample's label (tube or kit number).
    public var sampleID: String?
    /// `start-run`: the clinic's patient identifier; the daemon stores only its pseudonym.
    public var patientID: String?
    /// `start-run`: the operator's username.
    public var operatorID: String?

    public init(id: Int? = nil, op: Operation, sampleID: String? = nil, patientID: String? = nil, operatorID: String? = nil) {
        self.id = id
        self.op = op
        self.sampleID = sampleID
        self.patientID = patientID
        self.operatorID = operatorID
    }

    enum CodingKeys: String, CodingKey {
        case id, op
        case sampleID = "sample_id", patientID = "patient_id", operatorID = "operator_id"
    }
}

/// Why the daemon refused a request; stable codes for scripts.
public struct ControlError: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    public enum Code: String, Codable, Sendable, Hashable {
        /// Not one JSON object of the documented shape.
        case malformed
        /// Longer than ``ControlWire/maximumLineBytes``.
        case tooLong = "too-long"
        /// The caller's uid may not use the socket.
        case unauthorised
        /// A field is missing or invalid.
        case invalidArgument = "invalid-argument"
        /// No device is connected.
        case noDevice = "no-device"
        /// A run is already in progress (start) or none is (abort).
        case busy
        case noRun = "no-run"
        /// The device refused or failed.
        case deviceError = "device-error"
        /// The daemon is shutting down.
        case shuttingDown = "shutting-down"
        case internalError = "internal"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// The daemon, its device and its run, as `status` reports them.
public struct DaemonStatus: Codable, Sendable, Hashable {
    /// "starting", "idle", "acquiring", "stopping".
    public var state: String
    public var version: String
    public var pid: Int32
    public var uptimeSeconds: Double
    public var device: DeviceConnectionReport
    public var run: RunProgress?
    /// Runs stored since the daemon started.
    public var runsStored: Int

    public init(state: String, version: String, pid: Int32, uptimeSeconds: Double, device: DeviceConnectionReport, run: RunProgress?, runsStored: Int) {
        self.state = state
        self.version = version
        self.pid = pid
        self.uptimeSeconds = uptimeSeconds
        self.device = device
        self.run = run
        self.runsStored = runsStored
    }

    enum CodingKeys: String, CodingKey {
        case state, version, pid, device, run
        case uptimeSeconds = "uptime_s", runsStored = "runs_stored"
    }
}

/// Whether the device is there and what it is.
public struct DeviceConnectionReport: Codable, Sendable, Hashable {
    /// "connecting", "connected", "disconnected".
    public var connection: String
    /// The link kind from the configuration: "emulator", "usb", "replay".
    public var link: String
    public var serial: String?
    public var hardwareVersion: String?
    public var firmwareVersion: String?
    public var calibrationID: String?
    public var protocolVersion: String?
    /// Why the last connection ended or failed.
    public var lastError: String?
    public var reconnects: Int

    public init(connection: String, link: String, serial: String? = nil, hardwareVersion: String? = nil,
                firmwareVersion: String? = nil, calibrationID: String? = nil, protocolVersion: String? = nil,
                lastError: String? = nil, reconnects: Int = 0) {
        self.connection = connection
        self.link = link
        self.serial = serial
        self.hardwareVersion = hardwareVersion
        self.firmwareVersion = firmwareVersion
        self.calibrationID = calibrationID
        self.protocolVersion = protocolVersion
        self.lastError = lastError
        self.reconnects = reconnects
    }

    enum CodingKeys: String, CodingKey {
        case connection, link, serial, reconnects
        case hardwareVersion = "hardware_version", firmwareVersion = "firmware_version"
        case calibrationID = "calibration_id", protocolVersion = "protocol_version", lastError = "last_error"
    }
}

/// The run in progress (or just finished, in events).
public struct RunProgress: Codable, Sendable, Hashable {
    public var runUUID: String
    public var sampleID: String
    /// The patient's pseudonym; the identifier never leaves the daemon.
    public var patientPseudonym: String
    public var operatorID: String
    /// The device's phase ("sampling", "desorption", ...), or "starting".
    public var phase: String
    public var runTimeMillis: Int
    public var samples: Int
    public var startedAt: Date

    public init(runUUID: String, sampleID: String, patientPseudonym: String, operatorID: String, phase: String,
                runTimeMillis: Int, samples: Int, startedAt: Date) {
        self.runUUID = runUUID
        self.sampleID = sampleID
        self.patientPseudonym = patientPseudonym
        self.operatorID = operatorID
        self.phase = phase
        self.runTimeMillis = runTimeMillis
        self.samples = samples
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case phase, samples
        case runUUID = "run_uuid", sampleID = "sample_id", patientPseudonym = "patient_pseudonym"
        case operatorID = "operator_id", runTimeMillis = "run_time_ms", startedAt = "started_at"
    }
}

/// A pushed event for `subscribe`rs.
public struct ControlEvent: Codable, Sendable, Hashable {
    /// "run-started", "phase", "progress", "run-stored", "analysis", "device-connected", "device-disconnected".
    public var kind: String
    public var run: RunProgress?
    /// For "run-stored": the database id and stored status; for "analysis": peaks found.
    public var runID: Int64?
    public var status: String?
    public var detail: String?

    public init(kind: String, run: RunProgress? = nil, runID: Int64? = nil, status: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.run = run
        self.runID = runID
        self.status = status
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case kind, run, status, detail
        case runID = "run_id"
    }
}

/// One reply line: `ok` with the requested payload, or `error`. Events carry `event`.
public struct ControlReply: Codable, Sendable, Hashable {
    public var id: Int?
    public var ok: Bool
    public var error: ControlError?
    public var status: DaemonStatus?
    public var device: DeviceConnectionReport?
    public var run: RunProgress?
    public var event: ControlEvent?

    public init(id: Int? = nil, ok: Bool, error: ControlError? = nil, status: DaemonStatus? = nil,
                device: DeviceConnectionReport? = nil, run: RunProgress? = nil, event: ControlEvent? = nil) {
        self.id = id
        self.ok = ok
        self.error = error
        self.status = status
        self.device = device
        self.run = run
        self.event = event
    }

    public static func failure(_ error: ControlError, id: Int? = nil) -> ControlReply {
        ControlReply(id: id, ok: false, error: error)
    }
}

/// Encoding rules shared by both ends.
public enum ControlWire {
    /// The longest request line the daemon reads (bytes, without the newline).
    public static let maximumLineBytes = 4096
    /// The longest reply line a client accepts.
    public static let maximumReplyBytes = 1 << 20

    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // The types here encode without failing; a failure would be a programming error.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(line))
    }
}
