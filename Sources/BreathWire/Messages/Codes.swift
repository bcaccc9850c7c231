/// Device state (PROTOCOL.md section 3). Unknown values from a newer device are kept.
public struct DeviceState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let idle = DeviceState(rawValue: 0)
    public static let ready = DeviceState(rawValue: 1)
    public static let running = DeviceState(rawValue: 2)
    public static let fault = DeviceState(rawValue: 3)

    public var description: String {
        switch self {
        case .idle: "idle"
        case .ready: "ready"
        case .running: "running"
        case .fault: "fault"
        default: "state(\(rawValue))"
        }
    }
}

/// Phase of a run (PROTOCOL.md section 3). `none` when no run is active.
public struct RunPhase: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let none = RunPhase(rawValue: 0)
    public static let breathSampling = RunPhase(rawValue: 1)
    public static let trap = RunPhase(rawValue: 2)
    public static let desorption = RunPhase(rawValue: 3)
    public static let separation = RunPhase(rawValue: 4)
    public static let coolDown = RunPhase(rawValue: 5)

    public static func < (lhs: RunPhase, rhs: RunPhase) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .breathSampling: "breath-sampling"
        case .trap: "trap"
        case .desorption: "desorption"
        case .separation: "separation"
        case .coolDown: "cool-down"
        default: "phase(\(rawValue))"
        }
    }
}

/// Why a device refused a command (PROTOCOL.md 4.1).
public struct NackCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let badState = NackCode(rawValue: 1)
    public static let invalidMethod = NackCode(rawValue: 2)
    public static let noMethod = NackCode(rawValue: 3)
    public static let unknownRun = NackCode(rawValue: 4)
    public static let unsupportedVersion = NackCode(rawValue: 5)
    public static let malformed = NackCode(rawValue: 6)
    public static let busy = NackCode(rawValue: 7)
    public static let unknownType = NackCode(rawValue: 8)
    public static let faultActive = NackCode(rawValue: 9)

    public var description: String {
        switch self {
        case .badState: "BAD_STATE"
        case .invalidMethod: "INVALID_METHOD"
        case .noMethod: "NO_METHOD"
        case .unknownRun: "UNKNOWN_RUN"
        case .unsupportedVersion: "UNSUPPORTED_VERSION"
        case .malformed: "MALFORMED"
        case .busy: "BUSY"
        case .unknownType: "UNKNOWN_TYPE"
        case .faultActive: "FAULT_ACTIVE"
        default: "NACK(\(rawValue))"
        }
    }
}

/// A device fault or warning code (PROTOCOL.md 4.10). Unknown codes print as `0xNNNN`.
public struct FaultCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let columnOvertemperature = FaultCode(rawValue: 0x0001)
    public static let carrierPressureLoss = FaultCode(rawValue: 0x0002)
    public static let detectorLampFailure = FaultCode(rawValue: 0x0003)
    public static let lowBreathVolume = FaultCode(rawValue: 0x0004)
    public static let samplerTimeout = FaultCode(rawValue: 0x0005)
    public static let heaterFailure = FaultCode(rawValue: 0x0006)
    public static let bufferOverrun = FaultCode(rawValue: 0x0007)
    public static let highHumidity = FaultCode(rawValue: 0x0008)
    public static let internalError = FaultCode(rawValue: 0x0009)

    public var description: String {
        switch self {
        case .columnOvertemperature: "COLUMN_OVERTEMPERATURE"
        case .carrierPressureLoss: "CARRIER_PRESSURE_LOSS"
        case .detectorLampFailure: "DETECTOR_LAMP_FAILURE"
        case .lowBreathVolume: "LOW_BREATH_VOLUME"
        case .samplerTimeout: "SAMPLER_TIMEOUT"
        case .heaterFailure: "HEATER_FAILURE"
        case .bufferOverrun: "BUFFER_OVERRUN"
        case .highHumidity: "HIGH_HUMIDITY"
        case .internalError: "INTERNAL_ERROR"
        default: "0x" + String(rawValue, radix: 16, uppercase: true).leftPadded(to: 4)
        }
    }
}

/// How serious a fault is (PROTOCOL.md 4.10).
public struct FaultSeverity: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The run continues.
    public static let warning = FaultSeverity(rawValue: 0)
    /// The run ends as faulted.
    public static let error = FaultSeverity(rawValue: 1)
    /// The device needs service.
    public static let fatal = FaultSeverity(rawValue: 2)

    public static func < (lhs: FaultSeverity, rhs: FaultSeverity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .warning: "warning"
        case .error: "error"
        case .fatal: "fatal"
        default: "severity(\(rawValue))"
        }
    }
}

/// How a run ended on the device (PROTOCOL.md 4.9).
public struct RunOutcome: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let completed = RunOutcome(rawValue: 0)
    public static let aborted = RunOutcome(rawValue: 1)
    public static let faulted = RunOutcome(rawValue: 2)

    public var description: String {
        switch self {
        case .completed: "completed"
        case .aborted: "aborted"
        case .faulted: "faulted"
        default: "outcome(\(rawValue))"
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
