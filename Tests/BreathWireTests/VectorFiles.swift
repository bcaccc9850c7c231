import Foundation
import Testing

/// A JSON value as the vector files hold it.
enum JSONValue: Sendable, Hashable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let fields):
            "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// One case of `crc32c.json`.
struct CRCVector: Sendable, Decodable, CustomTestStringConvertible {
    var name: String
    var ascii: String?
    var hex: String?
    var crc32c: UInt32

    var testDescription: String { name }

    /// The input bytes, or nil when the case gives neither form (or bad hex).
    var input: [UInt8]? {
        if let ascii { return Array(ascii.utf8) }
        return hex.flatMap { bytes(hex: $0) }
    }
}

/// One case of `messages.json` or `corruption.json`: a byte stream and what decoding it yields.
struct StreamVector: Sendable, Decodable, CustomTestStringConvertible {
    var name: String
    var description: String
    var hex: String
    var expect: Expectation

    var testDescription: String { name }

    struct Expectation: Sendable, Decodable {
        var frames: [ExpectedFrame]
        var droppedBytes: Int
        var events: Events

        enum CodingKeys: String, CodingKey {
            case frames, events
            case droppedBytes = "dropped_bytes"
        }
    }

    struct ExpectedFrame: Sendable, Decodable {
        var versionMajor: UInt8
        var versionMinor: UInt8
        var type: UInt8
        var typeName: String
        var flags: UInt8
        var sequence: UInt16
        var payloadHex: String
        var message: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case type, flags, sequence, message
            case versionMajor = "version_major"
            case versionMinor = "version_minor"
            case typeName = "type_name"
            case payloadHex = "payload_hex"
        }
    }

    struct Events: Sendable, Decodable {
        var headerCheck: Int
        var crcMismatch: Int
        var oversized: Int
        var unsupportedVersion: Int
        var truncated: Int

        enum CodingKeys: String, CodingKey {
            case oversized, truncated
            case headerCheck = "header_check"
            case crcMismatch = "crc_mismatch"
            case unsupportedVersion = "unsupported_version"
        }

        var counts: EventCounts {
            EventCounts(
                headerCheck: headerCheck, crcMismatch: crcMismatch, oversized: oversized,
                unsupportedVersion: unsupportedVersion, truncated: truncated)
        }
    }
}

/// The vector files of `Firmware-Protocol/vectors/`, found from this source file's path.
enum VectorFiles {
    /// `Firmware-Protocol/vectors/` of the package this test file belongs to.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/BreathWireTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Firmware-Protocol")
        .appendingPathComponent("vectors")

    private struct File<Case: Decodable>: Decodable {
        var cases: [Case]
    }

    static func load<Case: Decodable>(_ name: String, as: Case.Type) throws -> [Case] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(File<Case>.self, from: data).cases
    }

    // Test arguments are computed before any test runs, so a file that fails to load gives
    // no cases here; `VectorFileTests` fails in that case instead.
    static let crc32c: [CRCVector] = (try? load("crc32c.json", as: CRCVector.self)) ?? []
    static let messages: [StreamVector] = (try? load("messages.json", as: StreamVector.self)) ?? []
    static let corruption: [StreamVector] = (try? load("corruption.json", as: StreamVector.self)) ?? []
}
