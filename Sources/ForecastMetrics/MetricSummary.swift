/// Every metric of one set of forecasts (one model, and one step, series, or everything).
///
/// Notation: `y` actual, `ŷ` point forecast, `e = y − ŷ`, `n` pairs, `[l, u]` a central interval
/// of nominal coverage `1 − α`. A metric that cannot be computed (no intervals, every actual zero,
/// no MASE scale) is nil, never a made-up number.
public struct MetricSummary: Sendable, Equatable, Codable {
    /// Pairs averaged (missing actuals and predictions excluded).
    public var count: Int
    /// Pairs skipped because the actual or the prediction was missing (NaN).
    public var skippedMissing: Int
    /// Mean absolute error: `MAE = (1/n) Σ |y − ŷ|`.
    public var mae: Double?
    /// Root mean squared error: `RMSE = √((1/n) Σ (y − ŷ)²)`.
    public var rmse: Double?
    /// Mean absolute percentage error, in percent, over pairs with `y ≠ 0` only:
    /// `MAPE = 100 · (1/n') Σ_{y≠0} |y − ŷ| / |y|`. ``mapeSkippedZeros`` says how many were skipped.
    public var mape: Double?
    /// Pairs left out of MAPE because the actual was zero.
    public var mapeSkippedZeros: Int
    /// Symmetric MAPE, in percent (0…200): `sMAPE = 100 · (1/n) Σ 2|y − ŷ| / (|y| + |ŷ|)`;
    /// pairs with `y = ŷ = 0` are skipped.
    public var smape: Double?
    /// Pairs left out of MASE because their scale was missing or zero: the history before the
    /// origin was constant (or too short), so no error is "large" or "small" relative to it.
    /// When every pair is left out, ``mase`` is nil.
    public var maseSkippedNoScale: Int
    /// Mean absolute scaled error: `MASE = (1/n) Σ |y − ŷ| / s`, where `s` is the in-sample MAE of
    /// the seasonal-naive forecast on the history before the origin, `s = mean_t |y_t − y_{t−m}|`
    /// (see ``PointMetrics/seasonalNaiveScale(history:period:)``). Below 1: better than that
    /// in-sample yardstick.
    public var mase: Double?
    /// Weighted absolute percentage error, in percent: `WAPE = 100 · Σ|y − ŷ| / Σ|y|`.
    public var wape: Double?
    /// Mean signed error, forecast minus actual: `bias = (1/n) Σ (ŷ − y)`; positive means the
    /// forecasts run high.
    public var bias: Double?
    /// Nominal coverage `1 − α` of the intervals scored, or nil without intervals.
    public var nominalCoverage: Double?
    /// Empirical coverage: the fraction of actuals with `l ≤ y ≤ u` (0…1).
    public var coverage: Double?
    /// Mean interval width: `(1/n) Σ (u − l)`.
    public var meanWidth: Double?
    /// Mean Winkler (interval) score: `(u − l) + (2/α)(l − y)` if `y < l`, `(u − l) + (2/α)(y − u)`
    /// if `y > u`, else `u − l`; lower is better, rewarding narrow intervals that hold the actual.
    public var winkler: Double?
    /// Mean pinball (quantile) loss of the two bounds as quantiles `α/2` and `1 − α/2`:
    /// `½ [ρ_{α/2}(y − l) + ρ_{1−α/2}(y − u)]` with `ρ_τ(r) = max(τ r, (τ − 1) r)`.
    public var pinball: Double?

    /// Computes every metric from the sums of `sums`.
    public init(_ sums: MetricAccumulator) {
        count = sums.count
        skippedMissing = sums.skippedMissing
        mapeSkippedZeros = sums.mapeSkippedZeros
        maseSkippedNoScale = sums.maseSkippedNoScale
        let n = Double(sums.count)
        mae = sums.count > 0 ? sums.sumAbsoluteError / n : nil
        rmse = sums.count > 0 ? (sums.sumSquaredError / n).squareRoot() : nil
        bias = sums.count > 0 ? sums.sumSignedError / n : nil
        mape = sums.mapeCount > 0 ? 100 * sums.sumAbsolutePercentage / Double(sums.mapeCount) : nil
        smape = sums.smapeCount > 0 ? 100 * sums.sumSymmetricPercentage / Double(sums.smapeCount) : nil
        mase = sums.scaledCount > 0 ? sums.sumScaledError / Double(sums.scaledCount) : nil
        wape = sums.sumAbsoluteActual > 0 ? 100 * sums.sumAbsoluteError / sums.sumAbsoluteActual : nil
        if sums.intervalCount > 0 {
            let k = Double(sums.intervalCount)
            nominalCoverage = sums.nominalCoverage
            coverage = Double(sums.coveredCount) / k
            meanWidth = sums.sumWidth / k
            winkler = sums.sumWinkler / k
            pinball = sums.sumPinball / k
        } else {
            nominalCoverage = nil; coverage = nil; meanWidth = nil; winkler = nil; pinball = nil
        }
    }

    /// Coding keys: the property names, except `width` for the mean width (the ``Metric`` name).
    enum CodingKeys: String, CodingKey {
        case count, skippedMissing, mae, rmse, mape, mapeSkippedZeros, smape, mase, maseSkippedNoScale, wape, bias
        case nominalCoverage, coverage, meanWidth = "width", winkler, pinball
    }

    /// Writes every key, with `null` for a metric that is undefined, so a reader never has to
    /// guess whether a number is missing or was left out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(skippedMissing, forKey: .skippedMissing)
        try c.encode(mapeSkippedZeros, forKey: .mapeSkippedZeros)
        try c.encode(maseSkippedNoScale, forKey: .maseSkippedNoScale)
        try c.encode(nominalCoverage, forKey: .nominalCoverage)
        for metric in Metric.allCases { try c.encode(value(of: metric), forKey: CodingKeys(metric)) }
    }

    /// The value of `metric`, or nil when it is undefined here.
    public func value(of metric: Metric) -> Double? {
        switch metric {
        case .mae: return mae
        case .rmse: return rmse
        case .mape: return mape
        case .smape: return smape
        case .mase: return mase
        case .wape: return wape
        case .bias: return bias
        case .coverage: return coverage
        case .meanWidth: return meanWidth
        case .winkler: return winkler
        case .pinball: return pinball
        }
    }
}

extension MetricSummary.CodingKeys {
    init(_ metric: Metric) {
        switch metric {
        case .mae: self = .mae
        case .rmse: self = .rmse
        case .mape: self = .mape
        case .smape: self = .smape
        case .mase: self = .mase
        case .wape: self = .wape
        case .bias: self = .bias
        case .coverage: self = .coverage
        case .meanWidth: self = .meanWidth
        case .winkler: self = .winkler
        case .pinball: self = .pinball
        }
    }
}
