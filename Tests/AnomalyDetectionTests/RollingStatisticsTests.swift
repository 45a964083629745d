import Testing
@testable import AnomalyDetection
import _TestSupport


import Foundation

@Suite struct RollingWindowTests {
    /// Reference statistics by sorting a copy of the last `capacity` values.
    func reference(_ values: [Double], capacity: Int) -> (median: Double, mad: Double, q90: Double) {
        let last = Array(values.suffix(capacity)).sorted()
        func q(_ a: [Double], _ p: Double) -> Double {
            let pos = p * Double(a.count - 1)
            let lo = Int(pos.rounded(.down)), hi = min(lo + 1, a.count - 1)
            return a[lo] + (a[hi] - a[lo]) * (pos - Double(lo))
        }
        let median = q(last, 0.5)
        let deviations = last.map { abs($0 - median) }.sorted()
        return (median, q(deviations, 0.5), q(last, 0.9))
    }

    @Test func matchesSortingAfterEveryInsertionWithEviction() {
        var random = TestRandom(state: 7)
        var window = RollingWindow(capacity: 37)
        var all: [Double] = []
        for step in 0..<300 {
            // Repeated values (rounding) exercise ties in the sorted copy and in the MAD merge.
            let x = (random.normal() * 4).rounded() / 2
            window.append(x)
            all.append(x)
            let r = reference(all, capacity: 37)
            // Same arithmetic on the same order statistics: only rounding in the interpolation differs.
            #expect(abs(window.median! - r.median) < 1e-12, "step \(step)")
            #expect(abs(window.medianAbsoluteDeviation(from: window.median!)! - r.mad) < 1e-12, "step \(step)")
            #expect(abs(window.quantile(0.9)! - r.q90) < 1e-12, "step \(step)")
            #expect(window.count == min(step + 1, 37))
        }
        #expect(window.valuesInOrder == Array(all.suffix(37)))
    }

    @Test func ignoresNaNAndReportsEmpty() {
        var window = RollingWindow(capacity: 3)
        #expect(window.median == nil)
        window.append(.nan)
        #expect(window.isEmpty)
        window.append(2)
        #expect(window.median == 2)
    }
}
