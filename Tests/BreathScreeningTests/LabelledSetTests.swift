import BreathCohort
import BreathModeling
import BreathScreening
import BreathTestSupport
import Foundation
import XCTest

/// Labelled sets on disk: a written set reads back and measures; every bad manifest is refused
/// with its line.
final class LabelledSetTests: XCTestCase {
    private func write(_ text: String, in directory: String) {
        XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/manifest.csv", contents: Data(text.utf8)))
    }

    func testWrittenSetReadsBackAndMeasures() throws {
        try withTemporaryDirectory { url in try writtenSetReadsBackAndMeasures(in: url.path) }
    }

    private func writtenSetReadsBackAndMeasures(in path: String) throws {
        let cohort = SyntheticCohort(design: CohortDesign(subjects: 4), seed: 2)
        try FileManager.default.createDirectory(atPath: path + "/runs", withIntermediateDirectories: true)
        for run in cohort.runs {
            XCTAssertTrue(FileManager.default.createFile(
                atPath: "\(path)/runs/\(run.id).csv", contents: Data(ChromatogramCSV.text(run.trace()).utf8)))
        }
        let set = LabelledSet(
            directory: path, comments: ["SYNTHETIC test set"],
            entries: cohort.runs.map {
                .init(runID: $0.id, subjectID: $0.subjectID, isCase: $0.isCase, chromatogram: "runs/\($0.id).csv", sample: $0.sample,
                      faults: [.init(code: 8, name: "HIGH_HUMIDITY", severity: .warning)], oracleScore: $0.oracleScore)
            })
        write(set.manifest(), in: path)
        let read = try LabelledSet.read(directory: path)
        XCTAssertEqual(read.comments, ["SYNTHETIC test set"])
        XCTAssertEqual(read.entries.map(\.runID), set.entries.map(\.runID))
        XCTAssertEqual(read.entries[0].faults, set.entries[0].faults)
        XCTAssertEqual(read.entries[0].oracleScore!, set.entries[0].oracleScore!, accuracy: 1e-6)
        let runs = try read.measure(method: Fixtures.method())
        XCTAssertEqual(runs.count, cohort.runs.count)
        XCTAssertTrue(runs.allSatisfy { $0.findings.contains { $0.code == QCCode.deviceFault.rawValue } })
    }

    func testBadManifestsNameTheLine() throws {
        let header = LabelledSet.header
        let good = "R1,S1,case,runs/R1.csv,1000,4.8,180,,"
        let cases: [(String, String)] = [
            ("run_id,subject_id\n" + good, "expected the header"),
            (header + "\nR1,S1,case,runs/R1.csv,1000,4.8,180,", "8 fields"),
            (header + "\nR1,S1,sick,runs/R1.csv,1000,4.8,180,,", "neither case nor control"),
            (header + "\n" + good + "\nR2,S1,control,runs/R2.csv,1000,4.8,180,,", "both case and control"),
            (header + "\n" + good + "\n" + good, "repeated"),
            (header + "\nR1,S1,case,runs/R1.csv,lots,4.8,180,,", "exhaled_volume_ml \"lots\""),
            (header + "\nR1,S1,case,runs/R1.csv,1000,4.8,180,LOW_BREATH_VOLUME,", "CODE:NAME:severity"),
            (header + "\nR1,S1,case,,1000,4.8,180,,", "chromatogram is empty"),
            ("# only a comment\n" + header + "\n", "no runs"),
        ]
        for (text, expected) in cases {
            try withTemporaryDirectory { url in
                write(text, in: url.path)
                XCTAssertThrowsError(try LabelledSet.read(directory: url.path)) { error in
                    XCTAssertTrue("\(error)".contains(expected), "\(error) should say \(expected)")
                }
            }
        }
        XCTAssertThrowsError(try LabelledSet.read(directory: "/nonexistent-set")) { error in
            XCTAssertEqual(error as? LabelledSetError, .unreadable(path: "/nonexistent-set/manifest.csv"))
        }
    }

    func testMissingChromatogramNamesTheRun() throws {
        try withTemporaryDirectory { url in
            write(LabelledSet.header + "\nR7,S1,case,runs/R7.csv,1000,4.8,180,,\n", in: url.path)
            let set = try LabelledSet.read(directory: url.path)
            XCTAssertThrowsError(try set.measure(method: Fixtures.method())) { error in
                guard case .chromatogram(let run, _) = error as? LabelledSetError else { return XCTFail("\(error)") }
                XCTAssertEqual(run, "R7")
            }
        }
    }
}
