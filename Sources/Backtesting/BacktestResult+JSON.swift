import Foundation
import ForecastMetrics
import TimeFrames

extension BacktestResult {
    /// Every number of the backtest, labelled: see ``BacktestDocument``.
    public var document: BacktestDocument {
        let s = settings
        func time(_ t: EpochMilliseconds, _ series: Int) -> String { ISO8601Text.format(t, dateOnly: self.series[series].dateOnly) }
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        func scores(_ table: [[MetricSummary]], _ label: (Int, Int) -> (series: String?, fold: Int?, step: Int?)) -> [BacktestDocument.Scores] {
            models.indices.flatMap { m in
                table[m].indices.map { i in
                    let l = label(m, i)
                    return BacktestDocument.Scores(model: models[m], series: l.series, fold: l.fold, step: l.step, metrics: table[m][i])
                }
            }
        }
        return BacktestDocument(
            format: "forecast-backtest", version: 2, target: targetColumn, timeColumn: timeColumn,
            settings: .init(folds: s.folds, horizon: s.horizon, step: s.step, window: s.window.rawValue, trainSize: s.trainSize,
                            retrain: s.retrain.description, coverage: s.coverage, season: s.season),
            models: models.indices.map { .init(name: models[$0], role: $0 == 0 ? "under test" : "baseline") },
            series: series.indices.map { i in
                let x = series[i]
                return .init(name: x.name, key: x.key, count: x.count, valuesAfterCommonEnd: x.valuesAfterCommonEnd,
                             season: x.season, interval: x.interval,
                             folds: x.origins.enumerated().map { k, origin in
                                 .init(fold: k + 1, origin: origin, originTime: time(x.tailTimestamps[origin - x.tailStart], i))
                             })
            },
            metrics: Metric.allCases.map { .init(key: $0.rawValue, title: $0.title, meaning: $0.meaning, ranksBy: $0.ranksBy) },
            primaryMetric: primaryMetric.rawValue,
            verdict: verdict,
            overall: scores(overall.map { [$0] }) { _, _ in (nil, nil, nil) },
            byStep: scores(byStep) { _, h in (nil, nil, h + 1) },
            bySeries: scores(bySeries) { _, i in (series[i].name, nil, nil) },
            byFold: scores(byFold) { _, k in (nil, k + 1, nil) },
            ranks: Metric.allCases.flatMap { metric in
                models.indices.map { .init(metric: metric.rawValue, model: models[$0], rank: ranking.ranks[metric]?[$0] ?? nil) }
            },
            forecasts: forecasts.map { f in
                .init(model: models[f.model], series: series[f.series].name, fold: f.fold + 1, origin: f.origin,
                      originTime: time(f.timestamps[0], f.series), refitted: f.refitted, warmStarted: f.warmStarted, training: f.training,
                      maseScale: f.scale.flatMap(finite), coverage: f.forecast.coverage,
                      steps: f.actual.indices.map { h in
                          .init(step: h + 1, time: time(f.timestamps[h], f.series), actual: finite(f.actual[h]),
                                forecast: finite(f.forecast.point[h]), lower: f.forecast.lower.flatMap { finite($0[h]) },
                                upper: f.forecast.upper.flatMap { finite($0[h]) })
                      })
            },
            failures: failures.map { .init(model: models[$0.model], series: series[$0.series].name, fold: $0.fold + 1, message: $0.message) })
    }

    /// ``document`` as pretty-printed JSON with sorted keys (stable for diffs).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Defensive: the document holds no non-finite numbers (missing values are null).
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// Reads back what ``json()`` wrote.
    public static func decodeDocument(_ data: Data) throws -> BacktestDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(BacktestDocument.self, from: data)
    }
}
