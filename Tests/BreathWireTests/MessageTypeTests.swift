import BreathWire
import Testing

/// Message type bytes, names, directions and endpoints (PROTOCOL.md sections 1 and 4).
@Suite struct MessageTypeTests {
    static let table: [(UInt8, String)] = [
        (0x01, "GET_INFO"), (0x02, "GET_STATUS"), (0x03, "UPLOAD_METHOD"), (0x04, "START_RUN"), (0x05, "ABORT_RUN"),
        (0x06, "KEEPALIVE"), (0x07, "CLOCK_SYNC"), (0x80, "ACK"), (0x81, "NACK"), (0x82, "DEVICE_INFO"),
        (0x83, "STATUS"), (0x84, "PHASE_CHANGED"), (0x85, "BREATH_METRICS"), (0x86, "SAMPLE_BLOCK"),
        (0x87, "RUN_COMPLETE"), (0x88, "FAULT"), (0x89, "KEEPALIVE_REPLY"), (0x8A, "CLOCK_SYNC_REPLY"),
    ]

    @Test func typesMatchTheSpecTable() {
        #expect(MessageType.allCases.count == Self.table.count)
        for (raw, name) in Self.table {
            #expect(MessageType(rawValue: raw)?.specName == name, "0x\(String(raw, radix: 16))")
        }
    }

    @Test func directionsAndEndpoints() {
        for type in MessageType.allCases {
            #expect(type.isCommand == (0x01...0x3F).contains(type.rawValue), "\(type.specName)")
            #expect(type.isCommand || (0x80...0xBF).contains(type.rawValue), "\(type.specName)")
        }
        let events = Set(MessageType.allCases.filter(\.isEvent).map(\.specName))
        #expect(events == ["PHASE_CHANGED", "BREATH_METRICS", "FAULT"])
    }

    @Test(arguments: MessageCatalog.entries)
    func responsesAreTheAnswersToRequests(_ entry: CatalogEntry) {
        let responses: Set<MessageType> = [.ack, .nack, .deviceInfo, .status, .keepAliveReply, .clockSyncReply]
        #expect(entry.message.isResponse == entry.knownType.map { responses.contains($0) } ?? false)
    }

    @Test func endpointsMatchTheSpec() {
        #expect(Endpoint.commandOut.rawValue == 0x01 && !Endpoint.commandOut.isInbound)
        #expect(Endpoint.dataIn.rawValue == 0x81 && Endpoint.dataIn.isInbound)
        #expect(Endpoint.eventIn.rawValue == 0x82 && Endpoint.eventIn.isInbound)
        #expect(Set(Endpoint.allCases.map(\.description)).count == 3)
    }
}
