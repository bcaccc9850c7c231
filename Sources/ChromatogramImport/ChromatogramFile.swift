import BreathSignal

/// A chromatogram file of any supported format, read by ``load(path:)``.
public enum ChromatogramFile: Sendable, Hashable {
    /// Two-column text.
    case csv(CSVFile)
    /// ANDI/AIA netCDF.
    case aia(AIAFile)

    /// The formats ``load(path:)`` tells apart.
    public enum Format: Sendable, Hashable {
        /// Text, for ``CSVImporter``.
        case csv
        /// netCDF (classic or netCDF-4/HDF5), for ``AIAImporter``.
        case aia

        /// The format of a file that starts with `prefix` (8 bytes suffice).
        ///
        /// By content, not extension: AIA files are named .cdf, .CDF, .nc or anything a user
        /// chose, and text exports are often called .txt or .dat. netCDF-3 starts with "CDF"
        /// and a version byte (1 classic, 2 64-bit offset, 5 64-bit data); netCDF-4 is HDF5,
        /// whose signature is 89 "HDF" CR LF 1A LF. Everything else is treated as text, and
        /// the CSV reader says clearly when it is not.
        public init(prefix: some Collection<UInt8>) {
            let bytes = Array(prefix.prefix(8))
            if bytes.count >= 4, bytes[0..<3] == [0x43, 0x44, 0x46][...], [1, 2, 5].contains(bytes[3]) {
                self = .aia
            } else if bytes == Self.hdf5Signature {
                self = .aia
            } else {
                self = .csv
            }
        }

        private static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    }

    /// Reads the file at `path` with the importer its content calls for.
    public static func load(path: String) throws(ImportError) -> ChromatogramFile {
        switch Format(prefix: try FileBytes.prefix(path: path, count: 8)) {
        case .aia: .aia(try AIAImporter().read(path: path))
        case .csv: .csv(try CSVImporter().read(path: path))
        }
    }

    /// The trace, whatever the format.
    public var chromatogram: Chromatogram {
        switch self {
        case .csv(let file): file.chromatogram
        case .aia(let file): file.chromatogram
        }
    }

    /// The format the file was read as.
    public var format: Format {
        switch self {
        case .csv: .csv
        case .aia: .aia
        }
    }
}
