import BreathScreening
import Foundation
import XCTest

/// Method files: the shipped one loads; every kind of bad file is refused with the key named.
final class MethodFileTests: XCTestCase {
    func testShippedMethodLoads() throws {
        let method = try Fixtures.method()
        XCTAssertEqual(method.id, "breath-lc-screen")
        XCTAssertEqual(method.retention.referencePeaks.first?.name, method.internalStandard.name)
        XCTAssertFalse(method.featureTargets.isEmpty)
    }

    /// Decodes the shipped method with one change and returns the error.
    private func error(after change: (inout [String: Any]) -> Void) throws -> MethodError? {
        var json = try Fixtures.methodJSON()
        change(&json)
        let data = try Fixtures.data(json)
        do {
            _ = try ScreeningMethod.decode(data)
            return nil
        } catch {
            return error
        }
    }

    private func nested(_ json: inout [String: Any], _ key: String, _ change: (inout [String: Any]) -> Void) {
        var inner = json[key] as! [String: Any]
        change(&inner)
        json[key] = inner
    }

    func testMissingKeyIsNamed() throws {
        let error = try error { json in self.nested(&json, "internalStandard") { $0["expectedArea"] = nil } }
        XCTAssertEqual(error, .malformed(key: "internalStandard.expectedArea", reason: "missing"))
    }

    func testWrongTypeIsNamed() throws {
        let error = try error { json in
            var targets = json["targets"] as! [[String: Any]]
            targets[2]["retentionIndex"] = "510"
            json["targets"] = targets
        }
        XCTAssertEqual(error, .malformed(key: "targets[2].retentionIndex", reason: "expected a number"))
    }

    func testNotJSON() {
        XCTAssertThrowsError(try ScreeningMethod.decode(Data("{ \"format\": ".utf8))) { error in
            guard case .malformed(let key, _) = error as? MethodError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "(document)")
        }
    }

    func testOtherFormatAndNewerVersionAreRefused() throws {
        XCTAssertEqual(
            try error { $0["format"] = "breath-screening-model" },
            .invalid(key: "format", reason: "\"breath-screening-model\" is not \"breath-screening-method\""))
        XCTAssertEqual(try error { $0["formatVersion"] = 2 }, .unsupportedFormatVersion(2))
        XCTAssertTrue(MethodError.unsupportedFormatVersion(2).description.contains("formatVersion"))
    }

    func testInvalidValuesNameTheirKey() throws {
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("id", { $0["id"] = "" }),
            ("nominalBreathVolumeML", { $0["nominalBreathVolumeML"] = 0 }),
            ("peakTailingRatio", { $0["peakTailingRatio"] = -1.0 }),
            ("retention.ladder[1].timeS", { json in
                self.nested(&json, "retention") { retention in
                    var ladder = retention["ladder"] as! [[String: Any]]
                    ladder[1]["timeS"] = 10.0
                    retention["ladder"] = ladder
                }
            }),
            ("retention.referencePeaks[0].name", { json in
                self.nested(&json, "retention") { retention in
                    var peaks = retention["referencePeaks"] as! [[String: Any]]
                    peaks.removeFirst()
                    retention["referencePeaks"] = peaks
                }
            }),
            ("qc.breathVolumeML.warnBelow", { json in
                self.nested(&json, "qc") { qc in qc["breathVolumeML"] = ["failBelow": 800.0, "warnBelow": 500.0] }
            }),
            ("qc.carryoverFraction", { json in self.nested(&json, "qc") { $0["carryoverFraction"] = 1.5 } }),
            ("model.sha256", { json in self.nested(&json, "model") { $0["sha256"] = "abc" } }),
        ]
        for (key, change) in cases {
            guard case .invalid(let found, _)? = try error(after: change) else { return XCTFail("no error for \(key)") }
            XCTAssertEqual(found, key)
        }
    }

    func testDuplicateAndOverlappingTargetsAreRefused() throws {
        let duplicate = try error { json in
            var targets = json["targets"] as! [[String: Any]]
            targets.append(targets[0])
            json["targets"] = targets
        }
        guard case .invalid(let key, let reason)? = duplicate else { return XCTFail("\(String(describing: duplicate))") }
        XCTAssertTrue(key.hasSuffix(".name") && reason.contains("twice"), reason)

        let overlap = try error { json in
            var targets = json["targets"] as! [[String: Any]]
            targets[0]["windowRI"] = 9.0  // acetone 490 ± 9 reaches pentane's window at 500 ± 2.5
            json["targets"] = targets
        }
        guard case .invalid(_, let overlapReason)? = overlap else { return XCTFail("\(String(describing: overlap))") }
        XCTAssertTrue(overlapReason.contains("overlaps"), overlapReason)

        let noFeature = try error { json in
            json["targets"] = (json["targets"] as! [[String: Any]]).map { target in
                var copy = target
                copy["isFeature"] = false
                return copy
            }
        }
        XCTAssertEqual(noFeature, .invalid(key: "targets", reason: "no target has isFeature true"))
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try ScreeningMethod.load(path: "/nonexistent/method.json")) { error in
            guard case .unreadable(let path, _) = error as? MethodError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent/method.json")
        }
    }
}
