import BreathTestSupport
import BreathStore
import Foundation
import Testing

@Suite struct StoreQueryTests {
    @Test func runsAreListedNewestFirstAndLimited() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            let base = StoreFixtures.started
            // Inserted out of order; two share a start time.
            let times: [(String, TimeInterval)] = [("b", 100), ("a", 0), ("d", 300), ("c", 200), ("c2", 200)]
            var ids: [String: Int64] = [:]
            for (name, offset) in times {
                ids[name] = try store.insert(
                    run: StoreFixtures.run(uuid: "00000000-0000-4000-8000-0000000000\(name.count == 1 ? "0" + name : name)",
                                           startedAt: base.addingTimeInterval(offset)),
                    device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            }
            let all = try store.runs()
            #expect(all.map(\.startedAt) == [300, 200, 200, 100, 0].map { base.addingTimeInterval($0) })
            // Equal start times: the later insert (higher id) first.
            #expect(all.map(\.id) == ["d", "c2", "c", "b", "a"].map { ids[$0] })
            #expect(try store.runs(limit: 2).map(\.id) == [ids["d"], ids["c2"]])
            #expect(try store.runs(limit: 0).isEmpty)
        }
    }

    @Test func runIsFoundByIDAndByUUID() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            let uuid = UUID()
            let run = StoreFixtures.run(uuid: uuid.uuidString.lowercased())
            let other = try store.insert(run: StoreFixtures.run(), device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            let id = try store.insert(run: run, device: StoreFixtures.device(), trace: StoreFixtures.trace, events: [], actor: "breathd")
            #expect(id != other)
            #expect(try store.run("\(id)")?.runUUID == run.runUUID)
            #expect(try store.run(uuid.uuidString.lowercased())?.id == id)
            #expect(try store.run(uuid.uuidString.uppercased())?.id == id)
            #expect(try store.run("\(other)")?.id == other)
            #expect(try store.run("999999") == nil)
            #expect(try store.run(UUID().uuidString) == nil)
            #expect(try store.run("") == nil)
            #expect(try store.trace(runID: 999_999) == nil)
            #expect(try store.device(serial: "nobody") == nil)
        }
    }
}
