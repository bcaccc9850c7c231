import BreathStore
import BreathTestSupport
import Foundation
import Testing

/// The listing filters beyond patient and time: run, QC outcome, category, device.
@Suite struct ResultFilterTests {
    @Test func filtersSelectExactlyTheMatchingResultsInForce() throws {
        try withTemporaryDirectory { directory in
            var fixture = try ResultFixture(in: directory, runs: 3)
            // A fourth run on another device.
            fixture.runIDs.append(try fixture.store.insert(
                run: StoreFixtures.run(serial: "BGC1-OTHER-0002", startedAt: StoreFixtures.started.addingTimeInterval(3 * 86_400)),
                device: StoreFixtures.device(serial: "BGC1-OTHER-0002"), trace: StoreFixtures.trace, events: [], actor: "breathd"))
            let pass = try fixture.store.insertResult(fixture.content(run: 0, outcome: .pass), actor: "alice")
            let warning = try fixture.store.insertResult(fixture.content(run: 1, outcome: .warning), actor: "alice")
            let failed = try fixture.store.insertResult(fixture.content(run: 2, outcome: .fail), actor: "alice")
            let other = try fixture.store.insertResult(fixture.content(run: 3, outcome: .pass), actor: "alice")
            // A correction of the warning: only the version in force is listed.
            var corrected = fixture.content(run: 1, outcome: .pass)
            corrected.assessment = RiskAssessment(risk: 0.1, category: .low)
            let correction = try fixture.store.correctResult(warning, with: corrected, reason: "re-read", actor: "bob")

            func ids(_ query: ResultQuery) throws -> [Int64] { try fixture.store.results(query).map(\.id) }
            #expect(try ids(ResultQuery()) == [other, failed, correction, pass])
            #expect(try ids(ResultQuery(qcOutcomes: [.fail])) == [failed])
            #expect(try ids(ResultQuery(qcOutcomes: [.pass, .fail])) == [other, failed, correction, pass])
            #expect(try ids(ResultQuery(qcOutcomes: [.warning])) == [])
            #expect(try ids(ResultQuery(categories: [.high])) == [other, pass])
            #expect(try ids(ResultQuery(categories: [.low])) == [correction])
            #expect(try ids(ResultQuery(categories: [.low, .indeterminate])) == [correction])
            #expect(try ids(ResultQuery(deviceSerial: "BGC1-OTHER-0002")) == [other])
            #expect(try ids(ResultQuery(deviceSerial: "BGC1-STORE-0001")) == [failed, correction, pass])
            #expect(try ids(ResultQuery(deviceSerial: "nobody")) == [])
            #expect(try ids(ResultQuery(run: "\(fixture.runIDs[2])")) == [failed])
            let uuid = try #require(try fixture.store.run("\(fixture.runIDs[0])")?.runUUID)
            #expect(try ids(ResultQuery(run: uuid.uppercased())) == [pass])
            #expect(try ids(ResultQuery(run: "999")) == [])
            #expect(try ids(ResultQuery(qcOutcomes: [.pass], categories: [.high], deviceSerial: "BGC1-STORE-0001", limit: 1)) == [pass])
        }
    }

    @Test func shellSQLWritesEveryFilterAsALiteral() {
        let query = ResultQuery(run: "it's", qcOutcomes: [.warning, .fail], categories: [.high], deviceSerial: "D1", limit: 7)
        let sql = query.shellSQL
        #expect(!sql.contains("?"))
        #expect(sql.contains("r.qc_outcome IN ('fail', 'warning')"))
        #expect(sql.contains("r.category IN ('high')"))
        #expect(sql.contains("run_uuid = 'it''s'"))
        #expect(sql.contains("run.device_serial = 'D1'"))
        #expect(sql.hasSuffix("LIMIT 7;"))
    }
}
