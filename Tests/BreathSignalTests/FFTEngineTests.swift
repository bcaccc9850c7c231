import CFFTW
import Foundation
import Testing

@testable import BreathSignal

/// FFTEngine: correctness against a naive DFT, round trips, sizes, thread safety, wisdom.
@Suite struct FFTEngineTests {
    /// Forward transform of `signal` (copied: the plans may destroy their input).
    static func spectrum(of signal: [Double]) -> [(re: Double, im: Double)] {
        let count = signal.count
        let input = FFTBuffer<Double>(capacity: count)
        let output = FFTBuffer<fftw_complex>(capacity: count / 2 + 1)
        for i in 0..<count { input[i] = signal[i] }
        FFTEngine.forward(input, output, count: count)
        return (0...(count / 2)).map { (output[$0].0, output[$0].1) }
    }

    /// Inverse transform (unnormalised) of `count/2 + 1` bins.
    static func inverse(_ bins: [(re: Double, im: Double)], count: Int) -> [Double] {
        let input = FFTBuffer<fftw_complex>(capacity: count / 2 + 1)
        let output = FFTBuffer<Double>(capacity: count)
        for (k, bin) in bins.enumerated() { input[k] = (bin.re, bin.im) }
        FFTEngine.inverse(input, output, count: count)
        return (0..<count).map { output[$0] }
    }

    static func randomSignal(count: Int, seed: UInt64) -> [Double] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in random.nextNormal(mean: 0.5, standardDeviation: 2) }
    }

    static func isSmooth(_ value: Int) -> Bool {
        var n = value
        for p in [2, 3, 5] { while n % p == 0 { n /= p } }
        return n == 1
    }

    static let roundTripSizes: [Int] = Array(1...64)
        + [72, 96, 120, 125, 128, 243, 250, 360, 486, 625, 1000, 1024, 2160, 3375, 4096]  // 2^a 3^b 5^c
        + [67, 97, 101, 127, 257, 1009, 4099]  // primes

    @Test(arguments: roundTripSizes)
    func forwardThenInverseRestoresTheSignal(count: Int) {
        let signal = Self.randomSignal(count: count, seed: UInt64(count))
        let restored = Self.inverse(Self.spectrum(of: signal), count: count).map { $0 / Double(count) }
        let scale = signal.map(abs).max()!
        let error = zip(signal, restored).map { abs($0 - $1) }.max()!
        // Double-precision FFT round-off grows like ε·log n (≈1e-14 here even for primes, which
        // FFTW does by Rader/Bluestein); a wrong plan, size or normalisation errs by O(scale).
        #expect(error <= 1e-11 * scale, "size \(count): error \(error)")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 25, 30, 31, 32, 45, 64])
    func forwardEqualsNaiveDFT(count: Int) {
        let signal = Self.randomSignal(count: count, seed: 1000 + UInt64(count))
        let bins = Self.spectrum(of: signal)
        #expect(bins.count == count / 2 + 1)
        let total = signal.map(abs).reduce(0, +)
        for k in 0...(count / 2) {
            var re = 0.0, im = 0.0
            for (j, x) in signal.enumerated() {
                let angle = -2 * Double.pi * Double(j * k % count) / Double(count)
                re += x * cos(angle)
                im += x * sin(angle)
            }
            // Each bin is a sum of `count` terms bounded by Σ|x|: both sums agree to ~1e-15 of it.
            #expect(abs(bins[k].re - re) <= 1e-12 * total, "size \(count) bin \(k) real")
            #expect(abs(bins[k].im - im) <= 1e-12 * total, "size \(count) bin \(k) imaginary")
        }
    }

    @Test func goodSizeIsTheSmallestSmoothSizeAtLeastTheInput() {
        // Exhaustive up to 5000 against a brute-force search.
        var expected = 1
        for minimum in 1...5000 {
            if expected < minimum {
                expected = minimum
                while !Self.isSmooth(expected) { expected += 1 }
            }
            let size = FFTEngine.goodSize(atLeast: minimum)
            #expect(size == expected, "goodSize(atLeast: \(minimum)) = \(size), expected \(expected)")
            if size != expected { return }
        }
    }

    @Test func goodSizeKnownValues() {
        let known: [(Int, Int)] = [
            (0, 1), (1, 1), (7, 8), (11, 12), (13, 15), (17, 18), (31, 32), (97, 100), (101, 108),
            (1001, 1024), (4097, 4320), (10007, 10125), (600_001, 607_500),
        ]
        for (minimum, size) in known {
            #expect(FFTEngine.goodSize(atLeast: minimum) == size, "goodSize(atLeast: \(minimum))")
        }
        let large = FFTEngine.goodSize(atLeast: 1_234_567)
        #expect(large >= 1_234_567 && Self.isSmooth(large))
    }

    /// One deterministic job: forward then inverse of a seeded signal of size `count`.
    static func job(count: Int, seed: UInt64) -> [Double] {
        let signal = randomSignal(count: count, seed: seed)
        let bins = spectrum(of: signal)
        return bins.flatMap { [$0.re, $0.im] } + inverse(bins, count: count)
    }

    @Test func concurrentTransformsMatchASerialRun() async {
        // Sizes not used elsewhere in the tests, so that some plans are made under contention.
        let sizes = [1_151, 2_310, 777, 4_000, 3_125, 1_536, 91, 6_561]
        let jobs = (0..<8).flatMap { task in (0..<50).map { index in (task, index) } }
        func parameters(_ task: Int, _ index: Int) -> (count: Int, seed: UInt64) {
            (sizes[(task + index) % sizes.count], UInt64(task * 1000 + index))
        }
        let concurrent = await withTaskGroup(of: (Int, [[Double]]).self) { group in
            for task in 0..<8 {
                group.addTask {
                    (task, (0..<50).map { index in
                        let job = parameters(task, index)
                        return Self.job(count: job.count, seed: job.seed)
                    })
                }
            }
            var results = [[[Double]]](repeating: [], count: 8)
            for await (task, outputs) in group { results[task] = outputs }
            return results
        }
        // Same plans, same fftw_malloc alignment, same input: the arithmetic is identical.
        for (task, index) in jobs {
            let job = parameters(task, index)
            let serial = Self.job(count: job.count, seed: job.seed)
            #expect(concurrent[task][index] == serial, "task \(task) job \(index) size \(job.count)")
        }
    }

    @Test func wisdomRoundTripsThroughAFile() throws {
        _ = Self.spectrum(of: Self.randomSignal(count: 360, seed: 1))  // at least one plan exists
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("fft-wisdom-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FFTEngine.exportWisdom(to: path))
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(contents.contains("fftw_wisdom"))
        #expect(FFTEngine.importWisdom(from: path))
    }

    @Test func wisdomImportFailsForAMissingOrCorruptFile() throws {
        let directory = FileManager.default.temporaryDirectory
        let missing = directory.appendingPathComponent("no-such-wisdom-\(UUID().uuidString)").path
        #expect(!FFTEngine.importWisdom(from: missing))
        let corrupt = directory.appendingPathComponent("bad-wisdom-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: corrupt) }
        try "this is not wisdom".write(toFile: corrupt, atomically: true, encoding: .utf8)
        #expect(!FFTEngine.importWisdom(from: corrupt))
    }
}
