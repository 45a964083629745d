/// Last value: `ŷ_{T+h} = y_T`. Error spread `σ_h = σ √h`, with `σ` the RMS of the in-sample
/// one-step changes `y_t − y_{t−1}` (a random walk's h-step error).
public struct NaiveModel: BaselineModel {
    public init() {}
    public var name: String { "naive" }

    public func fit(history: [Double], warmStart: NoParameters?) throws -> NoParameters { NoParameters() }

    public func forecast(history: [Double], parameters: NoParameters, horizon: Int, coverage: Double?) throws -> BaselineForecast {
        try SeasonalNaiveModel(period: 1).forecast(history: history, parameters: parameters, horizon: horizon, coverage: coverage)
    }
}

/// Same season last cycle: `ŷ_{T+h} = y_{T+h−m(k+1)}` with `k = ⌊(h−1)/m⌋`. Error spread
/// `σ_h = σ √(k+1)`, with `σ` the RMS of the in-sample seasonal differences `y_t − y_{t−m}`.
/// Period 1 is the naive forecast.
public struct SeasonalNaiveModel: BaselineModel {
    /// The season length `m`, in steps (24 for hourly data with a daily cycle).
    public var period: Int
    public init(period: Int) { self.period = period }
    public var name: String { period == 1 ? "naive" : "seasonal naive (m=\(period))" }

    public func fit(history: [Double], warmStart: NoParameters?) throws -> NoParameters {
        guard period >= 1 else {
            throw BaselineError.invalidParameter(model: name, name: "period", value: "\(period)", expected: "at least 1")
        }
        return NoParameters()
    }

    public func forecast(history: [Double], parameters: NoParameters, horizon: Int, coverage: Double?) throws -> BaselineForecast {
        try validate(horizon: horizon, coverage: coverage)
        _ = try fit(history: history, warmStart: nil)
        let m = period
        let last = try LastSeason.filled(history, count: m, model: name)
        let point = (0..<horizon).map { h in last[h % m] }
        let sigma = Residuals.rms(of: Residuals.differences(history, lag: m), parameters: 0)
        let spread = (0..<horizon).map { h in sigma * Double(h / m + 1).squareRoot() }
        return .gaussian(point: point, sigma: spread, coverage: coverage)
    }
}

/// The line through the first and last value: `ŷ_{T+h} = y_T + h · (y_T − y_1)/(T − 1)`.
/// Error spread `σ_h = σ √(h (1 + h/(T−1)))`, `σ` the RMS of one-step changes minus the slope.
public struct DriftModel: BaselineModel {
    public init() {}
    public var name: String { "drift" }

    public func fit(history: [Double], warmStart: NoParameters?) throws -> NoParameters { NoParameters() }

    public func forecast(history: [Double], parameters: NoParameters, horizon: Int, coverage: Double?) throws -> BaselineForecast {
        try validate(horizon: horizon, coverage: coverage)
        let observed = history.enumerated().filter { $0.element.isFinite }
        guard let first = observed.first, let last = observed.last, observed.count >= 2 else {
            throw BaselineError.historyTooShort(model: name, needed: 2, received: observed.count)
        }
        let span = Double(last.offset - first.offset)
        let slope = (last.element - first.element) / span
        // The last observed value may lie before the end of the history (trailing NaNs).
        let offset = history.count - 1 - last.offset
        let point = (1...horizon).map { h in last.element + Double(h + offset) * slope }
        let sigma = Residuals.rms(of: Residuals.differences(history, lag: 1).map { $0 - slope }, parameters: 1)
        let spread = (1...horizon).map { h in sigma * (Double(h) * (1 + Double(h) / span)).squareRoot() }
        return .gaussian(point: point, sigma: spread, coverage: coverage)
    }
}

/// Mean of the last `window` values, flat over the horizon: `ŷ_{T+h} = (1/w) Σ_{i<w} y_{T−i}`.
/// Error spread `σ` constant, the RMS of the in-sample one-step errors of the same moving average.
public struct MovingAverageModel: BaselineModel {
    /// The number of most recent values averaged, `w`.
    public var window: Int
    public init(window: Int) { self.window = window }
    public var name: String { "moving average (w=\(window))" }

    public func fit(history: [Double], warmStart: NoParameters?) throws -> NoParameters {
        guard window >= 1 else {
            throw BaselineError.invalidParameter(model: name, name: "window", value: "\(window)", expected: "at least 1")
        }
        return NoParameters()
    }

    public func forecast(history: [Double], parameters: NoParameters, horizon: Int, coverage: Double?) throws -> BaselineForecast {
        try validate(horizon: horizon, coverage: coverage)
        _ = try fit(history: history, warmStart: nil)
        let recent = history.suffix(window).filter(\.isFinite)
        guard !recent.isEmpty else { throw BaselineError.historyTooShort(model: name, needed: 1, received: 0) }
        let mean = recent.reduce(0, +) / Double(recent.count)
        // In-sample one-step errors of the moving average, by a running sum: O(T).
        var errors: [Double] = []
        if history.count > window {
            var sum = history[0..<window].reduce(0, +)
            errors.reserveCapacity(history.count - window)
            for t in window..<history.count {
                errors.append(history[t] - sum / Double(window))
                sum += history[t] - history[t - window]
            }
        }
        let sigma = Residuals.rms(of: errors, parameters: 0)
        return .gaussian(point: Array(repeating: mean, count: horizon), sigma: Array(repeating: sigma, count: horizon),
                         coverage: coverage)
    }
}

/// In-sample residual helpers shared by the baselines.
enum Residuals {
    /// `y_t − y_{t−lag}` for every t where both are finite.
    static func differences(_ y: [Double], lag: Int) -> [Double] {
        guard y.count > lag else { return [] }
        return (lag..<y.count).compactMap { t in
            let d = y[t] - y[t - lag]
            return d.isFinite ? d : nil
        }
    }

    /// `√(Σ e² / (n − parameters))`, skipping non-finite residuals; NaN when too few remain
    /// (the forecast then carries no interval rather than a made-up one).
    static func rms(of residuals: [Double], parameters: Int) -> Double {
        let finite = residuals.filter(\.isFinite)
        let dof = finite.count - parameters
        guard dof >= 1 else { return .nan }
        return (finite.reduce(0) { $0 + $1 * $1 } / Double(dof)).squareRoot()
    }
}

/// The last `m` values of a history with gaps filled from the cycle before.
enum LastSeason {
    static func filled(_ history: [Double], count m: Int, model: String) throws -> [Double] {
        guard history.count >= m else { throw BaselineError.historyTooShort(model: model, needed: m, received: history.count) }
        var last = Array(history.suffix(m))
        for i in 0..<m where !last[i].isFinite {
            // Walk back whole cycles until a finite value for this season position turns up.
            var t = history.count - m + i - m
            while t >= 0, !history[t].isFinite { t -= m }
            guard t >= 0 else {
                throw BaselineError.historyTooShort(model: model, needed: m, received: history.filter(\.isFinite).count)
            }
            last[i] = history[t]
        }
        return last
    }
}
