import Foundation

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64), so a run with
/// the same seed draws the same numbers on every machine and Swift version.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and the standard library's
/// `random(in:using:)` algorithms may change between releases; every draw here is defined in
/// this file: `next()` is xoshiro256** (Blackman & Vigna, 2018), `nextUnitDouble()` takes the top
/// 53 bits, `nextIndex(below:)` is Lemire's multiply-shift with rejection, and `nextGaussian()`
/// is Box–Muller in Double.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// The 256-bit xoshiro state; never all zero (SplitMix64 cannot produce four zero words in a row).
    public var state: (UInt64, UInt64, UInt64, UInt64) { _state }
    @usableFromInline internal var _state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose state is four successive SplitMix64 outputs from `seed`.
    /// - Parameter seed: any value; equal seeds give equal streams.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        _state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
        lhs.state == rhs.state
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(_state.1 &* 5, by: 7) &* 9
        let t = _state.1 << 17
        _state.2 ^= _state.0
        _state.3 ^= _state.1
        _state.1 ^= _state.2
        _state.0 ^= _state.3
        _state.2 ^= t
        _state.3 = rotateLeft(_state.3, by: 45)
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in [lower, upper).
    @inlinable
    public mutating func nextUniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnitDouble()
    }

    /// A standard normal draw (mean 0, variance 1) by the Box–Muller transform; uses two uniforms
    /// per call and keeps no spare, so the stream position depends only on the number of calls.
    @inlinable
    public mutating func nextGaussian() -> Double {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// A uniform integer in 0..<bound (Lemire's nearly-divisionless method, unbiased).
    /// - Precondition: `bound > 0` (a programming error otherwise, never user data).
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
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

    @inlinable
    func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
