import BreathTestSupport
import Foundation
import Testing

extension UMockdevTests {
    /// packaging/udev/70-breath-microgc.rules under `udevadm test` with a umockdev device.
    ///
    /// The check needs a private mount namespace (`unshare -m`, root or CAP_SYS_ADMIN) so the
    /// machine's own rules and groups stay untouched; where that is refused the suite is
    /// reported as skipped with this reason, never as passed.
    @Suite(.enabled(if: canUnshareMounts, "udevadm test needs a private mount namespace (unshare -m): not permitted here"))
    struct UdevRule {
        let rule = Tools.packageRoot.appendingPathComponent("packaging/udev/70-breath-microgc.rules").path
        let device = Tools.umockdevFolder.appendingPathComponent("recordings/breath-microgc.umockdev")
        let syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"

        func udevadmTest(_ description: URL) throws -> Finished {
            let before = UMockdevLeftovers.current()
            defer { _ = UMockdevLeftovers.removeNew(since: before) }
            return try Finished.run(Tools.umockdevFolder.appendingPathComponent("udev-test.sh").path, [rule, description.path, syspath])
        }

        @Test func theDeviceGetsTheDaemonsGroupAndStartsTheService() throws {
            let result = try udevadmTest(device)
            #expect(result.status == 0, "\(result.stdout)")
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.contains { $0.contains("70-breath-microgc.rules") && $0.contains(" GROUP ") }, "\(result.stdout)")
            #expect(lines.contains { $0.contains("70-breath-microgc.rules") && $0.hasSuffix(" MODE 0660") })
            #expect(lines.contains("SYSTEMD_WANTS=breathd.service"))
            #expect(lines.contains { $0.hasPrefix("CURRENT_TAGS=") && $0.contains(":systemd:") })
        }

        @Test func anotherProductIsLeftAlone() throws {
            try withTemporaryDirectory { folder in
                let text = try String(contentsOf: device, encoding: .utf8)
                let other = folder.appendingPathComponent("other.umockdev")
                try text.replacingOccurrences(of: "idProduct=b7ea", with: "idProduct=b7eb").write(to: other, atomically: true, encoding: .utf8)
                let result = try udevadmTest(other)
                #expect(result.status == 0, "\(result.stdout)")
                #expect(!result.stdout.contains("70-breath-microgc.rules:6"))
                #expect(!result.stdout.contains("SYSTEMD_WANTS=breathd.service"))
            }
        }
    }
}

/// Whether this process may make a private mount namespace, which the udev check needs.
private let canUnshareMounts: Bool = (try? Finished.run("/usr/bin/unshare", ["-m", "true"]).status) == 0
