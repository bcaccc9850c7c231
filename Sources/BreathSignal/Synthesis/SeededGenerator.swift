/// A deterministic random number generator: xoshiro256** seeded through SplitMix64.
///
/// Every draw it offers — raw words, uniforms, bounded integers, normals and log-normals — is
/// computed with integer arithmetic and IEEE-754 basic operations only (the logarithm and
/// exponential are computed in Swift, not by the platform's C library), so one seed gives
/// bit-identical values on every platform and Swift version.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var s0, s1, s2, s3: UInt64
    /// The second value of the last polar-method pair, kept so no draw is wasted.
    private var spareNormal: Double?

    /// Creates a generator whose state is four successive SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        self.init(seed: seed, stream: 0)
    }

    /// Creates a generator for an independent sub-stream of `seed`.
    ///
    /// Stream 0 equals `init(seed:)`. Sub-streams let one seed drive several independent
    /// random processes, so that changing how many draws one of them makes (for example the
    /// number of spikes) does not change the others (for example the noise).
    public init(seed: UInt64, stream: UInt64) {
        var splitMix = seed ^ Self.mix(stream)
        s0 = Self.splitMix64(&splitMix)
        s1 = Self.splitMix64(&splitMix)
        s2 = Self.splitMix64(&splitMix)
        s3 = Self.splitMix64(&splitMix)
        spareNormal = nil
    }

    /// Returns the next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// Returns a uniform double in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Returns a uniform integer in `0..<bound` without modulo bias (Lemire's method).
    ///
    /// Written out rather than using `Int.random(in:using:)` because the standard library
    /// does not promise that algorithm stays the same between releases.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Returns a standard normal draw (Marsaglia's polar method).
    public mutating func nextStandardNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * PortableMath.log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// Returns a normal draw with the given mean and standard deviation.
    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextStandardNormal()
    }

    /// Returns a log-normal draw described the way breath levels are reported: by its median
    /// (geometric mean) and its geometric standard deviation (> 0; 1 means no spread).
    public mutating func nextLogNormal(median: Double, geometricSD: Double) -> Double {
        precondition(median > 0 && geometricSD > 0, "median and geometric SD must be positive")
        return median * PortableMath.exp(PortableMath.log(geometricSD) * nextStandardNormal())
    }

    private static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        return mix(x)
    }

    /// SplitMix64's finaliser; it maps 0 to 0, which keeps stream 0 equal to the plain seed.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
