import ForecastMetrics

/// A baseline's forecast of `horizon` steps after the end of its history.
///
/// Shapes: `point`, `lower`, `upper` are each `horizon` long; step `h` (0-based) forecasts the
/// value `h + 1` intervals after the last history value.
public struct BaselineForecast: Sendable, Equatable, Codable {
    /// The point forecast.
    public var point: [Double]
    /// Lower bound of the central interval, or nil when no interval was asked for.
    public var lower: [Double]?
    /// Upper bound of the central interval.
    public var upper: [Double]?
    /// Nominal coverage of `[lower, upper]`, e.g. 0.9.
    public var coverage: Double?

    public init(point: [Double], lower: [Double]? = nil, upper: [Double]? = nil, coverage: Double? = nil) {
        self.point = point; self.lower = lower; self.upper = upper; self.coverage = coverage
    }

    /// Gaussian interval `ŷ_h ± z · σ_h` around `point`, with `z = Φ⁻¹((1 + coverage)/2)`.
    /// - Parameters:
    ///   - sigma: the standard deviation of the forecast error at each step, `point.count` long.
    static func gaussian(point: [Double], sigma: [Double], coverage: Double?) -> BaselineForecast {
        guard let coverage, sigma.allSatisfy(\.isFinite) else { return BaselineForecast(point: point) }
        let z = StandardNormal.quantile((1 + coverage) / 2)
        return BaselineForecast(point: point, lower: zip(point, sigma).map { $0 - z * $1 },
                                upper: zip(point, sigma).map { $0 + z * $1 }, coverage: coverage)
    }
}

/// A classical forecaster of one univariate series, fitted and run on plain `[Double]` histories.
///
/// Fitting and forecasting are separate so a backtest can fit once and forecast from later
/// origins with the same parameters (`--retrain once`): `forecast` re-reads the history it is
/// given (last value, last season, smoothed states) but keeps `parameters` fixed.
public protocol BaselineModel: Sendable {
    /// What `fit` estimates (smoothing weights for Holt-Winters, nothing for naive methods).
    associatedtype Parameters: Sendable
    /// Short display name, e.g. `seasonal naive (m=24)`.
    var name: String { get }
    /// Fits on `history` (oldest first; NaN = missing). `warmStart`, the parameters of an earlier
    /// fit, seeds the search where the model has one.
    /// - Throws: ``BaselineError`` when the history is too short or a setting is invalid.
    func fit(history: [Double], warmStart: Parameters?) throws -> Parameters
    /// Forecasts `horizon` steps after the end of `history` with fitted `parameters`; a central
    /// interval of nominal `coverage` (in (0, 1)) when given.
    /// - Throws: ``BaselineError`` when the history is too short or a setting is invalid.
    func forecast(history: [Double], parameters: Parameters, horizon: Int, coverage: Double?) throws -> BaselineForecast
}

extension BaselineModel {
    /// Fits on `history` and forecasts `horizon` steps after it.
    public func forecast(history: [Double], horizon: Int, coverage: Double? = nil) throws -> BaselineForecast {
        try forecast(history: history, parameters: fit(history: history, warmStart: nil), horizon: horizon, coverage: coverage)
    }

    func validate(horizon: Int, coverage: Double?) throws {
        guard horizon >= 1 else {
            throw BaselineError.invalidParameter(model: name, name: "horizon", value: "\(horizon)", expected: "at least 1")
        }
        if let coverage, !(coverage > 0 && coverage < 1) {
            throw BaselineError.invalidParameter(model: name, name: "coverage", value: "\(coverage)", expected: "a fraction in (0, 1)")
        }
    }
}

/// The parameters of a model that estimates nothing.
public struct NoParameters: Sendable, Equatable {
    public init() {}
}
