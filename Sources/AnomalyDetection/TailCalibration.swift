import ForecastMetrics

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

    /// The `q` quantile of |Z| for a standard normal Z: Φ⁻¹((1 + q) / 2).
    static func gaussianAbsoluteQuantile(_ q: Double) -> Double {
        guard q > 0, q < 1 else { return 0 }
        return StandardNormal.quantile((1 + q) / 2)
    }
}
