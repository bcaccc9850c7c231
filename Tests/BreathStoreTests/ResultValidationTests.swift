import BreathTestSupport
import BreathStore
import Foundation
import Testing

/// Every bad input is refused before anything is written, with one clear line.
@Suite struct ResultValidationTests {
    struct BadContent: Sendable, CustomTestStringConvertible {
        var message: String
        var change: @Sendable (inout ScreeningResultContent) -> Void
        var testDescription: String { message }
    }

    static let badContents: [BadContent] = [
        BadContent(message: "a result whose QC failed has no risk or category") {
            $0.qcOutcome = .fail
            $0.qcReasons = [QCReason(code: "X", detail: "")]
        },
        BadContent(message: "a result whose QC did not fail needs a risk and a category") { $0.assessment = nil },
        BadContent(message: "a failed QC needs at least one reason") {
            $0.qcOutcome = .fail
            $0.assessment = nil
            $0.qcReasons = []
        },
        BadContent(message: "the risk must be between 0.0 and 1.0") { $0.assessment?.risk = 1.5 },
        BadContent(message: "the risk must be a finite number") { $0.assessment?.risk = .nan },
        BadContent(message: "a QC reason's code must be 1 to 64 characters without control characters or surrounding spaces") {
            $0.qcReasons = [QCReason(code: "", detail: "")]
        },
        BadContent(message: "a QC reason's detail must be at most 2000 characters without control characters") {
            $0.qcReasons = [QCReason(code: "X", detail: "bell\u{7}")]
        },
        BadContent(message: "the model id must be 1 to 200 characters without control characters or surrounding spaces") {
            $0.model.id = " padded"
        },
        BadContent(message: "the method version must be 1 to 64 characters without control characters or surrounding spaces") {
            $0.methodVersion = ""
        },
        BadContent(message: "the software version must be 1 to 64 characters without control characters or surrounding spaces") {
            $0.softwareVersion = "1.0\n"
        },
        BadContent(message: "the operator's username must be 1 to 64 characters without control characters or surrounding spaces") {
            $0.operatorName = ""
        },
        BadContent(message: "peak 3's area must be a finite number") { $0.peaks[3].area = .infinity },
        BadContent(message: "compound 'acetone' is listed twice") { $0.compounds[1].name = "acetone" },
        BadContent(message: "compound 'acetone' names peak 99, but the result has 24 peaks") { $0.compounds[0].peakIndex = 99 },
        BadContent(message: "compound 'acetone''s confidence must be between 0.0 and 1.0") { $0.compounds[0].confidence = -0.1 },
        BadContent(message: "compound 'acetone''s concentration must be a finite number") { $0.compounds[0].concentrationPPB = .nan },
        BadContent(message: "feature 'f0' is listed twice") { $0.features[1].name = "f0" },
        BadContent(message: "feature 'f2' must be a finite number") { $0.features[2].value = -.infinity },
        BadContent(message: "no operator 'mallory'; register them first") { $0.operatorName = "mallory" },
        BadContent(message: "no run 4242") { $0.runID = 4242 },
        BadContent(message: "no patient with pseudonym AAAAAAAAAAAAAAAAAAAAAAAAAA") {
            $0.patient = Pseudonym("AAAAAAAAAAAAAAAAAAAAAAAAAA")!
        },
    ]

    @Test(arguments: badContents)
    func badResultIsRefusedWithOneLine(_ bad: BadContent) throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let good = try fixture.store.insertResult(fixture.content(), actor: "alice")
            var content = fixture.content()
            bad.change(&content)
            let entries = try fixture.store.auditEntries(limit: 1000).count
            let error = #expect(throws: StoreError.self) { try fixture.store.insertResult(content, actor: "alice") }
            #expect(error?.description == bad.message)
            #expect(error?.description.contains("\n") == false)
            let correction = #expect(throws: StoreError.self) {
                try fixture.store.correctResult(good, with: content, reason: "r", actor: "alice")
            }
            #expect(correction?.description == bad.message)
            #expect(try fixture.store.results(ResultQuery()).map(\.id) == [good])
            #expect(try fixture.store.auditEntries(limit: 1000).count == entries)
        }
    }

    @Test func badNamesAndReasonsAreRefused() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let store = fixture.store
            let id = try store.insertResult(fixture.content(), actor: "alice")
            let cases: [(String, () throws -> Void)] = [
                ("the acting user must be 1 to 64 characters without control characters or surrounding spaces",
                 { _ = try store.insertResult(fixture.content(), actor: "") }),
                ("the reason for the correction must not be empty",
                 { _ = try store.correctResult(id, with: fixture.content(), reason: "  ", actor: "alice") }),
                ("a username must be 1 to 64 characters without control characters or surrounding spaces",
                 { try store.registerOperator(username: "tab\there", displayName: "T", actor: "admin") }),
                ("operator 'alice' is already registered",
                 { try store.registerOperator(username: "alice", displayName: "Alice Again", actor: "admin") }),
                ("an export needs at least one result",
                 { try store.recordExport(of: [], format: "csv", destination: "x", actor: "alice") }),
                ("the reason for the erasure must not be empty",
                 { try store.eraseIdentity(ofPseudonym: fixture.patient, reason: "", actor: "alice") }),
                ("the limit must not be negative", { _ = try store.results(ResultQuery(limit: -1)) }),
                ("the limit must not be negative", { _ = try store.auditEntries(limit: -1) }),
            ]
            for (message, body) in cases {
                let error = #expect(throws: StoreError.self) { try body() }
                #expect(error?.description == message)
            }
        }
    }
}
