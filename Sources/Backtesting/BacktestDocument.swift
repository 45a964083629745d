import ForecastMetrics
import TimeFrames

/// The `--json` report: every number of a backtest, each labelled with the model, series, fold,
/// step and metric it belongs to, so a reader needs no index arithmetic. Schema (version 2) in
/// `docs/backtesting.md`; keys are snake_case, folds and steps count from 1, times are ISO 8601.
///
/// Arrays are in a fixed order (models in report order, then series, then fold or step), and an
/// undefined metric is `null`, never left out.
public struct BacktestDocument: Codable, Sendable, Equatable {
    /// Always `forecast-backtest`.
    public var format: String
    /// Schema version; changes only when a key changes meaning or disappears.
    public var version: Int
    public var target: String
    public var timeColumn: String
    public var settings: Settings
    public var models: [Model]
    public var series: [Series]
    /// Every metric key used in `metrics` objects, with its formula and how it ranks.
    public var metrics: [MetricInfo]
    /// The metric the verdict and the stdout ranking use (`mase`, or `mae` when MASE is undefined).
    public var primaryMetric: String
    public var verdict: [String]
    public var overall: [Scores]
    public var byStep: [Scores]
    public var bySeries: [Scores]
    public var byFold: [Scores]
    /// One entry per model and metric: the model's rank for that metric over all values (1 = best,
    /// ties share a rank; null when the model has no value or the metric does not rank).
    public var ranks: [Rank]
    public var forecasts: [Forecast]
    public var failures: [Failure]

    public struct Settings: Codable, Sendable, Equatable {
        public var folds: Int
        public var horizon: Int
        public var step: Int
        /// `expanding` or `sliding`.
        public var window: String
        public var trainSize: Int?
        /// `every`, `once`, or K as text.
        public var retrain: String
        public var coverage: Double
        /// Given by `--season`; null when detected per series (see `series[].season`).
        public var season: Int?
    }

    public struct Model: Codable, Sendable, Equatable {
        public var name: String
        /// `under test` for the first model, `baseline` for the others.
        public var role: String
    }

    public struct Series: Codable, Sendable, Equatable {
        public var name: String
        /// Id-column values (empty for a single series).
        public var key: [String]
        /// Values evaluated: the series up to the earliest end of all series.
        public var count: Int
        /// Values after that common end, left out so all series share their fold origins.
        public var valuesAfterCommonEnd: Int
        public var season: Int
        public var interval: String?
        public var folds: [FoldOrigin]
    }

    public struct FoldOrigin: Codable, Sendable, Equatable {
        public var fold: Int
        /// 0-based row of the first forecast value within the series; fits saw only earlier rows.
        public var origin: Int
        public var originTime: String
    }

    public struct MetricInfo: Codable, Sendable, Equatable {
        /// The key in `metrics` objects, e.g. `mase`.
        public var key: String
        public var title: String
        public var meaning: String
        /// `lower`, `|bias|`, `distance to nominal`, or `not ranked`.
        public var ranksBy: String
    }

    /// The metrics of one model over one slice: everything (`overall`), one step, one series or
    /// one fold. The slice's labels are set, the others null.
    public struct Scores: Codable, Sendable, Equatable {
        public var model: String
        public var series: String?
        public var fold: Int?
        public var step: Int?
        public var metrics: MetricSummary

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(model, forKey: .model)
            try c.encode(series, forKey: .series)
            try c.encode(fold, forKey: .fold)
            try c.encode(step, forKey: .step)
            try c.encode(metrics, forKey: .metrics)
        }
    }

    public struct Rank: Codable, Sendable, Equatable {
        public var metric: String
        public var model: String
        public var rank: Int?
    }

    public struct Forecast: Codable, Sendable, Equatable {
        public var model: String
        public var series: String
        public var fold: Int
        public var origin: Int
        public var originTime: String
        /// Whether the model was refitted at this origin, and whether that fit started from the
        /// previous fit's parameters.
        public var refitted: Bool
        public var warmStarted: Bool
        /// How the refit's training went (the network only; null otherwise or when not refitted).
        public var training: FitTraining?
        /// The MASE denominator for this series and fold; 0 or null leaves MASE undefined here.
        public var maseScale: Double?
        /// Nominal coverage of `lower`/`upper`; null when the model gives no interval.
        public var coverage: Double?
        public var steps: [Step]
    }

    public struct Step: Codable, Sendable, Equatable {
        public var step: Int
        public var time: String
        /// Null when the actual is missing in the data.
        public var actual: Double?
        public var forecast: Double?
        public var lower: Double?
        public var upper: Double?
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var model: String
        public var series: String
        public var fold: Int
        public var message: String
    }
}

extension BacktestDocument.Scores {
    enum CodingKeys: String, CodingKey { case model, series, fold, step, metrics }
}

// Optionals are written as `null` rather than left out (synthesised Codable omits them), so every
// key of the schema is always present.

extension BacktestDocument.Settings {
    enum CodingKeys: String, CodingKey { case folds, horizon, step, window, trainSize, retrain, coverage, season }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(folds, forKey: .folds); try c.encode(horizon, forKey: .horizon); try c.encode(step, forKey: .step)
        try c.encode(window, forKey: .window); try c.encode(trainSize, forKey: .trainSize); try c.encode(retrain, forKey: .retrain)
        try c.encode(coverage, forKey: .coverage); try c.encode(season, forKey: .season)
    }
}

extension BacktestDocument.Series {
    enum CodingKeys: String, CodingKey { case name, key, count, valuesAfterCommonEnd, season, interval, folds }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(key, forKey: .key); try c.encode(count, forKey: .count)
        try c.encode(valuesAfterCommonEnd, forKey: .valuesAfterCommonEnd)
        try c.encode(season, forKey: .season); try c.encode(interval, forKey: .interval); try c.encode(folds, forKey: .folds)
    }
}

extension BacktestDocument.Rank {
    enum CodingKeys: String, CodingKey { case metric, model, rank }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric); try c.encode(model, forKey: .model); try c.encode(rank, forKey: .rank)
    }
}

extension BacktestDocument.Forecast {
    enum CodingKeys: String, CodingKey {
        case model, series, fold, origin, originTime, refitted, warmStarted, training, maseScale, coverage, steps
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model); try c.encode(series, forKey: .series); try c.encode(fold, forKey: .fold)
        try c.encode(origin, forKey: .origin); try c.encode(originTime, forKey: .originTime)
        try c.encode(refitted, forKey: .refitted); try c.encode(warmStarted, forKey: .warmStarted)
        try c.encode(training, forKey: .training)
        try c.encode(maseScale, forKey: .maseScale); try c.encode(coverage, forKey: .coverage); try c.encode(steps, forKey: .steps)
    }
}

extension BacktestDocument.Step {
    enum CodingKeys: String, CodingKey { case step, time, actual, forecast, lower, upper }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step); try c.encode(time, forKey: .time); try c.encode(actual, forKey: .actual)
        try c.encode(forecast, forKey: .forecast); try c.encode(lower, forKey: .lower); try c.encode(upper, forKey: .upper)
    }
}
