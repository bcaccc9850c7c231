import BreathTestSupport
import BreathStore
import Foundation
import Testing

/// Screening results: stored exactly, corrected by superseding rows, listed by the CLI's queries.
@Suite struct ResultRecordTests {
    @Test(arguments: QCOutcome.allCases)
    func resultReadsBackIdentical(_ outcome: QCOutcome) throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            var content = fixture.content(outcome: outcome)
            // Awkward values: negative zero, a huge and a tiny number, unicode, no CAS, no peak.
            content.features.append(ResultFeature(name: "zero", value: -0.0))
            content.features.append(ResultFeature(name: "huge", value: 1.7e308))
            content.features.append(ResultFeature(name: "tiny", value: .leastNonzeroMagnitude))
            content.compounds.append(IdentifiedCompound(
                name: "α-pinène ✓", casNumber: nil, peakIndex: nil, concentrationPPB: nil, confidence: 1))
            let before = Date()
            let id = try fixture.store.insertResult(content, actor: "alice")

            let history = try #require(try fixture.store.result(id))
            #expect(history.versions.count == 1)
            let stored = history.current
            #expect(stored.id == id)
            #expect(stored.content == content)
            #expect(stored.recordedBy == "alice")
            #expect(stored.supersedes == nil && stored.correctionReason == nil)
            #expect(stored.sampledAt == StoreFixtures.started)
            #expect(abs(stored.recordedAt.timeIntervalSince(before)) < 5)
            #expect((outcome == .fail) == (stored.content.assessment == nil))
            #expect(try fixture.store.verifyAuditTrail() == .intact(entries: 8, head: try head(fixture.store)))
        }
    }

    @Test func correctionSupersedesAndKeepsTheOriginal() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let original = fixture.content(outcome: .pass)
            let first = try fixture.store.insertResult(original, actor: "alice")
            var corrected = original
            corrected.assessment = RiskAssessment(risk: 0.12, category: .low)
            let second = try fixture.store.correctResult(first, with: corrected, reason: "wrong model file", actor: "bob")
            var again = corrected
            again.qcOutcome = .fail
            again.qcReasons = [QCReason(code: "LEAK", detail: "trap leak found afterwards")]
            again.assessment = nil
            let third = try fixture.store.correctResult(second, with: again, reason: "QC re-read", actor: "alice")

            // Any version leads to the whole history, oldest first.
            for id in [first, second, third] {
                let history = try #require(try fixture.store.result(id))
                #expect(history.versions.map(\.id) == [first, second, third])
                #expect(history.versions.map(\.content) == [original, corrected, again])
                #expect(history.versions.map(\.supersedes) == [nil, first, second])
                #expect(history.versions.map(\.correctionReason) == [nil, "wrong model file", "QC re-read"])
                #expect(history.versions.map(\.recordedBy) == ["alice", "bob", "alice"])
                #expect(history.current.id == third)
            }
            // Only the version in force is listed.
            #expect(try fixture.store.results(ResultQuery()).map(\.id) == [third])

            // A superseded version cannot be corrected again: the history stays a line.
            let error = #expect(throws: StoreError.self) {
                try fixture.store.correctResult(first, with: original, reason: "again", actor: "alice")
            }
            #expect(error == .invalidInput("result \(first) was already corrected by result \(second); correct that one"))
            let missing = #expect(throws: StoreError.self) {
                try fixture.store.correctResult(999, with: original, reason: "x", actor: "alice")
            }
            #expect(missing == .notFound("no result 999"))
        }
    }

    @Test func queriesListResultsInForceNewestSampleFirst() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory, runs: 6)
            let other = try fixture.store.pseudonym(forPatient: "MRN-OTHER", actor: "alice")
            // Runs 0...5 are one day apart; results recorded out of sample order.
            var ids: [Int: Int64] = [:]
            for run in [3, 0, 5, 1, 4, 2] {
                ids[run] = try fixture.store.insertResult(
                    fixture.content(run: run, patient: run.isMultiple(of: 2) ? fixture.patient : other), actor: "alice")
            }
            let superseded = try #require(ids[4])
            let corrected = try fixture.store.correctResult(
                superseded, with: fixture.content(run: 4, patient: fixture.patient), reason: "patient mix-up", actor: "bob")
            ids[4] = corrected

            let all = try fixture.store.results(ResultQuery())
            #expect(all.map(\.id) == [5, 4, 3, 2, 1, 0].map { ids[$0] })
            #expect(all.map(\.sampledAt) == [5, 4, 3, 2, 1, 0].map { StoreFixtures.started.addingTimeInterval(Double($0) * 86_400) })
            #expect(all.map(\.supersedes) == [nil, superseded, nil, nil, nil, nil])
            #expect(try fixture.store.results(ResultQuery(limit: 2)).map(\.id) == [ids[5], ids[4]])
            #expect(try fixture.store.results(ResultQuery(limit: 0)).isEmpty)

            let mine = try fixture.store.results(ResultQuery(patient: fixture.patient))
            #expect(mine.map(\.id) == [4, 2, 0].map { ids[$0] })
            #expect(mine.allSatisfy { $0.patient == fixture.patient })
            #expect(try fixture.store.results(ResultQuery(patient: other)).map(\.id) == [5, 3, 1].map { ids[$0] })
            #expect(try fixture.store.results(ResultQuery(patient: Pseudonym.random())).isEmpty)

            // From day 1 (inclusive) to day 4 (exclusive).
            let range = ResultQuery(
                sampledFrom: StoreFixtures.started.addingTimeInterval(86_400),
                sampledBefore: StoreFixtures.started.addingTimeInterval(4 * 86_400))
            #expect(try fixture.store.results(range).map(\.id) == [3, 2, 1].map { ids[$0] })
            var both = range
            both.patient = fixture.patient
            #expect(try fixture.store.results(both).map(\.id) == [ids[2]])

            let summary = try #require(all.first)
            #expect(summary.runID == fixture.runIDs[5])
            #expect(summary.qcOutcome == .pass && summary.assessment == RiskAssessment(risk: 0.82, category: .high))
            #expect(summary.modelID == "lung-voc-logistic-2026.1")
        }
    }

    @Test func shellSQLIsTheStatementWithLiterals() {
        let query = ResultQuery(
            patient: Pseudonym("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), sampledFrom: Date(timeIntervalSince1970: 0),
            sampledBefore: Date(timeIntervalSince1970: 86_400.5), limit: 7)
        #expect(query.shellSQL.hasSuffix(
            "r.patient_pseudonym = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' AND r.sampled_at >= '1970-01-01 00:00:00.000' "
                + "AND r.sampled_at < '1970-01-02 00:00:00.500' ORDER BY r.sampled_at DESC, r.id DESC LIMIT 7;"))
        #expect(!query.shellSQL.contains("?"))
    }

    @Test func exportsAreAuditedPerResult() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let first = try fixture.store.insertResult(fixture.content(run: 0), actor: "alice")
            let second = try fixture.store.insertResult(fixture.content(run: 1), actor: "alice")
            try fixture.store.recordExport(of: [first, second], format: "hl7-oru", destination: "lis.example/inbox", actor: "bob")
            let entries = try fixture.store.auditEntries(about: ["result:\(first)", "result:\(second)"])
            #expect(entries.map(\.action) == ["result.recorded", "result.recorded", "result.exported", "result.exported"])
            #expect(entries[2].actor == "bob")
            #expect(entries[2].detailFields == ["format": "hl7-oru", "destination": "lis.example/inbox"])
            let error = #expect(throws: StoreError.self) {
                try fixture.store.recordExport(of: [first, 999], format: "csv", destination: "x", actor: "bob")
            }
            #expect(error == .notFound("no result 999"))
            // All or nothing: the export of `first` in the failed call left no entry.
            #expect(try fixture.store.auditEntries(about: ["result:\(first)"]).count == 2)
        }
    }

    @Test func severalWritesInOneTransactionCommitTogetherOrNotAtAll() throws {
        try withTemporaryDirectory { directory in
            let fixture = try ResultFixture(in: directory)
            let ids = try fixture.store.transaction { transaction in
                try (0..<3).map { try transaction.insertResult(fixture.content(run: $0), actor: "alice") }
            }
            #expect(try fixture.store.results(ResultQuery()).count == 3)
            let error = #expect(throws: StoreError.self) {
                try fixture.store.transaction { transaction in
                    _ = try transaction.insertResult(fixture.content(run: 0), actor: "alice")
                    _ = try transaction.correctResult(12_345, with: fixture.content(run: 0), reason: "x", actor: "alice")
                }
            }
            #expect(error == .notFound("no result 12345"))
            #expect(try fixture.store.results(ResultQuery()).map(\.id).sorted() == ids)
            guard case .intact = try fixture.store.verifyAuditTrail() else {
                Issue.record("the rolled-back transaction broke the audit trail")
                return
            }
        }
    }

    private func head(_ store: ResultStore) throws -> SHA256Digest {
        let last = try #require(try store.auditEntries(limit: 1).first)
        return try #require(SHA256Digest(hex: last.hash))
    }
}
