import ChromatogramImport
import Testing

/// The optional peak table, on files written here (the vendor examples have none).
@Suite struct AIAPeakTableTests {
    private func read(_ fixture: NetCDFFixture) throws -> AIAFile {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("peaks.cdf").path
            try fixture.write(to: path)
            return try AIAImporter().read(path: path)
        }
    }

    private func fixture(retentionUnit: String = "seconds") -> NetCDFFixture {
        var fixture = NetCDFFixture.aia(
            ordinate: .float([1, 2, 3, 2, 1]), retentionUnit: ("retention_unit", retentionUnit))
        fixture.dimensions.append(("peak_number", 0))  // unlimited, as E1947 declares it
        let peak = ["peak_number"]
        fixture.variables += [
            .init(name: "peak_retention_time", dimensions: peak, values: .float([1.5, 3.25])),
            .init(name: "peak_start_time", dimensions: peak, values: .float([1, 3])),
            .init(name: "peak_end_time", dimensions: peak, values: .float([2, 3.75])),
            .init(name: "peak_height", dimensions: peak, values: .float([120, -1])),
            .init(name: "peak_area", dimensions: peak, values: .float([340.5, 12])),
            .init(name: "baseline_start_time", dimensions: peak, values: .float([1, 3])),
            .init(name: "baseline_start_value", dimensions: peak, values: .float([0.5, 0.25])),
            .init(name: "baseline_stop_time", dimensions: peak, values: .float([2, 3.75])),
            .init(name: "baseline_stop_value", dimensions: peak, values: .float([0.75, 0.5])),
            .init(name: "peak_name", dimensions: ["peak_number", "_32_byte_string"], values: .text(["acetone", ""])),
        ]
        return fixture
    }

    @Test func peaksWithHeightMinusOneAsNotGiven() throws {
        let peaks = try read(fixture()).peaks
        #expect(peaks == [
            AIAPeak(
                name: "acetone", retentionTime: 1.5, startTime: 1, endTime: 2, height: 120, area: 340.5,
                baselineStart: AIABaselinePoint(time: 1, value: 0.5), baselineStop: AIABaselinePoint(time: 2, value: 0.75)),
            AIAPeak(
                name: nil, retentionTime: 3.25, startTime: 3, endTime: 3.75, height: nil, area: 12,
                baselineStart: AIABaselinePoint(time: 3, value: 0.25), baselineStop: AIABaselinePoint(time: 3.75, value: 0.5)),
        ])
    }

    @Test func peakTimesInMinutesAreConverted() throws {
        let peak = try #require(try read(fixture(retentionUnit: "Minutes")).peaks.first)
        #expect(peak.retentionTime == 90)
        #expect(peak.startTime == 60)
        #expect(peak.endTime == 120)
        #expect(peak.baselineStop?.time == 120)
        #expect(peak.baselineStop?.value == 0.75)
    }

    @Test func onlyRetentionTimesGiven() throws {
        var fixture = fixture()
        fixture.variables.removeAll {
            $0.name.hasPrefix("baseline_") || ($0.name.hasPrefix("peak_") && $0.name != "peak_retention_time")
        }
        let peaks = try read(fixture).peaks
        #expect(peaks == [AIAPeak(retentionTime: 1.5), AIAPeak(retentionTime: 3.25)])
    }

    @Test func fillValueInAnOptionalColumnIsNil() throws {
        var fixture = fixture()
        let index = fixture.variables.firstIndex { $0.name == "peak_area" }!
        fixture.variables[index].values = .float([-9, 12])
        fixture.variables[index].fillValue = -9
        let peaks = try read(fixture).peaks
        #expect(peaks.map(\.area) == [nil, 12])
    }

    @Test func missingRetentionTimeIsAnError() throws {
        var fixture = fixture()
        let index = fixture.variables.firstIndex { $0.name == "peak_retention_time" }!
        fixture.variables[index].values = .float([1.5, .nan])
        #expect(throws: ImportError.self) { try read(fixture) }
    }
}
