import Foundation

/// One line of `breath-usb acquire`: a run's summary and the link's USB figures.
struct RunLine: Decodable {
    var run: String?
    var status: String
    var reason: String?
    var samples: Int?
    var receivedSamples: Int?
    var missingSamples: Int?
    var sequenceGaps: Int?
    var malformedFrames: Int?
    var droppedBytes: Int?
    var totalsVerified: Bool?
    var capture: String?
    var source: String?
    var stalls: Int?
    var faults: [String]?
    var usb: USBFigures

    struct USBFigures: Decodable {
        var bytesIn: Int
        var transfersIn: Int
        var stalls: Int
        var timeouts: Int
        var transferErrors: Int
        var overflows: Int
        var staleBytesDrained: Int
    }

    /// Every line `breath-usb acquire` printed on stdout.
    static func lines(_ stdout: String) throws -> [RunLine] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try stdout.split(separator: "\n").map { try decoder.decode(RunLine.self, from: Data($0.utf8)) }
    }
}

/// One line of `breath-usb list`.
struct ListedDevice: Decodable, Equatable {
    var bus: Int
    var address: Int
    var serial: String
}

/// What the umockdev device saw (its JSON summary).
struct DeviceSummary: Decodable {
    /// Bytes delivered to the host per IN endpoint ("0x81", "0x82"), without those lost in an overflow.
    var bytesIn: [String: Int]
    var bytesOut: Int
    var maxInFlight: Int
    var devnums: [Int]
    var unplugs: Int
    var replugs: Int
    var urbsStalled: Int
    var stallsInjected: Int
    var haltsCleared: Int
    var framesLostInStall: Int
    var hangsInjected: Int
    var bitsFlipped: Int
    var overflowsInjected: Int
    var bytesLostInOverflow: Int
    var staleBytes: Int
    var discarded: Int
    var exitStatus: Int?
    /// usbdevfs ioctls by name, as the program issued them.
    var ioctls: [String: Int]

    var totalBytesIn: Int { bytesIn.values.reduce(0, +) }
}
