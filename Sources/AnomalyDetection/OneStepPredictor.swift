/// What a predictor expects the next value of a series to be.
public struct OneStepForecast: Sendable, Equatable {
    /// The expected value.
    public var expected: Double
    /// The predictor's own estimate of its error's standard deviation, when it has one (the
    /// recurrent forecaster's interval width); scorers that estimate scale from residuals ignore it.
    public var scale: Double?

    public init(expected: Double, scale: Double? = nil) {
        self.expected = expected
        self.scale = scale
    }
}

/// A forecaster reduced to what detection needs: from the state built by the values observed so
/// far, the expected value a few steps ahead. Each `observe` costs O(1) (or O(window)), so a
/// detector streams through a series of any length with bounded memory.
///
/// Missing values arrive as NaN; a predictor keeps its state unchanged over them.
public protocol OneStepPredictor {
    /// Short name shown in reports (`naive`, `seasonal(288)`, `gru`…).
    var name: String { get }
    /// The expected value `steps` (≥ 1) ahead of the last observed value, or nil while the
    /// predictor has not seen enough values yet.
    func forecast(steps: Int) -> OneStepForecast?
    /// Moves the state forward by one observed value (NaN for a missing one).
    mutating func observe(_ value: Double)
}

/// Predicts the last observed value: residuals are the step changes of the series.
public struct NaivePredictor: OneStepPredictor {
    private var last: Double?

    public init() {}

    public var name: String { "naive" }

    public func forecast(steps: Int) -> OneStepForecast? { last.map { OneStepForecast(expected: $0) } }

    public mutating func observe(_ value: Double) {
        if !value.isNaN { last = value }
    }
}

/// Predicts the median of the last `window` values: a local level that a single spike does not
/// move, so a spike's residual is its full height and noise is averaged down.
public struct MovingMedianPredictor: OneStepPredictor {
    private var recent: RollingWindow

    /// - Parameter window: values the median is taken over; at least 1.
    public init(window: Int) { recent = RollingWindow(capacity: window) }

    public var name: String { "median(\(recent.capacity))" }

    public func forecast(steps: Int) -> OneStepForecast? { recent.median.map { OneStepForecast(expected: $0) } }

    public mutating func observe(_ value: Double) { recent.append(value) }
}

/// Predicts the last value plus the change seen one season earlier:
/// `x̂[t+h] = x[t] + (x[t+h-p] - x[t-p])` for period `p`. On a series that repeats with period
/// `p` this is exact, so a daily pattern that fails to happen (or happens off schedule) leaves a
/// residual as large as the pattern itself.
public struct SeasonalDifferencePredictor: OneStepPredictor {
    /// The season length in steps.
    public let period: Int
    private var history: [Double]   // ring of the last period + 1 values (NaN where missing)
    private var head = 0
    private var seen = 0

    /// - Parameter period: season length in steps; at least 2.
    public init(period: Int) {
        self.period = max(2, period)
        history = Array(repeating: .nan, count: self.period + 1)
    }

    public var name: String { "seasonal(\(period))" }

    /// The value observed `lag` steps before the last one (0 = the last).
    private func value(lag: Int) -> Double {
        history[(head - 1 - lag + 2 * history.count) % history.count]
    }

    public func forecast(steps: Int) -> OneStepForecast? {
        guard seen > period, steps >= 1, steps <= period else { return nil }
        let last = value(lag: 0)
        let seasonalNow = value(lag: period - steps)
        let seasonalBase = value(lag: period)
        guard !last.isNaN else { return nil }
        guard !seasonalNow.isNaN, !seasonalBase.isNaN else { return OneStepForecast(expected: last) }
        return OneStepForecast(expected: last + seasonalNow - seasonalBase)
    }

    public mutating func observe(_ value: Double) {
        // A missing value repeats the previous one so the seasonal lags stay aligned in time.
        let previous = seen > 0 ? self.value(lag: 0) : .nan
        history[head] = value.isNaN ? previous : value
        head = (head + 1) % history.count
        seen += 1
    }
}
