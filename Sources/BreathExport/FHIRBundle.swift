import BreathStore
import Foundation

/// A screening result as an HL7 FHIR R4 (4.0.1) Bundle of type `collection`, for a hospital
/// system: the Patient (only the pseudonym), the Device, the Specimen (SNOMED CT 119336008,
/// exhaled air), Observations for QC, the risk and the VOC panel (one per identified
/// compound), a RiskAssessment and the DiagnosticReport that ties them together.
///
/// Entries are addressed by `urn:uuid:` full URLs derived from the result id, so one result
/// always exports to the same resources. A corrected result exports the version in force with
/// status `corrected` (QC, risk or category changed) or `amended` (anything else), and says
/// which result it corrects and why.
public enum FHIRBundle {
    static let ucum = "http://unitsofmeasure.org"
    static let snomed = "http://snomed.info/sct"
    /// HL7's OID for CAS registry numbers.
    static let cas = "urn:oid:2.16.840.1.113883.6.61"
    /// This software's own codes and identifiers.
    static let local = "urn:breath-analysis"

    /// The Bundle for `record`, stamped `exportedAt`.
    public static func bundle(_ record: ResultRecord, exportedAt: Date) -> JSONValue {
        let result = record.current
        let content = result.content
        let status = record.status
        let ids = EntryIDs(resultID: result.id)
        let patientRef: JSONValue = ["reference": .string(ids.patient)]
        let deviceRef: JSONValue = ["reference": .string(ids.device)]
        let specimenRef: JSONValue = ["reference": .string(ids.specimen)]
        let sampled = timestamp(result.sampledAt)
        let issued = timestamp(result.recordedAt)
        let method: JSONValue = ["text": .string("\(content.model.id) (model SHA-256 \(content.model.sha256.hex)), method \(content.methodVersion), software \(content.softwareVersion)")]
        var notes: [JSONValue] = [["text": .string(ModelNotice.notValidated)]]
        if let corrects = result.supersedes {
            notes.append(["text": .string("Corrects result \(corrects): \(result.correctionReason ?? "")")])
        }

        func observation(_ id: String, code: JSONValue, _ fields: [String: JSONValue]) -> JSONValue {
            var resource: [String: JSONValue] = [
                "resourceType": "Observation", "status": .string(status),
                "category": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"]]]],
                "code": code, "subject": patientRef, "effectiveDateTime": .string(sampled), "issued": .string(issued),
                "device": deviceRef, "specimen": specimenRef, "identifier": [identifier("result-\(result.id)-\(id)")],
            ]
            resource.merge(fields) { $1 }
            return .object(resource)
        }

        let qc = observation("qc", code: localCode("qc-outcome", "Screening quality control"), [
            "valueCodeableConcept": ["coding": [["system": .string("\(local):qc-outcome"), "code": .string(content.qcOutcome.rawValue)]],
                                     "text": .string(content.qcOutcome.rawValue)],
            "component": .array(content.qcReasons.map { reason in
                ["code": ["coding": [["system": .string("\(local):qc-reason"), "code": .string(reason.code)]], "text": .string(reason.code)],
                 "valueString": .string(reason.detail.isEmpty ? reason.code : reason.detail)]
            }),
        ].filter { $0.key != "component" || !content.qcReasons.isEmpty })

        var riskFields: [String: JSONValue] = ["method": method, "note": .array(notes)]
        if let assessment = content.assessment {
            riskFields["valueQuantity"] = ["value": .number(assessment.risk), "unit": "probability", "system": .string(ucum), "code": "1"]
            riskFields["interpretation"] = [["coding": [["system": .string("\(local):risk-category"), "code": .string(assessment.category.rawValue)]],
                                             "text": .string(assessment.category.rawValue)]]
        } else {
            riskFields["dataAbsentReason"] = [
                "coding": [["system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "error"]],
                "text": "quality control failed: no risk was computed",
            ]
        }
        let risk = observation("risk", code: localCode("lung-cancer-risk", "Lung cancer risk from exhaled breath VOCs"), riskFields)

        var compoundIDs = [String]()
        var compounds = [JSONValue]()
        for (index, compound) in content.compounds.enumerated() {
            let id = ids.named("voc-\(index)")
            compoundIDs.append(id)
            var coding: [JSONValue] = []
            if let casNumber = compound.casNumber { coding.append(["system": .string(cas), "code": .string(casNumber), "display": .string(compound.name)]) }
            var fields: [String: JSONValue] = [:]
            if let ppb = compound.concentrationPPB {
                fields["valueQuantity"] = ["value": .number(ppb), "unit": "ppb", "system": .string(ucum), "code": "[ppb]"]
            } else {
                fields["dataAbsentReason"] = ["coding": [["system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "not-performed"]]]
            }
            var components: [JSONValue] = [
                ["code": ["text": "identification confidence"],
                 "valueQuantity": ["value": .number(compound.confidence), "unit": "1", "system": .string(ucum), "code": "1"]],
            ]
            if let peak = compound.peakIndex, content.peaks.indices.contains(peak) {
                components.append(["code": ["text": "retention time"],
                                   "valueQuantity": ["value": .number(content.peaks[peak].retentionTime), "unit": "s", "system": .string(ucum), "code": "s"]])
            }
            fields["component"] = .array(components)
            compounds.append(observation("voc-\(index)", code: ["coding": .array(coding), "text": .string(compound.name)], fields))
        }
        let panel = observation("voc-panel", code: localCode("voc-panel", "Exhaled breath volatile organic compound panel"), [
            "hasMember": .array(compoundIDs.map { ["reference": .string($0)] }),
        ].filter { !compoundIDs.isEmpty || $0.key != "hasMember" })

        var riskAssessment: [String: JSONValue] = [
            "resourceType": "RiskAssessment", "status": .string(status), "subject": patientRef,
            "occurrenceDateTime": .string(sampled), "performer": deviceRef, "method": method, "note": .array(notes),
            "identifier": [identifier("result-\(result.id)-risk-assessment")],
            "basis": [["reference": .string(ids.named("risk"))], ["reference": .string(ids.named("voc-panel"))]],
        ]
        if let assessment = content.assessment {
            riskAssessment["prediction"] = [[
                "outcome": ["coding": [["system": .string(snomed), "code": "363358000", "display": "Malignant tumor of lung"]],
                            "text": "lung cancer"],
                "probabilityDecimal": .number(assessment.risk),
                "qualitativeRisk": ["coding": [["system": .string("\(local):risk-category"), "code": .string(assessment.category.rawValue)]],
                                    "text": .string(assessment.category.rawValue)],
            ]]
        }

        var conclusion = content.assessment.map { String(format: "Risk %.3f (%@). ", $0.risk, $0.category.rawValue) }
            ?? "No risk: quality control failed. "
        conclusion += "QC \(content.qcOutcome.rawValue)"
        conclusion += content.qcReasons.isEmpty ? ". " : " (" + content.qcReasons.map(\.code).joined(separator: ", ") + "). "
        conclusion += ModelNotice.notValidated
        if let corrects = result.supersedes { conclusion += " Corrects result \(corrects): \(result.correctionReason ?? "")." }
        let report: JSONValue = [
            "resourceType": "DiagnosticReport", "status": .string(status),
            "identifier": [identifier("result-\(result.id)")],
            "category": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "LAB"]]]],
            "code": localCode("breath-voc-screening", "Lung cancer screening by exhaled breath analysis"),
            "subject": patientRef, "effectiveDateTime": .string(sampled), "issued": .string(issued),
            "specimen": [specimenRef],
            "result": .array(([ids.named("qc"), ids.named("risk"), ids.named("voc-panel")] + compoundIDs).map { ["reference": .string($0)] }),
            "conclusion": .string(conclusion),
        ]

        let entries: [(String, JSONValue)] = [
            (ids.patient, patient(content.patient)), (ids.device, device(record)), (ids.specimen, specimen(record, patientRef: patientRef)),
            (ids.named("qc"), qc), (ids.named("risk"), risk), (ids.named("voc-panel"), panel),
        ] + zip(compoundIDs, compounds).map { ($0, $1) } + [
            (ids.named("risk-assessment"), .object(riskAssessment)), (ids.named("report"), report),
        ]
        return [
            "resourceType": "Bundle", "type": "collection", "timestamp": .string(timestamp(exportedAt)),
            "identifier": identifier("bundle-result-\(result.id)"),
            "entry": .array(entries.map { ["fullUrl": .string($0.0), "resource": $0.1] }),
        ]
    }

    private static func patient(_ pseudonym: Pseudonym) -> JSONValue {
        ["resourceType": "Patient", "identifier": [["system": .string("\(local):patient-pseudonym"), "value": .string(pseudonym.text)]],
         "meta": ["tag": [["system": .string("\(local):privacy"), "code": "pseudonymised",
                           "display": "pseudonym only; the identity mapping stays in the clinic"]]]]
    }

    private static func device(_ record: ResultRecord) -> JSONValue {
        let serial = record.run?.deviceSerial ?? record.device?.serial ?? "unknown"
        var resource: [String: JSONValue] = [
            "resourceType": "Device", "status": "active", "serialNumber": .string(serial),
            "identifier": [["system": .string("\(local):device-serial"), "value": .string(serial)]],
            "deviceName": [["name": "breath-analysis micro gas chromatograph", "type": "model-name"]],
            "type": ["text": "micro gas chromatograph for exhaled breath"],
        ]
        if let device = record.device {
            resource["version"] = [
                ["type": ["text": "hardware"], "value": .string(device.hardwareVersion)],
                ["type": ["text": "firmware"], "value": .string(device.firmwareVersion)],
                ["type": ["text": "calibration"], "value": .string(device.calibrationID)],
            ]
        }
        return .object(resource)
    }

    private static func specimen(_ record: ResultRecord, patientRef: JSONValue) -> JSONValue {
        var collection: [String: JSONValue] = ["collectedDateTime": .string(timestamp(record.current.sampledAt))]
        var notes = [String]()
        if let run = record.run {
            if let volume = run.breathVolumeML {
                collection["quantity"] = ["value": .number(volume), "unit": "mL", "system": .string(ucum), "code": "mL"]
            }
            if let duration = run.breathDurationS {
                collection["duration"] = ["value": .number(duration), "unit": "s", "system": .string(ucum), "code": "s"]
            }
            if let co2 = run.breathCO2Percent { notes.append(String(format: "end-tidal CO2 %.1f %%", co2)) }
            if let humidity = run.breathHumidityPercent { notes.append(String(format: "humidity %.0f %%RH", humidity)) }
        }
        var resource: [String: JSONValue] = [
            "resourceType": "Specimen", "status": "unavailable", "subject": patientRef,
            "type": ["coding": [["system": .string(snomed), "code": "119336008", "display": "Exhaled air specimen"]], "text": "exhaled breath"],
            "collection": .object(collection),
        ]
        if let run = record.run { resource["identifier"] = [identifier("run-\(run.runUUID)")] }
        if !notes.isEmpty { resource["note"] = [["text": .string(notes.joined(separator: ", "))]] }
        return .object(resource)
    }

    private static func localCode(_ code: String, _ text: String) -> JSONValue {
        ["coding": [["system": .string("\(local):code"), "code": .string(code), "display": .string(text)]], "text": .string(text)]
    }

    private static func identifier(_ value: String) -> JSONValue {
        ["system": .string("\(local):identifier"), "value": .string(value)]
    }

    /// FHIR dateTime/instant: seconds and a zone (UTC).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// The `urn:uuid:` full URL of each entry: a name-based UUID (RFC 4122 version 5 layout) over
/// SHA-256 of the result id and the entry's name.
struct EntryIDs {
    var resultID: Int64

    var patient: String { named("patient") }
    var device: String { named("device") }
    var specimen: String { named("specimen") }

    func named(_ name: String) -> String {
        var bytes = Array(SHA256Digest.of(Array("breath-fhir-export:result:\(resultID):\(name)".utf8)).bytes.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }
}
