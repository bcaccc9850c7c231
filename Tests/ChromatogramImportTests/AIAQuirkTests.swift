import BreathSignal
import CNetCDF
import ChromatogramImport
import Testing

/// Quirks real AIA files show that the vendor examples lack, on files written here.
@Suite struct AIAQuirkTests {
    let ramp: [Float] = [10, 12, 15, 30, 22, 14, 11]

    private func read(_ fixture: NetCDFFixture) throws -> AIAFile {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("run.cdf").path
            try fixture.write(to: path)
            return try AIAImporter().read(path: path)
        }
    }

    @Test func pluralAttributeSpellingsOfOlderHPFiles() throws {
        let file = try read(.aia(
            ordinate: .float(ramp), retentionUnit: ("retention_units", "time in seconds"),
            detectorUnit: ("detector_units", "abundance units")))
        #expect(file.metadata.retentionUnit == "time in seconds")
        #expect(file.metadata.detectorUnit == "abundance units")
        #expect(file.chromatogram.unit == "abundance units")
    }

    @Test func textAttributesAreTrimmedAndLatin1IsKept() throws {
        var fixture = NetCDFFixture.aia(ordinate: .float(ramp), detectorUnit: nil)
        // µ as the single byte 0xB5 (ISO 8859-1), as older data systems wrote it.
        fixture.globalBytes = [("detector_unit", [0xB5, 0x56]), ("sample_name", Array("breath 7   ".utf8) + [0, 0])]
        fixture.globalText.append(("dataset_origin", "Bre\u{E6}th GC \u{B5}V"))  // UTF-8 stays UTF-8
        let metadata = try read(fixture).metadata
        #expect(metadata.detectorUnit == "\u{B5}V")
        #expect(metadata.sampleName == "breath 7")
        #expect(metadata.datasetOrigin == "Bre\u{E6}th GC \u{B5}V")
        #expect(metadata.sampleID == nil)
    }

    @Test(arguments: [
        ("time in seconds", TimeUnit.seconds), ("seconds", .seconds), ("Time-Sec", .seconds),
        ("Minutes", .minutes), ("min", .minutes), ("ms", .milliseconds),
    ])
    func retentionUnitSpellings(label: String, unit: TimeUnit) throws {
        let file = try read(.aia(ordinate: .float(ramp), interval: 2, delay: -1, retentionUnit: ("retention_unit", label)))
        #expect(file.metadata.timeUnit == unit)
        #expect(file.chromatogram.samplePeriod == 2 * unit.secondsPerUnit)
        #expect(file.chromatogram.startTime == -1 * unit.secondsPerUnit)
    }

    @Test func missingRetentionUnitMeansSeconds() throws {
        let file = try read(.aia(ordinate: .float(ramp), interval: 0.25, retentionUnit: nil, detectorUnit: nil))
        #expect(file.metadata.retentionUnit == nil)
        #expect(file.metadata.timeUnit == .seconds)
        #expect(file.chromatogram.samplePeriod == 0.25)
        #expect(file.chromatogram.unit == nil)
    }

    @Test func minutesConvertTimesIntervalDelayAndRunLength() throws {
        // 0.01 min and -0.05 min are not exact in float32, hence the tolerance.
        let file = try read(.aia(
            ordinate: .float(ramp), interval: 0.01, delay: -0.05, runLength: 0.06,
            retentionUnit: ("retention_unit", "Minutes")))
        #expect(abs(file.chromatogram.samplePeriod - 0.6) < 1e-6)
        #expect(abs(file.chromatogram.startTime - -3) < 1e-6)
        #expect(abs(file.metadata.runTimeLength! - 3.6) < 1e-6)
    }

    @Test func unknownRetentionUnitIsAnError() throws {
        #expect(throws: ImportError.self) {
            try read(.aia(ordinate: .float(ramp), retentionUnit: ("retention_unit", "fortnights")))
        }
    }

    @Test func ordinateTypesAllReadAsTheSameTrace() throws {
        let expected = ramp.map(Double.init)
        let values: [NetCDFFixture.Values] = [
            .float(ramp), .double(expected), .short(ramp.map { Int16($0) }), .int(ramp.map { Int32($0) }),
        ]
        for ordinate in values {
            #expect(try read(.aia(ordinate: ordinate)).chromatogram.intensity == expected, "\(ordinate.type)")
        }
    }

    @Test func negativeDelayIsTheStartTime() throws {
        let file = try read(.aia(ordinate: .float(ramp), interval: 0.25, delay: -0.25))
        #expect(file.chromatogram.startTime == -0.25)
        #expect(file.chromatogram.time(at: 1) == 0)
    }

    @Test func missingDelayStartsAtZero() throws {
        #expect(try read(.aia(ordinate: .float(ramp), delay: nil)).chromatogram.startTime == 0)
    }

    @Test(arguments: [nil, 0.0, -1.0])
    func unusableIntervalIsDerivedFromTheRunLength(interval: Double?) throws {
        let file = try read(.aia(ordinate: .float(ramp), interval: interval, runLength: 3))
        #expect(file.chromatogram.samplePeriod == 3.0 / Double(ramp.count - 1))
    }

    @Test func noIntervalAndNoRunLengthIsAnError() throws {
        let error = #expect(throws: ImportError.self) { try read(.aia(ordinate: .float(ramp), interval: nil)) }
        guard case .noSamplingInterval = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("actual_sampling_interval") == true)
    }

    @Test func explicitSampleTimesAreResampled() throws {
        var fixture = NetCDFFixture.aia(ordinate: .float([0, 1, 2, 3, 4]), interval: nil)
        fixture.variables.append(.init(name: "raw_data_retention", dimensions: ["point_number"], values: .double([0, 1, 2, 4, 5])))
        let trace = try read(fixture).chromatogram
        #expect(trace.wasResampled)
        #expect(trace.samplePeriod == 1)
        #expect(trace.count == 6)
    }

    @Test func netCDF4FilesReadToo() throws {
        let file = try read(.aia(ordinate: .float(ramp), format: NC_NETCDF4))
        #expect(file.chromatogram.intensity == ramp.map(Double.init))
    }

    @Test func sixtyFourBitOffsetFilesReadToo() throws {
        let file = try read(.aia(ordinate: .float(ramp), format: NC_64BIT_OFFSET))
        #expect(file.chromatogram.intensity == ramp.map(Double.init))
    }
}
