import BreathTestSupport
import BreathDevice
import BreathEmulator
import BreathService
import BreathWire
import Foundation
import Testing

@Suite struct RefusedAcquisitionTests {
    @Test func refusedMethodStoresNothingAndLeavesNoCapture() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try PipelineFixture(directory: directory)
            let method = {
                var method = RunMethod.breathScreenV1
                method.detectorGain = 7
                return method
            }()
            let pipeline = fixture.pipeline
            let error = await #expect(throws: SessionError.self) {
                try await withTimeout {
                    try await pipeline.acquire(
                        over: EmulatorLink(configuration: EmulatorConfiguration(), pacing: .asFastAsPossible),
                        method: method, source: "emulator")
                }
            }
            guard case .refused(let nack) = error else {
                Issue.record("expected a refusal, got \(String(describing: error))")
                return
            }
            #expect(nack.code == .invalidMethod)
            #expect(try fixture.store.runs().isEmpty)
            let captures = (try? FileManager.default.contentsOfDirectory(atPath: fixture.captureDirectory.path)) ?? []
            #expect(captures.isEmpty)
        }
    }
}
