import BreathWire
import Testing

/// RunMethod's derived quantities and range checks (PROTOCOL.md 4.5).
@Suite struct RunMethodTests {
    static let method = RunMethod.breathScreenV1

    @Test func breathScreenV1IsTheReferenceMethod() {
        let method = Self.method
        #expect(method.methodID == "breath-screen-v1")
        #expect(method.initialTemperatureC == 40)
        #expect(method.initialHoldS == 30)
        #expect(method.ramps == [TemperatureRamp(rateCPerMin: 12, targetTemperatureC: 150, holdS: 20)])
        #expect(method.invalidField(samplePeriods: 1000...100_000) == nil)
    }

    @Test func separationDurationOfBreathScreenV1Is600Seconds() {
        // 30 s hold + (150 - 40) / 12 min = 550 s ramp + 20 s hold.
        #expect(abs(Self.method.separationDuration - 600) < 1e-9)
    }

    @Test func separationDurationSumsHoldsAndRamps() {
        var method = Self.method
        method.ramps = []
        method.initialHoldS = 45
        #expect(method.separationDuration == 45)

        // The two-ramp vector method: 60 + 660 + 0 + 312 + 120 s.
        #expect(abs(MessageCatalog.twoRamps.separationDuration - 1152) < 1e-9)
    }

    @Test(arguments: [
        (-5.0, 40.0), (0.0, 40.0), (30.0, 40.0), (35.0, 41.0), (305.0, 95.0), (579.0, 149.8), (580.0, 150.0),
        (590.0, 150.0), (600.0, 150.0), (3600.0, 150.0),
    ])
    func columnTemperatureOfBreathScreenV1(time: Double, temperature: Double) {
        #expect(abs(Self.method.columnTemperature(at: time) - temperature) < 1e-9)
    }

    @Test func columnTemperatureFollowsSeveralRamps() {
        let method = MessageCatalog.twoRamps  // 40 °C 60 s, 10 °C/min to 150 (no hold), 25 °C/min to 280, 120 s
        let points: [(Double, Double)] = [
            (60, 40), (120, 50), (720, 150), (780, 175), (1032, 280), (1100, 280), (1152, 280), (2000, 280),
        ]
        for (time, temperature) in points {
            #expect(abs(method.columnTemperature(at: time) - temperature) < 1e-9, "t = \(time) s")
        }
    }

    @Test func columnTemperatureHoldsBetweenRamps() {
        // 50 °C for 10 s, 10 °C/min to 100 (300 s), hold 60 s, 20 °C/min to 200 (300 s), hold 30 s.
        var method = Self.method
        method.initialTemperatureC = 50
        method.initialHoldS = 10
        method.ramps = [
            TemperatureRamp(rateCPerMin: 10, targetTemperatureC: 100, holdS: 60),
            TemperatureRamp(rateCPerMin: 20, targetTemperatureC: 200, holdS: 30),
        ]
        #expect(abs(method.separationDuration - 700) < 1e-9)
        let points: [(Double, Double)] = [
            (10, 50), (160, 75), (310, 100), (340, 100), (370, 100), (400, 110), (670, 200), (700, 200),
        ]
        for (time, temperature) in points {
            #expect(abs(method.columnTemperature(at: time) - temperature) < 1e-9, "t = \(time) s")
        }
    }

    @Test func columnTemperatureNeverDecreasesAndEndsAtTheLastTarget() {
        let method = MessageCatalog.twoRamps
        var previous = method.columnTemperature(at: 0)
        for step in 1...1200 {
            let current = method.columnTemperature(at: Double(step))
            #expect(current >= previous, "t = \(step) s")
            previous = current
        }
        #expect(method.columnTemperature(at: method.separationDuration) == 280)
    }

    // MARK: invalidField

    struct Breakage: Sendable, CustomTestStringConvertible {
        var field: String
        var breaks: @Sendable (inout RunMethod) -> Void
        var testDescription: String { field }
    }

    static let breakages: [Breakage] = [
        Breakage(field: "method_id") { $0.methodID = "" },
        Breakage(field: "sample_period_us") { $0.samplePeriodMicros = 999 },
        Breakage(field: "sample_period_us") { $0.samplePeriodMicros = 100_001 },
        Breakage(field: "breath_target_volume_ml") { $0.breathTargetVolumeML = 0 },
        Breakage(field: "breath_max_duration_s") { $0.breathMaxDurationS = 0 },
        Breakage(field: "desorption_temperature_c") { $0.desorptionTemperatureC = 400 },
        Breakage(field: "desorption_temperature_c") { $0.desorptionTemperatureC = .nan },
        Breakage(field: "carrier_pressure_kpa") { $0.carrierPressureKPa = 0 },
        Breakage(field: "carrier_pressure_kpa") { $0.carrierPressureKPa = .infinity },
        Breakage(field: "detector_gain") { $0.detectorGain = 3 },
        Breakage(field: "ramp_count") { method in
            method.ramps = (1...9).map { TemperatureRamp(rateCPerMin: 5, targetTemperatureC: 40 + Float($0) * 10, holdS: 0) }
        },
        Breakage(field: "initial_temperature_c") { $0.initialTemperatureC = 301 },
        Breakage(field: "initial_temperature_c") { $0.initialTemperatureC = -1 },
        Breakage(field: "rate_c_per_min") { $0.ramps[0].rateCPerMin = 0 },
        Breakage(field: "rate_c_per_min") { $0.ramps[0].rateCPerMin = -12 },
        Breakage(field: "rate_c_per_min") { $0.ramps[0].rateCPerMin = .nan },
        Breakage(field: "target_temperature_c") { $0.ramps[0].targetTemperatureC = 40 },  // not above previous
        Breakage(field: "target_temperature_c") { $0.ramps[0].targetTemperatureC = 300.5 },
        Breakage(field: "target_temperature_c") { method in  // second ramp below the first's target
            method.ramps.append(TemperatureRamp(rateCPerMin: 5, targetTemperatureC: 140, holdS: 0))
        },
    ]

    @Test(arguments: breakages)
    func invalidFieldNamesTheBrokenField(_ breakage: Breakage) {
        var method = Self.method
        breakage.breaks(&method)
        #expect(method.invalidField(samplePeriods: 1000...100_000) == breakage.field)
    }

    @Test func boundaryValuesAreValid() {
        var method = Self.method
        method.samplePeriodMicros = 1000
        method.detectorGain = 2
        method.ramps = [
            TemperatureRamp(rateCPerMin: 0.5, targetTemperatureC: 41, holdS: 0),
            TemperatureRamp(rateCPerMin: 100, targetTemperatureC: 300, holdS: 0),
        ]
        #expect(method.invalidField(samplePeriods: 1000...100_000) == nil)
        method.ramps = (1...8).map { TemperatureRamp(rateCPerMin: 5, targetTemperatureC: 40 + Float($0) * 10, holdS: 0) }
        #expect(method.invalidField(samplePeriods: 1000...100_000) == nil)
        method.ramps = []
        #expect(method.invalidField(samplePeriods: 1000...1000) == nil)
    }
}
