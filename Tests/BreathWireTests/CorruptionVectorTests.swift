import Testing

/// `corruption.json`: garbage, failed checks, truncation and malformed payloads.
@Suite struct CorruptionVectorTests {
    @Test(arguments: VectorFiles.corruption)
    func resynchronisesAsSpecified(_ vector: StreamVector) throws {
        try checkStreamVector(vector)
    }
}
