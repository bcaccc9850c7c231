import ArgumentParser
import BreathExport
import BreathSignal
import BreathStore
import ChromatogramImport
import Foundation

extension Results {
    /// `breathctl results export`: a result for another system.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export results as an HL7 FHIR R4 Bundle, as CSV, or as an ANDI/AIA chromatogram with its peak table.",
            discussion: """
                Exports the version in force of each result (a correction's FHIR status is
                "corrected" when QC, risk or category changed, otherwise "amended").

                fhir: one result as a FHIR R4 (4.0.1) Bundle of type collection, JSON: Patient
                (the pseudonym only), Device, Specimen (SNOMED CT 119336008, exhaled air),
                Observations for QC, risk and each identified compound with a VOC panel,
                RiskAssessment and DiagnosticReport.
                csv: one or more results, one row per identified compound (RFC 4180).
                aia: one result's detector trace and peak table as an ANDI/AIA netCDF file
                (ASTM E1947), needs --output.

                --output FILE must not exist (exit 73); it is created with mode 0640, since an
                export carries health data. Without --output, fhir and csv go to standard output.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case fhir, csv, aia
        }

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The results' numbers.", valueName: "result"))
        var ids: [Int64]

        @Option(help: "fhir, csv or aia.")
        var format: Format

        @Option(name: [.short, .long], help: ArgumentHelp("Write to this new file.", valueName: "file"))
        var output: String?

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("name at least one result") }
            guard format == .csv || ids.count == 1 else { throw ValidationError("--format \(format.rawValue) exports one result at a time") }
            guard format != .aia || output != nil else { throw ValidationError("--format aia writes a binary file: give --output FILE") }
        }

        func run() throws {
            var records = [ResultRecord]()
            for id in ids { records.append(try ResultLookup.record(id, database: database.db).0) }
            switch format {
            case .fhir:
                try emit(try FHIRBundle.bundle(records[0], exportedAt: Date()).text() + "\n")
            case .csv:
                try emit(CSVTable.export(records).text)
            case .aia:
                try writeAIA(records[0], to: output!)
            }
            // After the export, so that a failed export stays one line.
            for (id, record) in zip(ids, records) where record.current.id != id {
                FileHandle.standardError.write(Data(
                    "breathctl: note: result \(id) was corrected; exported result \(record.current.id), the version in force\n".utf8))
            }
        }

        /// Writes `text` to --output (a new file, 0640) or to standard output.
        private func emit(_ text: String) throws {
            guard let output else {
                print(text, terminator: "")
                return
            }
            try OutputFile.write(Data(text.utf8), to: output)
        }

        private func writeAIA(_ record: ResultRecord, to path: String) throws {
            let result = record.current
            let trace = try StoredTrace.load(record, database: database.db)
            let content = result.content
            let names = content.compoundNameByPeak
            let peaks = content.peaks.enumerated().map { index, peak in
                AIAPeak(name: names[index], retentionTime: peak.retentionTime, startTime: peak.start, endTime: peak.end,
                        height: peak.height, area: peak.area)
            }
            let metadata = AIAWriteMetadata(
                sampleID: "result-\(result.id)", sampleName: "breath sample, run \(content.runID), patient \(content.patient)",
                detectorName: record.run.map { "micro-GC \($0.deviceSerial)" } ?? "micro-GC",
                operatorName: content.operatorName, injection: result.sampledAt, datasetOrigin: "breathctl \(Breathctl.configuration.version)",
                experimentTitle: "exhaled breath VOC screening, method \(content.methodVersion)")
            if FileManager.default.fileExists(atPath: path) { throw fail("\(path) already exists", ExitStatus.cannotCreate) }
            do {
                try AIAWriter.write(trace, peaks: peaks, widths: content.peaks.map(\.fwhm), metadata: metadata, to: path)
            } catch {
                throw fail(error.description, error.status == 0 ? ExitStatus.dataError : ExitStatus.cannotCreate)
            }
            chmod(path, 0o640)
        }
    }
}

/// A new output file: created exclusively with mode 0640 whatever the umask.
enum OutputFile {
    /// Creates `path` holding `data`; nothing is left behind when writing fails.
    static func write(_ data: Data, to path: String) throws {
        try create(path) { descriptor in
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw fail("cannot write \(path): \(String(cString: strerror(errno)))", ExitStatus.ioError)
                    }
                    offset += written
                }
            }
        }
    }

    static func create(_ path: String, _ body: (Int32) throws -> Void) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists" : String(cString: strerror(errno))
            throw fail("cannot create \(path): \(reason)", ExitStatus.cannotCreate)
        }
        fchmod(descriptor, 0o640)
        do {
            try body(descriptor)
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
        guard close(descriptor) == 0 else { throw fail("cannot write \(path): \(String(cString: strerror(errno)))", ExitStatus.ioError) }
    }
}

/// A result's detector trace as the store holds it (`run_trace`, written with the run).
enum StoredTrace {
    /// The detector's unit on the device's wire (BreathWire sample blocks).
    static let unit = "µV"

    static func load(_ record: ResultRecord, database path: String) throws -> Chromatogram {
        let runID = record.current.content.runID
        let trace: RunTrace?
        do { trace = try ResultStore.openReadOnly(at: path).trace(runID: runID) } catch {
            throw fail(error.description, error.exitCode)
        }
        guard let trace, let run = record.run, run.samplePeriodMicros > 0 else {
            throw fail("run \(runID) of result \(record.current.id) has no stored trace", ExitStatus.dataError)
        }
        do {
            return try Chromatogram(
                samplePeriod: Double(run.samplePeriodMicros) / 1_000_000, intensity: trace.detector.map(Double.init), unit: unit)
        } catch {
            throw fail("run \(runID): \(error.description)", ExitStatus.dataError)
        }
    }
}
