import Baselines
import ForecastMetrics
import TimeFrames

/// The folds of every series: origins, training slices, actuals and MASE scales, checked once.
struct FoldPlan: Sendable {
    struct Series: Sendable {
        var name: String
        var key: [String]
        var timestamps: [EpochMilliseconds]
        var values: [Double]
        var interval: SamplingInterval?
        var season: Int
        var origins: [Int]
        var summary: BacktestSeries
    }

    let settings: BacktestSettings
    let series: [Series]

    init(frame: TimeFrame, target: Int, settings: BacktestSettings) throws {
        self.settings = settings
        var all: [Series] = []
        // Every series is cut at the earliest series end, so the k-th origin is the same moment in
        // every series (of one interval), and a global model fitted at fold k sees no series past it.
        let commonEnd = frame.series.compactMap(\.timestamps.last).min()
        for s in frame.series {
            let name = s.name(idColumns: frame.idColumns, fallback: frame.targetColumns[target])
            let n = commonEnd.map { end in s.timestamps.lastIndex { $0 <= end }.map { $0 + 1 } ?? 0 } ?? s.count
            let timestamps = Array(s.timestamps[0..<n]), values = Array(s.columns[target][0..<n])
            let origins = (0..<settings.folds).map { settings.origin(fold: $0, count: n) }
            // The first fit needs a few values at least, and a full sliding window if one is asked for.
            let needed = max(2, settings.trainSize ?? 2) + settings.horizon + (settings.folds - 1) * settings.step
            guard let first = origins.first, first >= max(2, settings.trainSize ?? 2) else {
                throw BacktestError.seriesTooShort(series: name, count: n, needed: needed,
                    hint: "ask for fewer --folds, a smaller --step or --horizon, or a smaller --train-size")
            }
            // A given season longer than a fold's training slice would leave seasonal naive and
            // MASE's seasonal scale undefined, and both would quietly fall back to naive.
            let shortestTraining = origins.map { $0 - settings.trainingStart(origin: $0) }.min() ?? first
            if let season = settings.season, season >= shortestTraining {
                throw BacktestError.invalidSetting(
                    name: "--season", value: "\(season)",
                    expected: "a season shorter than the \(shortestTraining) values of the shortest training slice of series "
                        + "\(name) (seasonal naive and MASE need more than one season of history); a smaller --season, "
                        + (settings.trainSize != nil ? "a larger --train-size" : "fewer --folds or a smaller --step"))
            }
            let beforeFirst = Array(values[0..<first])
            let season = settings.season ?? Seasonality.detect([beforeFirst], interval: s.interval).period ?? 1
            let context = min(first, max(3 * settings.horizon, 2 * season, 48))
            let tailStart = first - context
            let dateOnly = timestamps.allSatisfy { $0 % 86_400_000 == 0 }
            let summary = BacktestSeries(name: name, key: s.key, count: n, season: season,
                                         interval: s.interval?.description, dateOnly: dateOnly, origins: origins,
                                         tailStart: tailStart, tailTimestamps: Array(timestamps[tailStart...]),
                                         tailValues: Array(values[tailStart...]), valuesAfterCommonEnd: s.count - n)
            all.append(Series(name: name, key: s.key, timestamps: timestamps, values: values, interval: s.interval,
                              season: season, origins: origins, summary: summary))
        }
        series = all
    }

    func origin(series s: Int, fold: Int) -> Int { series[s].origins[fold] }

    /// The values the fit at this fold may see, and the timestamps to forecast.
    func history(series s: Int, fold: Int) -> BacktestHistory {
        let x = series[s], origin = x.origins[fold]
        let start = settings.trainingStart(origin: origin)
        return BacktestHistory(name: x.name, key: x.key, timestamps: Array(x.timestamps[start..<origin]),
                             values: Array(x.values[start..<origin]), interval: x.interval, season: x.season,
                             futureTimestamps: Array(x.timestamps[origin..<(origin + settings.horizon)]))
    }

    func actuals(series s: Int, fold: Int) -> [Double] {
        let origin = series[s].origins[fold]
        return Array(series[s].values[origin..<(origin + settings.horizon)])
    }

    /// The MASE denominator: the in-sample seasonal-naive MAE of the training slice; the naive
    /// MAE when that is undefined or zero (history shorter than a season, or a perfectly periodic
    /// history); zero when the history is constant, which leaves MASE undefined for this fold.
    func scale(series s: Int, fold: Int) -> Double? {
        let h = history(series: s, fold: fold)
        if let seasonal = PointMetrics.seasonalNaiveScale(history: h.values, period: h.season), seasonal > 0 { return seasonal }
        return PointMetrics.seasonalNaiveScale(history: h.values, period: 1)
    }
}
