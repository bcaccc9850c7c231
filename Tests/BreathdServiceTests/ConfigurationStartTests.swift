import BreathTestSupport
import Foundation
import Testing

/// A bad configuration stops breathd before it touches anything: exit 78 and one line naming the key.
@Suite struct ConfigurationStartTests {
    @Test(arguments: [
        ("emulator_pace = fast\n", "emulator_pace"),
        ("data_directory = /srv\ndata_directory = /srv\n", "data_directory"),
        ("colour = blue\n", "colour"),
        ("metrics_file = /tmp/x.txt\n", "metrics_file"),
    ])
    func aBadFileExits78NamingTheKey(_ text: String, _ key: String) throws {
        try withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent("breathd.conf")
            try text.write(to: config, atomically: true, encoding: .utf8)
            let result = try Breathd.run(["--config", config.path, "--data-directory", directory.appendingPathComponent("data").path])
            #expect(result.status == 78, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("<2>breathd: configuration: \(config.path) line "))
            #expect(result.stderr.contains(": \(key): "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("data").path))
        }
    }

    @Test func aMissingExplicitFileExits78() throws {
        let result = try Breathd.run(["--config", "/nonexistent/breathd.conf", "--check-config"])
        #expect(result.status == 78)
        #expect(result.stderr == "<2>breathd: configuration: /nonexistent/breathd.conf: no such file\n")
    }

    @Test func aControlSocketThatCannotBeBoundExits71() throws {
        try withTemporaryDirectory { directory in
            // A regular file where the socket goes is never replaced.
            let socket = directory.appendingPathComponent("control.sock")
            try Data("keep me".utf8).write(to: socket)
            let result = try Breathd.run(["--data-directory", directory.path, "--control-socket", socket.path, "--runs", "1"])
            #expect(result.status == 71, "\(result.stderr)")
            #expect(result.stderr.contains("cannot open the control socket"))
            #expect(try Data(contentsOf: socket) == Data("keep me".utf8))
        }
    }
}

/// Runs the built breathd to its end.
enum Breathd {
    static func run(_ arguments: [String]) throws -> ChildResult {
        try runChild(BuiltProducts.executable("breathd"), arguments)
    }
}
