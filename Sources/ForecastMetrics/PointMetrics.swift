/// Metrics of one forecast against its actuals, as plain functions on arrays.
///
/// Each function is a thin wrapper over ``MetricAccumulator`` (same formulas, documented on
/// ``MetricSummary``). Pairs with a missing (NaN) actual or prediction are skipped.
public enum PointMetrics {
    /// Mean absolute error, `(1/n) Σ |y − ŷ|`.
    /// - Throws: ``MetricError`` when lengths differ or no pair is left.
    public static func mae(actual: [Double], predicted: [Double]) throws -> Double {
        try require(\.mae, "MAE", actual: actual, predicted: predicted)
    }

    /// Root mean squared error, `√((1/n) Σ (y − ŷ)²)`.
    /// - Throws: ``MetricError`` when lengths differ or no pair is left.
    public static func rmse(actual: [Double], predicted: [Double]) throws -> Double {
        try require(\.rmse, "RMSE", actual: actual, predicted: predicted)
    }

    /// MAPE in percent over non-zero actuals, `100 · (1/n') Σ_{y≠0} |y − ŷ|/|y|`, and how many
    /// zero actuals were skipped.
    /// - Throws: ``MetricError/undefined(metric:reason:)`` when every actual is zero.
    public static func mape(actual: [Double], predicted: [Double]) throws -> (value: Double, skippedZeros: Int) {
        let s = try summary(actual: actual, predicted: predicted)
        guard let v = s.mape else {
            throw MetricError.undefined(metric: "MAPE", reason: "all \(s.mapeSkippedZeros) actuals are zero")
        }
        return (v, s.mapeSkippedZeros)
    }

    /// sMAPE in percent, `100 · (1/n) Σ 2|y − ŷ|/(|y| + |ŷ|)`, skipping `y = ŷ = 0`.
    public static func smape(actual: [Double], predicted: [Double]) throws -> Double {
        try require(\.smape, "sMAPE", actual: actual, predicted: predicted)
    }

    /// WAPE in percent, `100 · Σ|y − ŷ| / Σ|y|`.
    public static func wape(actual: [Double], predicted: [Double]) throws -> Double {
        try require(\.wape, "WAPE", actual: actual, predicted: predicted)
    }

    /// Bias, `(1/n) Σ (ŷ − y)`: positive when forecasts run high.
    public static func bias(actual: [Double], predicted: [Double]) throws -> Double {
        try require(\.bias, "bias", actual: actual, predicted: predicted)
    }

    /// MASE, `(1/n) Σ |y − ŷ| / s` with `s = seasonalNaiveScale(history:period:)` computed on
    /// `history`, the values before the forecast origin.
    /// - Throws: ``MetricError/undefined(metric:reason:)`` when the history is shorter than
    ///   `period + 1` or constant (scale zero).
    public static func mase(actual: [Double], predicted: [Double], history: [Double], period: Int = 1) throws -> Double {
        guard let scale = seasonalNaiveScale(history: history, period: period), scale > 0 else {
            throw MetricError.undefined(metric: "MASE", reason:
                "the in-sample seasonal-naive MAE (period \(period)) of \(history.count) history values is zero or needs more history")
        }
        return try require(\.mase, "MASE", actual: actual, predicted: predicted, scale: scale)
    }

    /// The MASE denominator: the in-sample MAE of the seasonal-naive forecast on `history`,
    /// `s = (1/(T − m)) Σ_{t=m}^{T−1} |y_t − y_{t−m}|`, NaN pairs skipped. `period` 1 gives the
    /// naive (random-walk) scale. Nil when fewer than one pair is available.
    /// - Complexity: O(T).
    public static func seasonalNaiveScale(history: [Double], period: Int) -> Double? {
        let m = max(1, period)
        guard history.count > m else { return nil }
        var sum = 0.0, n = 0
        for t in m..<history.count {
            let d = history[t] - history[t - m]
            if d.isFinite { sum += abs(d); n += 1 }
        }
        return n > 0 ? sum / Double(n) : nil
    }

    /// Every metric at once; intervals, when given, must match `actual` in length.
    /// - Parameters:
    ///   - scale: MASE denominator (see ``seasonalNaiveScale(history:period:)``); nil omits MASE.
    ///   - lower, upper, coverage: a central interval of nominal coverage `coverage` in (0, 1).
    /// - Throws: ``MetricError`` on length mismatch or a coverage outside (0, 1).
    public static func summary(actual: [Double], predicted: [Double], scale: Double? = nil,
                               lower: [Double]? = nil, upper: [Double]? = nil, coverage: Double? = nil) throws -> MetricSummary {
        guard predicted.count == actual.count else {
            throw MetricError.lengthMismatch(what: "predicted", expected: actual.count, received: predicted.count)
        }
        if let lower, lower.count != actual.count {
            throw MetricError.lengthMismatch(what: "lower", expected: actual.count, received: lower.count)
        }
        if let upper, upper.count != actual.count {
            throw MetricError.lengthMismatch(what: "upper", expected: actual.count, received: upper.count)
        }
        if let coverage, !(coverage > 0 && coverage < 1) {
            throw MetricError.invalidParameter(name: "coverage", value: coverage, expected: "a fraction in (0, 1), e.g. 0.9")
        }
        var sums = MetricAccumulator()
        for i in actual.indices {
            var interval: (lower: Double, upper: Double, coverage: Double)?
            if let lower, let upper, let coverage { interval = (lower[i], upper[i], coverage) }
            sums.add(actual: actual[i], predicted: predicted[i], scale: scale, interval: interval)
        }
        return sums.summary
    }

    private static func require(_ path: KeyPath<MetricSummary, Double?>, _ name: String,
                                actual: [Double], predicted: [Double], scale: Double? = nil) throws -> Double {
        let s = try summary(actual: actual, predicted: predicted, scale: scale)
        guard s.count > 0 else { throw MetricError.noObservations(metric: name) }
        guard let v = s[keyPath: path] else { throw MetricError.undefined(metric: name, reason: "no usable pair") }
        return v
    }
}
