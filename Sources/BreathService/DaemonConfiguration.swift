import BreathDevice
import BreathEmulator
import BreathUSB
import Foundation
import Logging

/// breathd's settings: defaults, overridden by the configuration file, then by the command
/// line. Every value is checked when the daemon starts; a bad one is one error naming its key.
///
/// The file format is one `key = value` per line; `#` starts a comment line; blank lines are
/// ignored; values are taken verbatim after trimming (no quoting). Keys are listed in
/// ``DaemonConfiguration/Key`` and documented in packaging/breathd.conf.
public struct DaemonConfiguration: Sendable, Hashable {
    /// Which kind of device link to open.
    public var device: DeviceKind = .emulator
    public var dataDirectory = "/var/lib/breathd"
    /// The control socket; by default `control.sock` in the data directory (the shipped
    /// configuration puts it in systemd's RuntimeDirectory, /run/breathd).
    public var controlSocketSetting: String?
    /// The group whose members may use the control socket; nil means the daemon's own group.
    public var controlGroup: String?
    /// The Prometheus textfile: by default `metrics/breathd.prom` in the data directory; an
    /// empty value in the file disables it.
    public var metricsFileSetting: String??
    public var logLevel: Logger.Level = .info
    public var emulatorSeed: UInt64 = 1
    public var emulatorSubject: EmulatorConfiguration.Subject = .control
    /// As fast as possible by default, as the command line always did; 1 is real time.
    public var emulatorPacing: EmulatorLink.Pacing = .asFastAsPossible
    /// First and longest wait between reconnection attempts (doubling in between).
    public var reconnectInitialDelay: Duration = .milliseconds(500)
    public var reconnectMaximumDelay: Duration = .seconds(30)
    /// The USB device: the protocol's VID:PID by default, optionally one unit's serial.
    public var usbMatch = USBDeviceMatch.protocolDefault
    /// The capture a `replay` device plays.
    public var replayFile: String?
    /// The screening method file (it names its model); nil runs no screening.
    public var screeningMethod: String?

    public init() {}

    /// The device link kinds.
    public enum DeviceKind: String, Sendable, Hashable, CaseIterable {
        /// The built-in emulated device (synthetic data).
        case emulator
        /// The micro-GC on the USB bus, through libusb.
        case usb
        /// A recorded capture playing back as the device, once.
        case replay
    }

    /// Every key the file may hold.
    public enum Key: String, Sendable, CaseIterable {
        case device
        case dataDirectory = "data_directory"
        case controlSocket = "control_socket"
        case controlGroup = "control_group"
        case metricsFile = "metrics_file"
        case logLevel = "log_level"
        case emulatorSeed = "emulator_seed"
        case emulatorSubject = "emulator_subject"
        case emulatorPace = "emulator_pace"
        case reconnectInitialDelayMS = "reconnect_initial_delay_ms"
        case reconnectMaximumDelayMS = "reconnect_max_delay_ms"
        case usbVendorID = "usb_vendor_id"
        case usbProductID = "usb_product_id"
        case usbSerial = "usb_serial"
        case replayFile = "replay_file"
        case screeningMethod = "screening_method"
    }

    public var controlSocket: String {
        controlSocketSetting ?? (dataDirectory as NSString).appendingPathComponent("control.sock")
    }

    /// Where metrics go, or nil when disabled.
    public var metricsFile: String? {
        metricsFileSetting ?? (dataDirectory as NSString).appendingPathComponent("metrics/breathd.prom")
    }

    /// The database inside the data directory.
    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("breath.sqlite") }
    /// Capture files inside the data directory.
    public var captureDirectory: URL {
        URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("captures", isDirectory: true)
    }
}

/// A configuration value that cannot be used, or a line that cannot be read.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the value came from: "FILE line N" or "command line".
    public var origin: String
    /// The key at fault, when the line named one.
    public var key: String?
    public var problem: String

    public init(origin: String, key: String?, problem: String) {
        self.origin = origin
        self.key = key
        self.problem = problem
    }

    public var description: String {
        "\(origin): " + (key.map { "\($0): " } ?? "") + problem
    }
}

extension DaemonConfiguration {
    /// One `key = value` setting and where it was written.
    public struct Setting: Sendable, Hashable {
        public var key: String
        public var value: String
        public var origin: String

        public init(key: String, value: String, origin: String) {
            self.key = key
            self.value = value
            self.origin = origin
        }
    }

    /// Parses configuration file text into settings; the file's path names errors.
    public static func settings(parsing text: String, file: String) throws(ConfigurationError) -> [Setting] {
        var settings: [Setting] = []
        var seen: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let origin = "\(file) line \(index + 1)"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(origin: origin, key: nil, problem: "expected 'key = value'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard Key(rawValue: key) != nil else {
                throw ConfigurationError(origin: origin, key: key, problem: "unknown key (known: \(Key.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if let first = seen[key] {
                throw ConfigurationError(origin: origin, key: key, problem: "set twice (first on line \(first))")
            }
            seen[key] = index + 1
            settings.append(Setting(key: key, value: value, origin: origin))
        }
        return settings
    }

    /// Reads the file at `path`. A missing file is an error only when `required`.
    public static func settings(fromFile path: String, required: Bool) throws(ConfigurationError) -> [Setting] {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigurationError(origin: path, key: nil, problem: "no such file") }
            return []
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(origin: path, key: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(origin: path, key: nil, problem: "not UTF-8 text")
        }
        return try settings(parsing: text, file: path)
    }

    /// The defaults with `settings` applied in order, each value checked.
    public init(applying settings: [Setting]) throws(ConfigurationError) {
        self.init()
        for setting in settings { try apply(setting) }
        if device == .replay, replayFile == nil {
            throw ConfigurationError(
                origin: settings.last { $0.key == Key.device.rawValue }?.origin ?? "configuration",
                key: Key.replayFile.rawValue, problem: "must be set when device = replay")
        }
        guard reconnectInitialDelay <= reconnectMaximumDelay else {
            throw ConfigurationError(
                origin: settings.last { $0.key == Key.reconnectMaximumDelayMS.rawValue }?.origin ?? "configuration",
                key: Key.reconnectMaximumDelayMS.rawValue, problem: "must not be less than reconnect_initial_delay_ms")
        }
    }

    private mutating func apply(_ setting: Setting) throws(ConfigurationError) {
        func bad(_ problem: String) -> ConfigurationError {
            ConfigurationError(origin: setting.origin, key: setting.key, problem: "\(problem), got '\(setting.value)'")
        }
        let value = setting.value
        guard let key = Key(rawValue: setting.key) else {
            throw ConfigurationError(origin: setting.origin, key: setting.key, problem: "unknown key")
        }
        switch key {
        case .device:
            guard let kind = DeviceKind(rawValue: value) else {
                throw bad("must be one of \(DeviceKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            device = kind
        case .dataDirectory:
            guard !value.isEmpty, !value.contains("\0") else { throw bad("must be a directory path") }
            dataDirectory = value
        case .controlSocket:
            guard !value.isEmpty, value.utf8.count <= 107 else { throw bad("must be a path of 1 to 107 bytes") }
            controlSocketSetting = value
        case .controlGroup:
            guard value.isEmpty || Self.isName(value) else { throw bad("must be a group name or empty") }
            controlGroup = value.isEmpty ? nil : value
        case .metricsFile:
            guard value.isEmpty || value.hasSuffix(".prom") else {
                throw bad("must end in .prom (node_exporter's textfile collector reads only those) or be empty")
            }
            metricsFileSetting = .some(value.isEmpty ? nil : value)
        case .logLevel:
            guard let level = Logger.Level(rawValue: value) else {
                throw bad("must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = level
        case .emulatorSeed:
            guard let seed = UInt64(value) else { throw bad("must be a whole number from 0 to \(UInt64.max)") }
            emulatorSeed = seed
        case .emulatorSubject:
            guard let subject = EmulatorConfiguration.Subject(rawValue: value) else {
                throw bad("must be one of \(EmulatorConfiguration.Subject.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            emulatorSubject = subject
        case .emulatorPace:
            if value == "max" {
                emulatorPacing = .asFastAsPossible
            } else if let speed = Double(value), speed.isFinite, speed > 0, speed <= 10_000 {
                emulatorPacing = .realTime(speed: speed)
            } else {
                throw bad("must be 'max' or a speed factor above 0 and at most 10000")
            }
        case .reconnectInitialDelayMS, .reconnectMaximumDelayMS:
            guard let millis = Int(value), (10...3_600_000).contains(millis) else {
                throw bad("must be a whole number of milliseconds from 10 to 3600000")
            }
            if key == .reconnectInitialDelayMS { reconnectInitialDelay = .milliseconds(millis) } else {
                reconnectMaximumDelay = .milliseconds(millis)
            }
        case .usbVendorID, .usbProductID:
            guard let id = USBDeviceMatch.id(parsing: value) else { throw bad("must be a 16-bit hexadecimal id such as 0x1209") }
            if key == .usbVendorID { usbMatch.vendorID = id } else { usbMatch.productID = id }
        case .usbSerial:
            guard value.count <= 126, !value.contains("\0") else { throw bad("must be a serial string of at most 126 characters") }
            usbMatch.serial = value.isEmpty ? nil : value
        case .replayFile:
            guard FileManager.default.isReadableFile(atPath: value) else { throw bad("must be a readable capture file") }
            replayFile = value
        case .screeningMethod:
            guard value.isEmpty || FileManager.default.isReadableFile(atPath: value) else {
                throw bad("must be a readable screening method file or empty")
            }
            screeningMethod = value.isEmpty ? nil : value
        }
    }

    /// A POSIX-ish user or group name.
    private static func isName(_ value: String) -> Bool {
        value.count <= 32 && value.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) }
            && !value.hasPrefix("-")
    }
}
