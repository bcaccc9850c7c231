import BreathService
import Foundation
import Testing

/// The configuration file: defaults, every key, and one clear error naming the key for each bad value.
@Suite struct ConfigurationTests {
    static func parse(_ text: String) throws(ConfigurationError) -> DaemonConfiguration {
        try DaemonConfiguration(applying: DaemonConfiguration.settings(parsing: text, file: "test.conf"))
    }

    @Test func defaultsNeedNoFile() throws {
        let configuration = try Self.parse("")
        #expect(configuration.device == .emulator)
        #expect(configuration.dataDirectory == "/var/lib/breathd")
        #expect(configuration.controlSocket == "/var/lib/breathd/control.sock")
        #expect(configuration.metricsFile == "/var/lib/breathd/metrics/breathd.prom")
        #expect(configuration.emulatorPacing == .asFastAsPossible)
        #expect(configuration.reconnectInitialDelay == .milliseconds(500))
        #expect(try DaemonConfiguration.settings(fromFile: "/nonexistent/breathd.conf", required: false).isEmpty)
    }

    @Test func everyKeyIsRead() throws {
        let configuration = try Self.parse("""
            # comment
              device = emulator
            data_directory = /srv/breath
            control_socket = /run/breathd/control.sock

            control_group = breath
            metrics_file =
            log_level = debug
            emulator_seed = 18446744073709551615
            emulator_subject = case-like
            emulator_pace = 60
            reconnect_initial_delay_ms = 100
            reconnect_max_delay_ms = 5000
            """)
        #expect(configuration.dataDirectory == "/srv/breath")
        #expect(configuration.controlSocket == "/run/breathd/control.sock")
        #expect(configuration.controlGroup == "breath")
        #expect(configuration.metricsFile == nil)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.emulatorSeed == .max)
        #expect(configuration.emulatorSubject == .caseLike)
        #expect(configuration.emulatorPacing == .realTime(speed: 60))
        #expect(configuration.reconnectInitialDelay == .milliseconds(100))
        #expect(configuration.reconnectMaximumDelay == .seconds(5))
    }

    @Test func theShippedExampleIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = root.appendingPathComponent("packaging/breathd.conf").path
        // The screening files are installed under /usr/local/share/breathd/screening; here they
        // are read from the checkout.
        let text = try String(contentsOfFile: example, encoding: .utf8).replacingOccurrences(
            of: "/usr/local/share/breathd/screening/", with: root.appendingPathComponent("Screening").path + "/")
        let configuration = try DaemonConfiguration(applying: DaemonConfiguration.settings(parsing: text, file: example))
        #expect(configuration.device == .usb)
        #expect(configuration.screeningMethod?.hasSuffix("breath-screening-method.json") == true)
        #expect(configuration.controlSocket == "/run/breathd/control.sock")
        #expect(configuration.controlGroup == "breath")
        #expect(configuration.emulatorPacing == .realTime(speed: 1))
    }

    @Test(arguments: [
        ("device = bluetooth", "device"), ("device =", "device"), ("device = replay", "replay_file"),
        ("usb_vendor_id = 0x12345", "usb_vendor_id"), ("replay_file = /nonexistent.bcap", "replay_file"),
        ("screening_method = /nonexistent.json", "screening_method"),
        ("data_directory =", "data_directory"),
        ("control_socket = /" + String(repeating: "s", count: 120), "control_socket"), ("control_socket =", "control_socket"),
        ("control_group = -x", "control_group"), ("control_group = a b", "control_group"),
        ("metrics_file = /tmp/metrics.txt", "metrics_file"),
        ("log_level = loud", "log_level"),
        ("emulator_seed = -1", "emulator_seed"), ("emulator_seed = 1.5", "emulator_seed"),
        ("emulator_subject = patient", "emulator_subject"),
        ("emulator_pace = fast", "emulator_pace"), ("emulator_pace = 0", "emulator_pace"),
        ("emulator_pace = nan", "emulator_pace"), ("emulator_pace = inf", "emulator_pace"),
        ("emulator_pace = 20000", "emulator_pace"),
        ("reconnect_initial_delay_ms = 5", "reconnect_initial_delay_ms"),
        ("reconnect_max_delay_ms = soon", "reconnect_max_delay_ms"),
        ("reconnect_initial_delay_ms = 1000\nreconnect_max_delay_ms = 500", "reconnect_max_delay_ms"),
        ("colour = blue", "colour"),
        ("log_level = info\nlog_level = debug", "log_level"),
    ])
    func aBadValueIsOneErrorNamingItsKey(_ text: String, _ key: String) {
        #expect {
            _ = try Self.parse(text)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == key && error.description.hasPrefix("test.conf line ") && !error.description.contains("\n")
        }
    }

    @Test func aLineWithoutEqualsNamesItsLine() {
        #expect(throws: ConfigurationError(origin: "test.conf line 2", key: nil, problem: "expected 'key = value'")) {
            _ = try Self.parse("log_level = info\nverbose\n")
        }
    }

    @Test func unreadableFilesAreClearErrors() throws {
        #expect(throws: ConfigurationError(origin: "/nonexistent/breathd.conf", key: nil, problem: "no such file")) {
            _ = try DaemonConfiguration.settings(fromFile: "/nonexistent/breathd.conf", required: true)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("breathd-\(UUID().uuidString).conf")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data([0x6C, 0x6F, 0xFF, 0xFE, 0x0A]).write(to: file)
        #expect(throws: ConfigurationError(origin: file.path, key: nil, problem: "not UTF-8 text")) {
            _ = try DaemonConfiguration.settings(fromFile: file.path, required: true)
        }
    }

    @Test func laterSettingsOverrideEarlierOnes() throws {
        let settings = try DaemonConfiguration.settings(parsing: "emulator_pace = 1", file: "test.conf")
            + [DaemonConfiguration.Setting(key: "emulator_pace", value: "max", origin: "command line")]
        #expect(try DaemonConfiguration(applying: settings).emulatorPacing == .asFastAsPossible)
    }
}
