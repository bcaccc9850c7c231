import Foundation

extension Data {
    /// Packs floats as little-endian binary32.
    init(floats: [Float]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(floats.count * 4)
        for value in floats { Swift.withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        self.init(bytes)
    }

    /// Unpacks little-endian binary32 floats; a trailing partial value is ignored.
    var floats: [Float] {
        let count = self.count / 4
        return withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
