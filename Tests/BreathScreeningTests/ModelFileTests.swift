@testable import BreathScreening
import BreathSignal
import BreathTestSupport
import Foundation
import XCTest

/// Model files: corrupt ones, ones for another method, the digest, and the screener's promises
/// (no risk on a FAIL; the not-validated notice on every outcome).
final class ModelFileTests: XCTestCase {
    private func model(for method: ScreeningMethod, validated: Bool = false) -> ScreeningModel {
        ScreeningModel(
            id: method.model.id, version: "test", method: .init(id: method.id, version: method.version),
            features: method.featureTargets.map { .init(name: $0.name, mean: 0, standardDeviation: 2) },
            intercept: -0.2, coefficients: method.featureTargets.map { _ in 0.05 }, calibration: .identity,
            thresholds: .init(low: 0.2, high: 0.6, rule: "test"),
            card: .init(clinicallyValidated: validated, syntheticTrainingData: true, notice: validated ? "" : "Not clinically validated (test).", document: nil))
    }

    private func unpinned() throws -> ScreeningMethod {
        var method = try Fixtures.method()
        method.model.sha256 = nil
        return method
    }

    func testSHA256OfTheFileBytes() throws {
        XCTAssertEqual(SHA256.hex(of: Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let method = try unpinned()
        let data = try LoadedModel.encoded(model(for: method))
        XCTAssertEqual(try LoadedModel.decode(data).sha256, SHA256.hex(of: data))
        // One more space changes the bytes and so the recorded digest, not the model.
        XCTAssertNotEqual(try LoadedModel.decode(data + Data(" ".utf8)).sha256, SHA256.hex(of: data))
    }

    func testCorruptFilesAreRefusedWithTheKey() throws {
        let method = try unpinned()
        let good = try LoadedModel.encoded(model(for: method))
        XCTAssertThrowsError(try LoadedModel.decode(good.prefix(good.count / 2))) { error in
            guard case .corrupt = error as? ModelError else { return XCTFail("\(error)") }
        }
        var object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
        object["coefficients"] = [1.0]
        XCTAssertThrowsError(try LoadedModel.decode(Fixtures.data(object))) { error in
            guard case .corrupt(let key, _) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertEqual(key, "coefficients")
        }
        object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
        var features = object["features"] as! [[String: Any]]
        features[1]["standardDeviation"] = 0.0
        object["features"] = features
        XCTAssertThrowsError(try LoadedModel.decode(Fixtures.data(object))) { error in
            XCTAssertEqual(error as? ModelError, .corrupt(key: "features[1].standardDeviation", reason: "must be positive"))
        }
        object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
        object["intercept"] = nil
        XCTAssertThrowsError(try LoadedModel.decode(Fixtures.data(object))) { error in
            XCTAssertEqual(error as? ModelError, .corrupt(key: "intercept", reason: "missing"))
        }
        object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
        object["formatVersion"] = 7
        XCTAssertThrowsError(try LoadedModel.decode(Fixtures.data(object))) { error in
            XCTAssertEqual(error as? ModelError, .unsupportedFormatVersion(7))
        }
        XCTAssertThrowsError(try LoadedModel.load(path: "/nonexistent/model.json")) { error in
            guard case .unreadable = error as? ModelError else { return XCTFail("\(error)") }
        }
    }

    func testModelForAnotherMethodIsRefused() throws {
        let method = try unpinned()
        var other = model(for: method)
        other.method.version = "0.9"
        XCTAssertThrowsError(try Screener(method: method, model: LoadedModel.decode(LoadedModel.encoded(other)))) { error in
            guard case .doesNotMatchMethod(let reason) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("0.9"), reason)
        }
        var unknownFeature = model(for: method)
        unknownFeature.features[0].name = "limonene"
        XCTAssertThrowsError(try Screener(method: method, model: LoadedModel.decode(LoadedModel.encoded(unknownFeature)))) { error in
            XCTAssertEqual(
                error as? ModelError, .doesNotMatchMethod(reason: "feature \"limonene\" is not a feature of method \(method.id)"))
        }
        var renamed = model(for: method)
        renamed.id = "another-model"
        XCTAssertThrowsError(try Screener(method: method, model: LoadedModel.decode(LoadedModel.encoded(renamed))))
    }

    func testPinnedDigestMustMatch() throws {
        var method = try unpinned()
        let loaded = try LoadedModel.decode(LoadedModel.encoded(model(for: method)))
        method.model.sha256 = loaded.sha256
        XCTAssertNoThrow(try Screener(method: method, model: loaded))
        method.model.sha256 = String(repeating: "0", count: 64)
        XCTAssertThrowsError(try Screener(method: method, model: loaded)) { error in
            guard case .doesNotMatchMethod(let reason) = error as? ModelError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("SHA-256"), reason)
        }
    }

    func testShippedModelMatchesShippedMethod() throws {
        let screener = try Screener.load(methodPath: Fixtures.methodPath)
        let loaded = screener.model
        XCTAssertFalse(loaded.model.card.clinicallyValidated)
        XCTAssertTrue(loaded.model.card.syntheticTrainingData)
        let run = Fixtures.analysedRun(seed: 5)
        let outcome = screener.screen(chromatogram: run.chromatogram, analysis: run.analysis, sample: Fixtures.goodSample)
        XCTAssertEqual(outcome.modelSHA256, loaded.sha256)
        XCTAssertEqual(outcome.notices, [loaded.model.card.notice])
        XCTAssertNotNil(outcome.risk)
    }

    func testFailedQCNeverGetsARiskAndEveryOutcomeCarriesTheNotice() throws {
        let method = try unpinned()
        let screener = try Screener(method: method, model: LoadedModel.decode(LoadedModel.encoded(model(for: method))))
        let run = Fixtures.analysedRun(seed: 8)
        let passed = screener.screen(chromatogram: run.chromatogram, analysis: run.analysis, sample: Fixtures.goodSample)
        XCTAssertEqual(passed.status, .pass)
        let risk = try XCTUnwrap(passed.risk)
        XCTAssertEqual(risk.category, risk.probability < 0.2 ? .low : (risk.probability >= 0.6 ? .high : .indeterminate))
        XCTAssertEqual(passed.notices, ["Not clinically validated (test)."])
        XCTAssertEqual(passed.peaks.count, run.analysis.peaks.count)

        let failed = screener.screen(
            chromatogram: run.chromatogram, analysis: run.analysis,
            sample: .init(exhaledVolumeML: 200, endTidalCO2Percent: 4.8, durationS: 180))
        XCTAssertEqual(failed.status, .fail)
        XCTAssertNil(failed.risk)
        XCTAssertEqual(failed.notices, ["Not clinically validated (test)."])

        let validated = try Screener(method: method, model: LoadedModel.decode(LoadedModel.encoded(model(for: method, validated: true))))
        XCTAssertEqual(validated.screen(chromatogram: run.chromatogram, analysis: run.analysis, sample: Fixtures.goodSample).notices, [])
    }

    func testLoadingNamesTheFileThatFailed() throws {
        XCTAssertThrowsError(try Screener.load(methodPath: "/nonexistent/method.json")) { error in
            guard case .method(.unreadable) = error as? ScreenerSetupError else { return XCTFail("\(error)") }
        }
        try withTemporaryDirectory { url in
            let path = url.path + "/method.json"
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: try Data(contentsOf: URL(fileURLWithPath: Fixtures.methodPath))))
            XCTAssertTrue(FileManager.default.createFile(atPath: url.path + "/breath-lc-demo-model.json", contents: Data("{\"format\":".utf8)))
            XCTAssertThrowsError(try Screener.load(methodPath: path)) { error in
                guard case .model(.corrupt) = error as? ScreenerSetupError else { return XCTFail("\(error)") }
            }
        }
    }

    func testCategoriesFollowThePreSpecifiedThresholds() throws {
        let model = model(for: try unpinned())
        XCTAssertEqual(model.category(of: 0.19), .low)
        XCTAssertEqual(model.category(of: 0.2), .indeterminate)
        XCTAssertEqual(model.category(of: 0.59), .indeterminate)
        XCTAssertEqual(model.category(of: 0.6), .high)
    }
}
