/// Running sums from which every point and interval metric is computed.
///
/// One accumulator can be filled with forecasts from any number of folds, horizon steps and
/// series, and accumulators can be merged, so per-step, per-series and overall tables all come
/// from the same sums. Sums are plain `Double` additions: merging in a fixed order gives
/// bit-identical results whatever the number of threads that filled the parts.
///
/// Pairs whose actual or prediction is not finite (NaN marks a missing value) are skipped and
/// counted in ``skippedMissing``.
public struct MetricAccumulator: Sendable, Equatable {
    /// Nominal coverage of the intervals added (e.g. 0.9), or nil when none carried intervals.
    public private(set) var nominalCoverage: Double?
    /// Pairs averaged by MAE, RMSE, bias.
    public private(set) var count = 0
    /// Pairs skipped because the actual or the prediction was NaN or infinite.
    public private(set) var skippedMissing = 0
    /// Pairs MAPE skipped because the actual was exactly zero.
    public private(set) var mapeSkippedZeros = 0
    /// Pairs sMAPE skipped because actual and prediction were both zero (0/0).
    public private(set) var smapeSkippedZeros = 0
    /// Pairs MASE skipped because their scale was missing or zero (a constant history).
    public private(set) var maseSkippedNoScale = 0

    var sumAbsoluteError = 0.0
    var sumSquaredError = 0.0
    var sumSignedError = 0.0          // Σ(ŷ − y)
    var sumAbsoluteActual = 0.0
    var mapeCount = 0
    var sumAbsolutePercentage = 0.0   // Σ|y − ŷ| / |y|
    var smapeCount = 0
    var sumSymmetricPercentage = 0.0  // Σ 2|y − ŷ| / (|y| + |ŷ|)
    var scaledCount = 0
    var sumScaledError = 0.0          // Σ|y − ŷ| / scale
    var intervalCount = 0
    var coveredCount = 0
    var sumWidth = 0.0
    var sumWinkler = 0.0
    var sumPinball = 0.0              // Σ over pairs of (pinball at α/2 + pinball at 1−α/2) / 2

    public init() {}

    /// Adds one forecast value against its actual.
    ///
    /// - Parameters:
    ///   - actual: the observed value `y`.
    ///   - predicted: the point forecast `ŷ`.
    ///   - scale: the MASE denominator for this series and origin (in-sample seasonal-naive MAE);
    ///     nil or non-positive leaves this pair out of MASE only, counted in ``maseSkippedNoScale``.
    ///   - interval: lower and upper bound of a central prediction interval of nominal coverage
    ///     `coverage`; nil when the model gives no interval.
    public mutating func add(actual y: Double, predicted yhat: Double, scale: Double? = nil,
                             interval: (lower: Double, upper: Double, coverage: Double)? = nil) {
        guard y.isFinite, yhat.isFinite else { skippedMissing += 1; return }
        let error = y - yhat
        let absError = abs(error)
        count += 1
        sumAbsoluteError += absError
        sumSquaredError += error * error
        sumSignedError -= error
        sumAbsoluteActual += abs(y)
        if y == 0 { mapeSkippedZeros += 1 } else { mapeCount += 1; sumAbsolutePercentage += absError / abs(y) }
        let denominator = abs(y) + abs(yhat)
        if denominator == 0 { smapeSkippedZeros += 1 } else { smapeCount += 1; sumSymmetricPercentage += 2 * absError / denominator }
        if let scale, scale > 0, scale.isFinite { scaledCount += 1; sumScaledError += absError / scale } else { maseSkippedNoScale += 1 }
        if let interval, interval.lower.isFinite, interval.upper.isFinite,
           interval.coverage > 0, interval.coverage < 1 {
            // Intervals of different nominal levels must not be pooled; the first level wins and
            // mismatching ones are left out of the interval metrics.
            if nominalCoverage == nil { nominalCoverage = interval.coverage }
            guard let level = nominalCoverage, abs(level - interval.coverage) < 1e-12 else { return }
            let lo = min(interval.lower, interval.upper), hi = max(interval.lower, interval.upper)
            let alpha = 1 - level
            intervalCount += 1
            if y >= lo && y <= hi { coveredCount += 1 }
            sumWidth += hi - lo
            sumWinkler += IntervalScores.winkler(actual: y, lower: lo, upper: hi, alpha: alpha)
            sumPinball += 0.5 * (IntervalScores.pinball(actual: y, quantile: lo, level: alpha / 2)
                + IntervalScores.pinball(actual: y, quantile: hi, level: 1 - alpha / 2))
        }
    }

    /// Adds the sums of `other`. Interval sums are merged only when both share a nominal coverage.
    public mutating func merge(_ other: MetricAccumulator) {
        count += other.count
        skippedMissing += other.skippedMissing
        mapeSkippedZeros += other.mapeSkippedZeros
        smapeSkippedZeros += other.smapeSkippedZeros
        maseSkippedNoScale += other.maseSkippedNoScale
        sumAbsoluteError += other.sumAbsoluteError
        sumSquaredError += other.sumSquaredError
        sumSignedError += other.sumSignedError
        sumAbsoluteActual += other.sumAbsoluteActual
        mapeCount += other.mapeCount
        sumAbsolutePercentage += other.sumAbsolutePercentage
        smapeCount += other.smapeCount
        sumSymmetricPercentage += other.sumSymmetricPercentage
        scaledCount += other.scaledCount
        sumScaledError += other.sumScaledError
        guard other.intervalCount > 0, let level = other.nominalCoverage else { return }
        if nominalCoverage == nil { nominalCoverage = level }
        guard let mine = nominalCoverage, abs(mine - level) < 1e-12 else { return }
        intervalCount += other.intervalCount
        coveredCount += other.coveredCount
        sumWidth += other.sumWidth
        sumWinkler += other.sumWinkler
        sumPinball += other.sumPinball
    }

    /// Every metric computed from the sums so far.
    public var summary: MetricSummary { MetricSummary(self) }
}
