import ChromatogramImport
import Testing

/// Unit labels as data systems and spreadsheets spell them.
@Suite struct TimeUnitTests {
    @Test(arguments: [
        ("time in seconds", TimeUnit.seconds), ("seconds", .seconds), ("Time-Sec", .seconds), ("s", .seconds),
        ("sec", .seconds), ("Minutes", .minutes), ("min", .minutes), ("Time (min)", .minutes),
        ("rt_min", .minutes), ("ms", .milliseconds), ("milliseconds", .milliseconds), ("miliseconds", .milliseconds),
    ])
    func recognised(label: String, unit: TimeUnit) {
        #expect(TimeUnit(label: label) == unit)
    }

    @Test(arguments: ["", "time", "hours", "fortnights", "retention_time", "minimal"])
    func unrecognised(label: String) {
        #expect(TimeUnit(label: label) == nil)
    }
}
