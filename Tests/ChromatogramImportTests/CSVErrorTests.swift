import ChromatogramImport
import Testing

/// Every way a text file can be refused, each naming the file and (where there is one) the line.
@Suite struct CSVErrorTests {
    private func error(_ text: String) -> ImportError? {
        #expect(throws: ImportError.self) { try CSVImporter().parse(Array(text.utf8), path: "run.csv") }
    }

    @Test func unreadableFile() throws {
        #expect(throws: ImportError.unreadable(path: "/nonexistent/run.csv", reason: "no such file")) {
            try CSVImporter().read(path: "/nonexistent/run.csv")
        }
        try withTemporaryDirectory { directory in
            let error = #expect(throws: ImportError.self) { try CSVImporter().read(path: directory.path) }
            #expect(error == .unreadable(path: directory.path, reason: "is a directory"))
            #expect(error?.description == "\(directory.path): cannot read the file: is a directory")
        }
    }

    @Test(arguments: ["", "\n\n  \r\n", "# only a comment\n", "time,intensity\n", "\u{FEFF}", "# c\ntime,intensity\r\n\r\n"])
    func emptyFile(text: String) {
        #expect(error(text) == .empty(path: "run.csv"))
    }

    @Test func emptyMessage() {
        #expect(ImportError.empty(path: "run.csv").description == "run.csv: no data lines")
    }

    @Test func wrongColumnCount() {
        #expect(error("0,10\n0.5,20,3\n") == .wrongColumnCount(path: "run.csv", line: 2, found: 3))
        #expect(error("# c\n\ntime,intensity\n0,10\n5\n") == .wrongColumnCount(path: "run.csv", line: 5, found: 1))
        #expect(error("time,intensity,extra\n0,1,2\n") == .wrongColumnCount(path: "run.csv", line: 1, found: 3))
        #expect(error("0;1;2\n") == .wrongColumnCount(path: "run.csv", line: 1, found: 3))
        #expect(error("0,10\n0.5,20,3\n")?.description == "run.csv: line 2: expected 2 fields (time, intensity), found 3")
    }

    @Test func unparseableNumber() {
        #expect(error("0,10\n0.5,abc\n") == .unparseableNumber(path: "run.csv", line: 2, text: "abc"))
        #expect(error("time,intensity\r\n0,10\r\n0.5,1.2.3\r\n") == .unparseableNumber(path: "run.csv", line: 3, text: "1.2.3"))
        #expect(error("time,intensity\ns,mV\n0,1\n") == .unparseableNumber(path: "run.csv", line: 2, text: "s"))
        #expect(error("0,10\n0.5,\n") == .unparseableNumber(path: "run.csv", line: 2, text: ""))
        #expect(error("0,10\n0.5,abc\n")?.description == "run.csv: line 2: \"abc\" is not a number")
    }

    @Test func nonFiniteValues() {
        #expect(error("0,10\n0.5,nan\n1,3\n") == .nonFiniteValue(path: "run.csv", line: 2, column: "intensity"))
        #expect(error("0,10\n0.5,NaN\n1,3\n") == .nonFiniteValue(path: "run.csv", line: 2, column: "intensity"))
        #expect(error("0,1\n1,2\ninf,3\n") == .nonFiniteValue(path: "run.csv", line: 3, column: "time"))
        #expect(error("0,1\n1,-Infinity\n") == .nonFiniteValue(path: "run.csv", line: 2, column: "intensity"))
        #expect(error("intensity,time\n1,0\nnan,1\n") == .nonFiniteValue(path: "run.csv", line: 3, column: "intensity"))
        #expect(error("0,1\n1,inf\n")?.description == "run.csv: line 2: intensity is NaN or infinite")
    }

    @Test func fewerThanTwoSamples() {
        #expect(error("time,intensity\n0,10\n") == .tooFewSamples(path: "run.csv", count: 1))
        #expect(error("0,10") == .tooFewSamples(path: "run.csv", count: 1))
    }

    @Test func timesNotIncreasing() {
        #expect(error("0,1\n1,2\n1,3\n") == .timesNotIncreasing(path: "run.csv", line: 3))
        #expect(error("# c\n0,1\n2,2\n\n1,3\n") == .timesNotIncreasing(path: "run.csv", line: 5))
        #expect(error("0,1\n1,2\n1,3\n")?.description == "run.csv: line 3: time does not increase over the previous data line")
    }

    @Test func binaryIsNotText() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        #expect(throws: ImportError.notText(path: "x.png")) { try CSVImporter().parse(png, path: "x.png") }
        // Valid UTF-8 but with NUL bytes: still binary.
        #expect(throws: ImportError.notText(path: "x.bin")) { try CSVImporter().parse([0x30, 0x2C, 0x31, 0, 0x0A], path: "x.bin") }
        // Latin-1 text (µ as a lone 0xB5) is not UTF-8.
        #expect(throws: ImportError.notText(path: "l1.csv")) {
            try CSVImporter().parse(Array("time,signal (".utf8) + [0xB5] + Array("V)\n0,1\n1,2\n".utf8), path: "l1.csv")
        }
    }
}
