/// The seeded random source of every sample generator: xoshiro256** seeded through SplitMix64.
///
/// Written here (not `SystemRandomNumberGenerator`, not a platform `random()`) so that one seed
/// gives the same numbers on every machine and every Swift version: only integer arithmetic,
/// IEEE-754 basic operations and ``DeterministicMath`` are used.
public struct SampleRandom: RandomNumberGenerator {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// The second value of the last polar-method pair, used by the next ``normal()``.
    private var spareNormal: Double?

    /// SplitMix64 (Steele, Lea, Flood 2014): spreads a small seed over the whole state.
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for `seed`; `stream` picks an independent sequence for the same seed (one per
    /// generator part, so adding draws to one part does not shift the others).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        s0 = SampleRandom.splitMix64(&state)
        s1 = SampleRandom.splitMix64(&state)
        s2 = SampleRandom.splitMix64(&state)
        s3 = SampleRandom.splitMix64(&state)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 } // the all-zero state is the one xoshiro cannot leave
    }

    /// xoshiro256** 1.0 (Blackman, Vigna 2018).
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Uniform integer in `range` (Lemire's multiply-shift; the tiny bias is irrelevant here and
    /// the result does not depend on the platform's `Int.random`).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// Standard normal by Marsaglia's polar method, which needs only `log` and `sqrt` (both
    /// deterministic here: ``DeterministicMath/log(_:)`` and IEEE `squareRoot`).
    public mutating func normal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            guard s > 0 && s < 1 else { continue }
            let f = (-2 * DeterministicMath.log(s) / s).squareRoot()
            spareNormal = v * f
            return u * f
        }
    }

    /// Normal with mean `mu` and standard deviation `sigma`.
    public mutating func normal(_ mu: Double, _ sigma: Double) -> Double { mu + sigma * normal() }

    /// A Poisson-like count: exact inversion for small means, a rounded normal for large ones.
    public mutating func count(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean < 30 {
            let limit = DeterministicMath.exp(-mean)
            var k = 0, p = uniform()
            while p > limit { p *= uniform(); k += 1 }
            return k
        }
        return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
    }
}
