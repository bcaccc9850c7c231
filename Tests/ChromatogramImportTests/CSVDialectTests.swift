import BreathSignal
import ChromatogramImport
import Testing

/// Every text dialect the CSV importer accepts gives the same trace.
@Suite struct CSVDialectTests {
    struct Dialect: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var bytes: [UInt8]
        var hasHeader = true

        init(_ name: String, _ text: String, hasHeader: Bool = true) {
            testDescription = name
            bytes = Array(text.utf8)
            self.hasHeader = hasHeader
        }
    }

    /// Each gives times 0, 0.5, 1 s and intensities 10, 20, 15.
    static let dialects: [Dialect] = [
        Dialect("no header", "0,10\n0.5,20\n1,15\n", hasHeader: false),
        Dialect("time,intensity", "time,intensity\n0,10\n0.5,20\n1,15\n"),
        Dialect("upper-case RT,Signal", "RT,SIGNAL\n0,10\n0.5,20\n1,15\n"),
        Dialect("retention_time;abundance", "Retention_Time;Abundance\n0;10\n0.5;20\n1;15\n"),
        Dialect("tab, counts", "time\tcounts\n0\t10\n0.5\t20\n1\t15\n"),
        Dialect("seconds named", "Time (s),Intensity\n0,10\n0.5,20\n1,15\n"),
        Dialect("comments and blank lines", "# exported by X\n\ntime,intensity\n# run 1\n0,10\n\n0.5,20\n   \n1,15\n\n"),
        Dialect("CRLF", "time,intensity\r\n0,10\r\n0.5,20\r\n1,15\r\n"),
        Dialect("CR only", "time,intensity\r0,10\r0.5,20\r1,15\r"),
        Dialect("UTF-8 BOM", "\u{FEFF}time,intensity\n0,10\n0.5,20\n1,15\n"),
        Dialect("BOM without header", "\u{FEFF}0,10\n0.5,20\n1,15", hasHeader: false),
        Dialect("no final newline", "time,intensity\n0,10\n0.5,20\n1,15"),
        Dialect("quoted header", "\"time\",\"intensity\"\n0,10\n0.5,20\n1,15\n"),
        Dialect("spaces around fields", " time , intensity \n 0 , 10 \n0.5,\t20\n1 ,15\n"),
        Dialect("exponents", "time,intensity\n0e0,1e1\n5E-1,2.0e+1\n1,1.5e1\n"),
        Dialect("decimal comma with semicolons", "time;signal\n0;10\n0,5;20\n1;15,0\n"),
        Dialect("decimal comma with tabs", "0\t10\n0,5\t20\n1\t15\n", hasHeader: false),
        Dialect("intensity column first", "intensity,time\n10,0\n20,0.5\n15,1\n"),
    ]

    @Test(arguments: dialects)
    func readsTheSameTrace(_ dialect: Dialect) throws {
        let file = try CSVImporter().parse(dialect.bytes, path: "trace.csv")
        #expect(file.chromatogram.startTime == 0)
        #expect(file.chromatogram.samplePeriod == 0.5)
        #expect(file.chromatogram.intensity == [10, 20, 15])
        #expect(!file.chromatogram.wasResampled)
        #expect(file.timeUnit == .seconds)
        #expect((file.columnNames != nil) == dialect.hasHeader)
    }

    @Test(arguments: ["minutes,counts", "Time (min),Intensity", "rt_min;abundance", "RETENTION TIME [MIN]\tSIGNAL"])
    func minutesInTheHeaderConvertToSeconds(header: String) throws {
        let separator = header.contains("\t") ? "\t" : header.contains(";") ? ";" : ","
        let text = "\(header)\n1\(separator)10\n1.5\(separator)20\n2\(separator)15\n"
        let file = try CSVImporter().parse(Array(text.utf8), path: "trace.csv")
        #expect(file.timeUnit == .minutes)
        #expect(file.chromatogram.startTime == 60)
        #expect(file.chromatogram.samplePeriod == 30)
        #expect(file.chromatogram.intensity == [10, 20, 15])
    }

    @Test func intensityUnitFromTheHeader() throws {
        let file = try CSVImporter().parse(Array("Time (min),Signal (pA)\n0,1\n1,2\n".utf8), path: "t.csv")
        #expect(file.chromatogram.unit == "pA")
        #expect(file.columnNames == ["Time (min)", "Signal (pA)"])
    }

    @Test func nonUniformTimesAreResampled() throws {
        let file = try CSVImporter().parse(Array("0,0\n1,10\n2,20\n4,40\n5,50\n".utf8), path: "t.csv")
        let trace = file.chromatogram
        #expect(trace.wasResampled)
        #expect(trace.samplePeriod == 1)
        #expect(trace.intensity == [0, 10, 20, 30, 40, 50])
    }

    @Test func readsFromAFile() throws {
        try withTemporaryDirectory { directory in
            let path = try writeText("time,intensity\n0,1\n0.1,2\n0.2,3\n", in: directory)
            let file = try CSVImporter().read(path: path)
            #expect(file.chromatogram.count == 3)
            #expect(abs(file.chromatogram.samplePeriod - 0.1) < 1e-12)
        }
    }
}
