import BreathExport
import BreathStore
import Foundation
import Testing

/// The FHIR R4 Bundle's structure (the schema and model validation runs in Scripts/check-exports.py).
@Suite struct FHIRBundleTests {
    static func document(_ record: ResultRecord) throws -> [String: Any] {
        let text = try FHIRBundle.bundle(record, exportedAt: ExportFixtures.sampled).text()
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func resources(_ document: [String: Any]) -> [[String: Any]] {
        (document["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
    }

    @Test func aPassingResultHasEveryResourceAndEveryReferenceResolves() throws {
        let record = ExportFixtures.record()
        let document = try Self.document(record)
        #expect(document["resourceType"] as? String == "Bundle")
        #expect(document["type"] as? String == "collection")
        let entries = try #require(document["entry"] as? [[String: Any]])
        let urls = Set(entries.compactMap { $0["fullUrl"] as? String })
        #expect(urls.count == entries.count)
        let types = Self.resources(document).compactMap { $0["resourceType"] as? String }
        #expect(types.filter { $0 == "Patient" }.count == 1)
        #expect(types.filter { $0 == "Device" }.count == 1)
        #expect(types.filter { $0 == "Specimen" }.count == 1)
        #expect(types.filter { $0 == "RiskAssessment" }.count == 1)
        #expect(types.filter { $0 == "DiagnosticReport" }.count == 1)
        // QC, risk, panel and one per compound.
        #expect(types.filter { $0 == "Observation" }.count == 3 + record.current.content.compounds.count)
        // Every reference points at an entry of the bundle.
        let text = try FHIRBundle.bundle(record, exportedAt: ExportFixtures.sampled).text()
        let references = text.components(separatedBy: "\"reference\" : \"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!references.isEmpty)
        for reference in references { #expect(urls.contains(reference), "\(reference)") }

        let specimen = try #require(Self.resources(document).first { $0["resourceType"] as? String == "Specimen" })
        let coding = try #require(((specimen["type"] as? [String: Any])?["coding"] as? [[String: Any]])?.first)
        #expect(coding["system"] as? String == "http://snomed.info/sct")
        #expect(coding["code"] as? String == "119336008")
        let patient = try #require(Self.resources(document).first { $0["resourceType"] as? String == "Patient" })
        #expect(patient["name"] == nil)
        #expect(text.contains(record.current.content.patient.text))
        #expect(text.contains("not been validated on real patients"))
        let assessment = try #require(Self.resources(document).first { $0["resourceType"] as? String == "RiskAssessment" })
        let prediction = try #require((assessment["prediction"] as? [[String: Any]])?.first)
        #expect(prediction["probabilityDecimal"] as? Double == 0.42)
        for resource in Self.resources(document) where resource["status"] != nil && resource["resourceType"] as? String != "Device"
            && resource["resourceType"] as? String != "Specimen"
        {
            #expect(resource["status"] as? String == "final")
        }
    }

    @Test func oneResultAlwaysGivesTheSameBundle() throws {
        let a = try FHIRBundle.bundle(ExportFixtures.record(), exportedAt: ExportFixtures.sampled).text()
        let b = try FHIRBundle.bundle(ExportFixtures.record(), exportedAt: ExportFixtures.sampled).text()
        #expect(a == b)
    }

    @Test func aFailedResultHasNoRiskAndSaysWhy() throws {
        let document = try Self.document(ExportFixtures.record(outcome: .fail))
        let risk = try #require(Self.resources(document).first {
            (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "lung-cancer-risk"
        })
        #expect(risk["valueQuantity"] == nil)
        #expect(risk["dataAbsentReason"] != nil)
        let assessment = try #require(Self.resources(document).first { $0["resourceType"] as? String == "RiskAssessment" })
        #expect(assessment["prediction"] == nil)
    }

    @Test(arguments: [
        (RiskAssessment(risk: 0.9, category: .high), "corrected"),
        (RiskAssessment(risk: 0.42, category: .indeterminate), "amended"),
    ])
    func aCorrectionIsCorrectedOrAmended(_ assessment: RiskAssessment, _ status: String) throws {
        let record = ExportFixtures.record(corrected: assessment, reason: "wrong peak integrated")
        #expect(record.status == status)
        let document = try Self.document(record)
        let report = try #require(Self.resources(document).first { $0["resourceType"] as? String == "DiagnosticReport" })
        #expect(report["status"] as? String == status)
        #expect((report["conclusion"] as? String)?.contains("Corrects result 7: wrong peak integrated") == true)
    }
}
