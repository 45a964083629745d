import ForecastMetrics
import TimeFrames

/// One model's forecast of one series from one origin, beside the actuals.
public struct FoldForecast: Sendable, Codable, Equatable {
    /// Index into ``BacktestResult/models``.
    public var model: Int
    /// Index into ``BacktestResult/series``.
    public var series: Int
    public var fold: Int
    /// Index of the first forecast value in the series; the fit saw only earlier values.
    public var origin: Int
    /// Whether the model was refitted at this origin (false: an earlier fit was reused).
    public var refitted: Bool
    /// Whether that refit started from the previous fit's parameters (network weights, or
    /// Holt-Winters' optimiser start) instead of from scratch.
    public var warmStarted: Bool
    /// How that refit's training went (epoch-trained models only; nil when not refitted here).
    public var training: FitTraining?
    /// Timestamps and actual values of the `horizon` forecast steps.
    public var timestamps: [EpochMilliseconds]
    public var actual: [Double]
    public var forecast: ModelForecast
    /// The MASE denominator for this series and origin (in-sample seasonal-naive MAE).
    public var scale: Double?
}

/// A model that could not fit or forecast one fold of one series, and why.
public struct BacktestFailure: Sendable, Codable, Equatable {
    public var model: Int
    public var series: Int
    public var fold: Int
    public var message: String
}

/// A series as the report shows it: its name, season, origins, and the tail of its values.
public struct BacktestSeries: Sendable, Codable, Equatable {
    public var name: String
    public var key: [String]
    /// Values evaluated (up to the common end of all series).
    public var count: Int
    /// Season length used (detected from data before the first origin, or given).
    public var season: Int
    /// The sampling interval, as text (`1h`, `1d`, `1mo`), if known.
    public var interval: String?
    /// Whether every timestamp falls on midnight (show dates only).
    public var dateOnly: Bool
    /// Origin index of each fold.
    public var origins: [Int]
    /// Index of `tailValues[0]` in the series: the tail spans some context before the first origin
    /// through the last value, for the charts.
    public var tailStart: Int
    public var tailTimestamps: [EpochMilliseconds]
    public var tailValues: [Double]
    /// Values after the earliest series end, left out so every series shares its fold origins
    /// (0 for a single series, or when all series end together). `count` excludes them.
    public var valuesAfterCommonEnd: Int = 0
}

/// Everything a backtest measured: every forecast, and every metric per model overall, per
/// horizon step, per series and per fold, with the ranking of models per metric.
public struct BacktestResult: Sendable {
    public var settings: BacktestSettings
    public var timeColumn: String
    public var targetColumn: String
    /// Model names, in evaluation order (the main model first, then the baselines).
    public var models: [String]
    public var series: [BacktestSeries]
    /// Sorted by model, series, fold.
    public var forecasts: [FoldForecast]
    public var failures: [BacktestFailure]
    /// `overall[model]`.
    public var overall: [MetricSummary]
    /// `byStep[model][step]`, step 0 = one interval ahead.
    public var byStep: [[MetricSummary]]
    /// `bySeries[model][series]`.
    public var bySeries: [[MetricSummary]]
    /// `byFold[model][fold]`.
    public var byFold: [[MetricSummary]]
    /// Ranks of models per metric, on the overall summaries.
    public var ranking: MetricRanking
    /// Caveats about the design, in plain words, shown after the verdict in every report.
    public var notes: [String] = []

    /// Builds every summary from `forecasts` (in their sorted order, so sums are reproducible).
    init(settings: BacktestSettings, timeColumn: String, targetColumn: String, models: [String],
         series: [BacktestSeries], forecasts: [FoldForecast], failures: [BacktestFailure]) {
        self.settings = settings; self.timeColumn = timeColumn; self.targetColumn = targetColumn
        self.models = models; self.series = series; self.forecasts = forecasts; self.failures = failures
        let m = models.count
        var overall = [MetricAccumulator](repeating: .init(), count: m)
        var byStep = [[MetricAccumulator]](repeating: .init(repeating: .init(), count: settings.horizon), count: m)
        var bySeries = [[MetricAccumulator]](repeating: .init(repeating: .init(), count: series.count), count: m)
        var byFold = [[MetricAccumulator]](repeating: .init(repeating: .init(), count: settings.folds), count: m)
        for f in forecasts {
            for h in f.actual.indices {
                var interval: (lower: Double, upper: Double, coverage: Double)?
                if let lo = f.forecast.lower, let hi = f.forecast.upper, let c = f.forecast.coverage { interval = (lo[h], hi[h], c) }
                var one = MetricAccumulator()
                one.add(actual: f.actual[h], predicted: f.forecast.point[h], scale: f.scale, interval: interval)
                overall[f.model].merge(one)
                byStep[f.model][h].merge(one)
                bySeries[f.model][f.series].merge(one)
                byFold[f.model][f.fold].merge(one)
            }
        }
        self.overall = overall.map(\.summary)
        self.byStep = byStep.map { $0.map(\.summary) }
        self.bySeries = bySeries.map { $0.map(\.summary) }
        self.byFold = byFold.map { $0.map(\.summary) }
        self.ranking = MetricRanking(self.overall)
    }

    /// Index of a model by name.
    public func modelIndex(_ name: String) -> Int? { models.firstIndex(of: name) }
}
