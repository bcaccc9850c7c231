import Testing

/// `messages.json`: one valid frame per case, every message type.
@Suite struct MessageVectorTests {
    @Test(arguments: VectorFiles.messages)
    func decodesAndReencodes(_ vector: StreamVector) throws {
        try checkStreamVector(vector)
    }
}
