import BreathTestSupport
import Foundation

/// The Python umockdev device (Tests/umockdev/breath_usb_device.py) running `breath-usb`.
struct InteractiveDevice {
    /// Options of the device: faults, timing, emulator seed and faults.
    var options: [String] = []

    /// Runs `program` (a product of the package, `breath-usb` by default) with `arguments`
    /// against the device; returns what both reported.
    func run(_ arguments: [String], program name: String = "breath-usb") throws -> (device: DeviceSummary, program: Finished) {
        try withTemporaryDirectory { folder in
            let summary = folder.appendingPathComponent("device.json")
            let before = UMockdevLeftovers.current()
            let program = try Finished.run(Tools.python, [
                Tools.umockdevFolder.appendingPathComponent("breath_usb_device.py").path,
                "--emulator", Tools.product("breath-emulator"),
                "--summary", summary.path,
                // A safety net for a hung program, not a measurement.
                "--timeout", "600",
            ] + options + ["--", Tools.product(name)] + arguments)
            let leftovers = UMockdevLeftovers.removeNew(since: before)
            guard leftovers.isEmpty else { throw HarnessError("umockdev left \(leftovers.sorted()) behind") }
            guard let data = FileManager.default.contents(atPath: summary.path) else {
                throw HarnessError("the umockdev device wrote no summary; stderr:\n\(program.stderr)")
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return (try decoder.decode(DeviceSummary.self, from: data), program)
        }
    }

    /// Runs `breath-usb acquire` into a fresh capture folder with `arguments` added.
    func acquire(_ arguments: [String] = []) throws -> (device: DeviceSummary, runs: [RunLine], program: Finished) {
        try withTemporaryDirectory { captures in
            let (device, program) = try run(["acquire", "--capture-directory", captures.path] + arguments)
            let runs = try RunLine.lines(program.stdout)
            for run in runs {
                // The capture must exist while the folder does: check it before it goes.
                if let capture = run.capture, !FileManager.default.fileExists(atPath: capture) {
                    throw HarnessError("run \(run.run ?? "?") names a capture that does not exist: \(capture)")
                }
            }
            return (device, runs, program)
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
