import TimeFrames

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
    /// The same with the value's timestamp, for predictors with calendar inputs; by default the
    /// timestamp is ignored.
    mutating func observe(_ value: Double, at timestamp: EpochMilliseconds)
    /// True when the predictor removes a season, so the series' level is best measured on its
    /// residuals (their running sum is the season-on-season change); false when the values
    /// themselves carry the level.
    var removesSeason: Bool { get }
    /// The one-step forecast nearest to `value` among the predictor's forecast and its variants
    /// with the season shifted by up to `shifts` rows either way (predictors without a season
    /// have no variants and return `forecast(steps: 1)`). A value that a slightly earlier or later
    /// season explains is then not an anomaly: a daily spike that jitters by a row is not one.
    func nearestForecast(to value: Double, shifts: Int) -> OneStepForecast?
    /// Observes a value the detector flagged, with what was expected instead (a requirement, so
    /// that a detector holding `any OneStepPredictor` reaches a predictor's own version).
    mutating func observeFlagged(_ value: Double, expected: Double, at timestamp: EpochMilliseconds)
}

extension OneStepPredictor {
    public mutating func observe(_ value: Double, at timestamp: EpochMilliseconds) { observe(value) }
    public var removesSeason: Bool { false }
    public func nearestForecast(to value: Double, shifts: Int) -> OneStepForecast? { forecast(steps: 1) }

    /// Observes a value the detector flagged, with what was expected instead. By default the
    /// same as `observe`; predictors with a long memory (a season) may remember the expected
    /// value there, so an anomaly is not replayed as "normal" one season later.
    public mutating func observeFlagged(_ value: Double, expected: Double, at timestamp: EpochMilliseconds) {
        observe(value, at: timestamp)
    }
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
/// `x̂[t+h] = x[t] + (s[t+h-p] - s[t-p])` for period `p`, where `s` is the series smoothed by a
/// centred moving average of `2·smoothing + 1` values (all of them observed already, since the
/// centre is a season back). On a series that repeats with period `p` this tracks the pattern,
/// so a daily pattern that fails to happen (or happens off schedule) leaves a residual as large
/// as the pattern itself; the smoothing keeps the seasonal term from doubling the noise.
public struct SeasonalDifferencePredictor: OneStepPredictor {
    /// The season length in steps.
    public let period: Int
    /// Half-width of the centred moving average applied to the seasonal term.
    public let smoothing: Int
    private var history: [Double]   // ring of the last period + smoothing + 1 + maximumShift values (missing → previous; flagged → expected)
    private var last: Double?
    private var head = 0
    private var seen = 0

    /// - Parameters:
    ///   - period: season length in steps; at least 2.
    ///   - smoothing: half-width of the moving average on the seasonal term (default 0 = none).
    public init(period: Int, smoothing: Int = 0) {
        self.period = max(2, period)
        self.smoothing = min(max(0, smoothing), (self.period - 1) / 2)
        history = Array(repeating: .nan, count: self.period + self.smoothing + 1 + Self.maximumShift)
    }

    /// The largest season shift `nearestForecast(to:shifts:)` considers (history kept for it).
    public static let maximumShift = 4

    /// Values observed before the plain forecast exists: the seasonal term reaches `period + smoothing` back.
    private var needed: Int { period + smoothing + 1 }

    public var name: String { "seasonal(\(period))" }

    public var removesSeason: Bool { true }

    /// The value observed `lag` steps before the last one (0 = the last).
    private func value(lag: Int) -> Double {
        history[(head - 1 - lag + 2 * history.count) % history.count]
    }

    /// Smoothed value centred `lag` steps back.
    private func smoothed(lag: Int) -> Double {
        guard smoothing > 0 else { return value(lag: lag) }
        var sum = 0.0
        for d in -smoothing...smoothing { sum += value(lag: lag + d) }
        return sum / Double(2 * smoothing + 1)
    }

    public func forecast(steps: Int) -> OneStepForecast? {
        guard seen >= needed, steps >= 1, steps + smoothing <= period else { return nil }
        guard let last, !last.isNaN else { return nil }
        let change = smoothed(lag: period - steps) - smoothed(lag: period)
        return OneStepForecast(expected: change.isNaN ? last : last + change)
    }

    /// Among `x[t] + s[t+1−p+j] − s[t−p+j]` for shifts j in −shifts…shifts (at most
    /// `maximumShift`, and only shifts whose lags have been observed), the one nearest `value`.
    public func nearestForecast(to value: Double, shifts: Int) -> OneStepForecast? {
        guard let plain = forecast(steps: 1), let last else { return nil }
        let k = min(max(0, shifts), Self.maximumShift, period - 1 - smoothing)
        guard k > 0, !value.isNaN else { return plain }
        var best = plain.expected
        for j in -k...k where j != 0 && period + smoothing - j < seen {
            let change = smoothed(lag: period - 1 - j) - smoothed(lag: period - j)
            guard !change.isNaN else { continue }
            let candidate = last + change
            if abs(value - candidate) < abs(value - best) { best = candidate }
        }
        return OneStepForecast(expected: best)
    }

    public mutating func observe(_ value: Double) { remember(value, seasonal: value) }

    /// Keeps the flagged value as the last one but the expected value in the seasonal memory.
    public mutating func observeFlagged(_ value: Double, expected: Double, at timestamp: EpochMilliseconds) {
        remember(value, seasonal: expected)
    }

    private mutating func remember(_ value: Double, seasonal: Double) {
        // A missing value repeats the previous one so the seasonal lags stay aligned in time.
        let previous = seen > 0 ? self.value(lag: 0) : .nan
        if !value.isNaN { last = value }
        history[head] = seasonal.isNaN ? previous : seasonal
        head = (head + 1) % history.count
        seen += 1
    }
}
