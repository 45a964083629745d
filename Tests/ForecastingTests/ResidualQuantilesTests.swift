import Testing
import Foundation
@testable import Forecasting

@Suite("Split-conformal residual quantiles")
struct ResidualQuantilesTests {
    @Test("Order statistics follow the finite-sample correction")
    func conformalOrderStatistics() {
        // 1...99: n = 99, (n+1)·0.9 = 90 → the 90th smallest is 90; (n+1)·0.1 = 10 → 10.
        let sorted = (1...99).map(Double.init)
        #expect(ResidualQuantiles.conformalQuantile(sorted: sorted, probability: 0.9) == 90)
        #expect(ResidualQuantiles.conformalQuantile(sorted: sorted, probability: 0.1) == 10)
        // (n+1)·0.995 = 99.5 rounds up to 99 (clamped to n), never past the largest residual.
        #expect(ResidualQuantiles.conformalQuantile(sorted: sorted, probability: 0.995) == 99)
        #expect(ResidualQuantiles.conformalQuantile(sorted: sorted, probability: 0.5) == 50)
        #expect(ResidualQuantiles.conformalQuantile(sorted: [], probability: 0.9) == 0)
    }

    /// The fewest residuals whose interval is a real order statistic rather than the widest
    /// residual: one fewer puts the upper end's rank past n.
    @Test func samplesNeededForAFiniteInterval() {
        for level in [0.5, 0.8, 0.9, 0.95, 0.99] {
            let n = ResidualQuantiles.samplesNeeded(level: level)
            let rank = { (n: Int) in Int((Double(n + 1) * (1 + level) / 2).rounded(.up)) }
            #expect(rank(n) <= n && rank(n - 1) > n - 1, "level \(level): \(n)")
        }
        #expect(ResidualQuantiles.samplesNeeded(level: 0.8) == 9 && ResidualQuantiles.samplesNeeded(level: 0.95) == 39)
    }

    @Test("Intervals cover at least the nominal share of the residuals they came from")
    func coverageOnCalibrationSet() {
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        // Skewed residuals, different per step.
        let residuals = (0..<3).map { step in (0..<500).map { _ in pow(uniform(), 2) * Double(step + 1) - 0.2 } }
        let q = ResidualQuantiles(residuals: residuals)
        #expect(q.steps == 3)
        #expect(q.sampleCounts == [500, 500, 500])
        for level in [0.5, 0.8, 0.9, 0.95] {
            for step in 0..<3 {
                let (lo, hi) = q.interval(step: step, level: level)
                let covered = residuals[step].filter { $0 >= lo && $0 <= hi }.count
                #expect(Double(covered) / 500 >= level, "step \(step) level \(level)")
                #expect(lo <= hi)
            }
        }
        // Wider levels give wider intervals.
        let narrow = q.interval(step: 1, level: 0.5), wide = q.interval(step: 1, level: 0.95)
        #expect(wide.lower <= narrow.lower && wide.upper >= narrow.upper)
    }

    @Test("Steps past the trained horizon grow like a random walk")
    func rolloutGrowth() {
        let q = ResidualQuantiles(residuals: [[-1, 1, -2, 2, 0], [-2, 2, -4, 4, 0]])
        let last = q.quantile(step: 1, probability: 0.9)
        // Step index 7 is the 8th step: sqrt(8 / 2) = 2 times the last stored step.
        #expect(abs(q.quantile(step: 7, probability: 0.9) - 2 * last) < 1e-12)  // exact up to one rounding
    }

    @Test("Rows from a step on never narrow: lower ends only fall, upper ends only rise")
    func nonNarrowing() {
        // Step 1 is narrower than step 0 (sampling noise in rolled-out residuals).
        let q = ResidualQuantiles(residuals: [[-3, 3, -1, 1, 0], [-1, 1, -0.5, 0.5, 0], [-5, 5, -2, 2, 0]]).nonNarrowing(from: 1)
        let step0 = q.interval(step: 0, level: 0.9), step1 = q.interval(step: 1, level: 0.9), step2 = q.interval(step: 2, level: 0.9)
        #expect(step1.lower <= step0.lower && step1.upper >= step0.upper)
        #expect(step2.lower <= step1.lower && step2.upper >= step1.upper)
        #expect(step2.upper == 5)  // already wider: unchanged
        #expect(q.quantile(step: 1, probability: 0.5) == 0)  // the median row is kept
    }

    @Test("Non-finite residuals are dropped, and the type round-trips through JSON")
    func dropsNonFiniteAndCodes() throws {
        let q = ResidualQuantiles(residuals: [[1, .nan, 2, .infinity, 3]])
        #expect(q.sampleCounts == [3])
        let data = try JSONEncoder().encode(q)
        #expect(try JSONDecoder().decode(ResidualQuantiles.self, from: data) == q)
    }
}
