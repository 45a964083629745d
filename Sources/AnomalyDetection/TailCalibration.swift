import Foundation

/// Quantiles for the tail factor of `MultiScaleScorer`'s calibration: how much heavier than a
/// Gaussian's the learning span's robust z-scores are at a high quantile.
enum TailCalibration {
    /// The `q` quantile of `values` (linear interpolation between order statistics); nil when empty.
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    /// The `q` quantile of |Z| for a standard normal Z: the x with erf(x / √2) = q (bisection).
    static func gaussianAbsoluteQuantile(_ q: Double) -> Double {
        guard q > 0, q < 1 else { return 0 }
        var low = 0.0, high = 40.0
        for _ in 0..<100 {
            let mid = (low + high) / 2
            if erf(mid / 2.0.squareRoot()) < q { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}
