import Foundation
import Testing
import ForecastMetrics
@testable import Backtesting

/// The `--json` report labels every number with its model, series, fold, step and metric.
@Suite struct BacktestDocumentTests {
    @Test func everyNumberSaysWhichModelSeriesFoldAndStepItIs() throws {
        let frame = TestFrames.hourly((1...2).map { TestFrames.seasonal(count: 200, seed: $0) })
        let r = try BacktestEngine.run(frame: frame, models: BacktestModelChoice.naive.models(horizon: 6),
                                       settings: BacktestSettings(horizon: 6, folds: 3))
        let text = try r.json()
        let d = try BacktestResult.decodeDocument(Data(text.utf8))
        #expect(d.format == "forecast-backtest" && d.version == 2 && d.target == "y")
        #expect(d.models.map(\.name) == r.models && d.models[0].role == "under test" && d.models[1].role == "baseline")
        let names = Set(r.models), seriesNames = ["store=1", "store=2"]
        #expect(d.series.map(\.name) == seriesNames)
        #expect(d.series[0].folds.map(\.fold) == [1, 2, 3] && d.series[0].folds.map(\.origin) == r.series[0].origins)
        #expect(d.series[0].folds[0].originTime == "2024-01-08T14:00:00")   // row 182 = 7 days 14 hours of an hourly series from Jan 1
        // Each slice table: one entry per model × slice, labelled with its model and only its own slice.
        #expect(d.overall.count == 5 && d.overall.allSatisfy { names.contains($0.model) && $0.series == nil && $0.fold == nil && $0.step == nil })
        #expect(d.byStep.count == 5 * 6 && d.byStep.allSatisfy { names.contains($0.model) && $0.series == nil && $0.fold == nil })
        #expect(d.byStep.prefix(6).map(\.step) == [1, 2, 3, 4, 5, 6].map(Optional.some) && d.byStep.prefix(6).allSatisfy { $0.model == "naive" })
        #expect(d.bySeries.count == 5 * 2 && d.bySeries.allSatisfy { names.contains($0.model) && seriesNames.contains($0.series ?? "") && $0.fold == nil })
        #expect(d.byFold.count == 5 * 3 && d.byFold.allSatisfy { names.contains($0.model) && [1, 2, 3].contains($0.fold ?? 0) && $0.step == nil })
        // The labels point at the right numbers.
        let drift = try #require(r.modelIndex("drift"))
        #expect(d.byFold.first { $0.model == "drift" && $0.fold == 2 }?.metrics == r.byFold[drift][1])
        #expect(d.bySeries.first { $0.model == "drift" && $0.series == "store=2" }?.metrics == r.bySeries[drift][1])
        // Metric keys are described, ranks are labelled by metric and model.
        #expect(d.metrics.map(\.key) == Metric.allCases.map(\.rawValue))
        #expect(d.ranks.count == Metric.allCases.count * 5)
        #expect(d.ranks.filter { $0.metric == "mase" && $0.rank == 1 }.map(\.model) == r.ranking.best(for: .mase).map { r.models[$0] })
        #expect(d.primaryMetric == "mase")
        // Forecasts: labelled, steps from 1 with their time, actual and forecast.
        let f = try #require(d.forecasts.first { $0.model == "drift" && $0.series == "store=2" && $0.fold == 3 })
        #expect(f.steps.map(\.step) == [1, 2, 3, 4, 5, 6] && f.origin == r.series[1].origins[2])
        #expect(f.steps[0].actual == frame.series[1].columns[0][f.origin])
        #expect(f.coverage == 0.9 && f.steps.allSatisfy { $0.lower != nil && $0.upper != nil })
        // Undefined metrics are written as null, not left out: naive gives intervals, so look at a
        // model-free key set instead: every metrics object has every metric key.
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let folds = try #require(object["by_fold"] as? [[String: Any]])
        let metrics = try #require(folds.first?["metrics"] as? [String: Any])
        #expect(Set(Metric.allCases.map(\.rawValue)).isSubset(of: Set(metrics.keys)))
        #expect(metrics["mase_skipped_no_scale"] != nil && metrics["mape_skipped_zeros"] != nil)
        #expect(folds.first?.keys.sorted() == ["fold", "metrics", "model", "series", "step"])
    }

    @Test func missingValuesAreNullNotLeftOut() throws {
        // The spy gives no interval; settings leave train size and season unset.
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 100, seed: 1)])
        let r = try BacktestEngine.run(frame: frame, models: [SpyModel(), BaselineBacktestModel.standardSet(horizon: 4)[0]],
                                       settings: BacktestSettings(horizon: 4, folds: 2))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try r.json().utf8)) as? [String: Any])
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(settings["train_size"] is NSNull && settings["season"] is NSNull)
        let forecasts = try #require(object["forecasts"] as? [[String: Any]])
        let keySets = Set(forecasts.map { $0.keys.sorted() })
        #expect(keySets.count == 1)   // every forecast has the same keys, intervals or not
        let spy = try #require(forecasts.first { $0["model"] as? String == "spy" })
        #expect(spy["coverage"] is NSNull)
        let step = try #require((spy["steps"] as? [[String: Any]])?.first)
        #expect(step.keys.sorted() == ["actual", "forecast", "lower", "step", "time", "upper"] && step["lower"] is NSNull)
        let ranks = try #require(object["ranks"] as? [[String: Any]])
        #expect(ranks.contains { $0["metric"] as? String == "coverage" && $0["model"] as? String == "spy" && $0["rank"] is NSNull })
    }
}
