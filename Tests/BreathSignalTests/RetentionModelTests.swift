import BreathSignal
import Testing

@Suite struct RetentionModelTests {
    let model = RetentionModel.standard(deadTime: 30, separationDuration: 600)

    @Test func alkanesEluteAtTheirLadderTimes() {
        for marker in model.ladder {
            #expect(abs(model.retentionTime(forIndex: marker.index) - marker.time) < 1e-9)
        }
        #expect(model.ladder.map(\.carbonNumber) == Array(5...12))
        #expect(model.ladder.last!.time < 600)
    }

    @Test func indexToTimeRoundTripsAndIsMonotonic() {
        var previous = model.unretainedTime
        for index in stride(from: 250.0, through: 1400, by: 2.5) {
            let time = model.retentionTime(forIndex: index)
            #expect(time > previous, "RI \(index)")
            previous = time
            let back = model.retentionIndex(at: time)
            #expect(back != nil && abs(back! - index) < 1e-8, "RI \(index)")
        }
    }

    @Test func interpolatesLinearlyBetweenAlkanes() {
        let c7 = model.retentionTime(forIndex: 700)
        let c8 = model.retentionTime(forIndex: 800)
        #expect(abs(model.retentionTime(forIndex: 750) - (c7 + c8) / 2) < 1e-9)
    }

    @Test func earlyIndicesStayAfterTheDeadTime() {
        #expect(model.retentionTime(forIndex: 0) > model.unretainedTime)
        #expect(model.retentionIndex(at: model.unretainedTime) == nil)
        #expect(model.retentionIndex(at: 10) == nil)
    }

    @Test func driftShiftsTimesByTheStatedAmount() {
        var drifted = model
        drifted.drift = RetentionDrift(scale: 1.02)
        for index in [400.0, 500, 697.5, 1000, 1205] {
            let nominal = model.retentionTime(forIndex: index)
            #expect(abs(drifted.retentionTime(forIndex: index) - 1.02 * nominal) < 1e-9)
            // The drifted model still identifies the compound from its drifted time.
            #expect(abs(drifted.retentionIndex(at: 1.02 * nominal)! - index) < 1e-8)
        }
        #expect(abs(drifted.unretainedTime - 30.6) < 1e-12)

        drifted.drift = RetentionDrift(scale: 1, offset: -1.5)
        #expect(abs(drifted.retentionTime(forIndex: 800) - (model.retentionTime(forIndex: 800) - 1.5)) < 1e-12)
    }

    @Test func customLadderExtrapolatesPastTheLastAlkane() {
        let custom = RetentionModel(
            deadTime: 20,
            ladder: [AlkaneMarker(carbonNumber: 6, time: 60), AlkaneMarker(carbonNumber: 8, time: 140)])
        #expect(abs(custom.retentionTime(forIndex: 900) - 180) < 1e-9)
        #expect(abs(custom.retentionIndex(at: 100)! - 700) < 1e-9)
    }
}
