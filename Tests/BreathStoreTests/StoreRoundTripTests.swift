import BreathTestSupport
import BreathStore
import Foundation
import Testing

@Suite struct StoreRoundTripTests {
    @Test func insertedRunReadsBackIdentical() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            let run = StoreFixtures.run(status: .interrupted)
            let device = StoreFixtures.device()
            let id = try store.insert(run: run, device: device, trace: StoreFixtures.trace, events: StoreFixtures.events, actor: "breathd")

            var expected = run
            expected.id = id
            #expect(try store.run("\(id)") == expected)
            #expect(try store.device(serial: device.serial) == device)

            let trace = try #require(try store.trace(runID: id))
            #expect(StoreFixtures.sameBits(trace.detector, StoreFixtures.trace.detector))
            #expect(trace.detector[1].isNaN)
            #expect(trace.detector[3].bitPattern == 0x7FA0_0001)  // a signalling NaN's payload survives
            #expect(StoreFixtures.sameBits(trace.columnTemperature, StoreFixtures.trace.columnTemperature))
            #expect(trace.carrierPressure == nil)

            let events = try store.events(runID: id)
            #expect(events.allSatisfy { $0.runID == id })
            #expect(events.map(\.runTimeMillis) == [0, 150_000, 150_000, 170_550])
            // Equal run times keep their insertion order.
            #expect(events.map(\.kind) == ["phase", "phase", "fault", "sample-gap"])
            var sorted = StoreFixtures.events.map { event -> RunEventRecord in
                var event = event
                event.runID = id
                return event
            }
            sorted = [sorted[0], sorted[2], sorted[3], sorted[1]]
            #expect(events == sorted)
        }
    }

    @Test func runWithNoOptionalValuesAndAnEmptyTraceReadsBack() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            var run = StoreFixtures.run(status: .failed)
            run.statusReason = nil
            run.deviceOutcome = nil
            run.deviceFaultCode = nil
            run.breathVolumeML = nil
            run.breathCO2Percent = nil
            run.breathHumidityPercent = nil
            run.breathDurationS = nil
            run.breathFlowMLPerMin = nil
            run.sampleCount = 0
            // A run cut off before desorption has no samples at all.
            let empty = RunTrace(detector: [], columnTemperature: [], carrierPressure: nil)
            let id = try store.insert(run: run, device: StoreFixtures.device(), trace: empty, events: [], actor: "breathd")
            run.id = id
            #expect(try store.run("\(id)") == run)
            let trace = try #require(try store.trace(runID: id))
            #expect(trace.detector.isEmpty)
            #expect(trace.columnTemperature == [])
            #expect(trace.carrierPressure == nil)
            #expect(try store.events(runID: id).isEmpty)
        }
    }

    @Test func subSecondTimesArePreservedToTheMillisecond() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            let started = Date(timeIntervalSince1970: 1_767_225_600.123_456)
            let id = try store.insert(
                run: StoreFixtures.run(startedAt: started), device: StoreFixtures.device(), trace: StoreFixtures.trace,
                events: [], actor: "breathd")
            let stored = try #require(try store.run("\(id)"))
            #expect(abs(stored.startedAt.timeIntervalSince(started)) < 0.001)
            #expect(abs(stored.endedAt.timeIntervalSince(started.addingTimeInterval(870))) < 0.001)
        }
    }

    @Test func secondRunOfADeviceUpdatesItButKeepsFirstSeen() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            let first = StoreFixtures.device(firmware: "1.4.2", seenAt: StoreFixtures.started)
            let later = StoreFixtures.started.addingTimeInterval(86_400)
            let second = StoreFixtures.device(firmware: "1.5.0", seenAt: later)
            _ = try store.insert(run: StoreFixtures.run(), device: first, trace: StoreFixtures.trace, events: [], actor: "breathd")
            _ = try store.insert(run: StoreFixtures.run(startedAt: later), device: second, trace: StoreFixtures.trace, events: [], actor: "breathd")
            let stored = try #require(try store.device(serial: first.serial))
            #expect(stored.firmwareVersion == "1.5.0")
            #expect(stored.firstSeenAt == StoreFixtures.started)
            #expect(stored.lastSeenAt == later)
        }
    }

    @Test func failedInsertLeavesNothingBehind() throws {
        try withTemporaryDirectory { directory in
            let store = try ResultStore.openForWriting(at: directory.appendingPathComponent("breath.sqlite").path)
            let run = StoreFixtures.run()
            let id = try store.insert(run: run, device: StoreFixtures.device(firmware: "1.0"), trace: StoreFixtures.trace, events: [], actor: "breathd")
            // The same run UUID again: the run insert fails after the device upsert ran.
            let error = #expect(throws: StoreError.self) {
                try store.insert(run: run, device: StoreFixtures.device(firmware: "2.0"), trace: StoreFixtures.trace,
                                 events: StoreFixtures.events, actor: "breathd")
            }
            guard case .database = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(try store.device(serial: run.deviceSerial)?.firmwareVersion == "1.0")
            #expect(try store.runs().map(\.id) == [id])
            #expect(try store.events(runID: id).isEmpty)
        }
    }
}
