import Foundation
import Testing
import ForecastMetrics
@testable import Backtesting

/// A constant history has a zero MASE scale: MASE is undefined (said so, with the reason) and
/// models are ranked and judged on MAE instead.
@Suite struct FlatSeriesTests {
    @Test func aFlatLineRanksOnMAEAndSaysWhyMASEIsMissing() throws {
        // Constant before every origin, then a step up in the last test window.
        var values = [Double](repeating: 5, count: 80)
        for t in 74..<80 { values[t] = 7 }
        let frame = TestFrames.hourly([values])
        let r = try BacktestEngine.run(frame: frame, models: BacktestModelChoice.drift.models(horizon: 6),
                                       settings: BacktestSettings(horizon: 6, folds: 3, season: 1))
        #expect(r.overall.allSatisfy { $0.mase == nil && $0.mae != nil })
        #expect(r.overall[0].maseSkippedNoScale == 18)   // 3 folds × 6 steps
        #expect(r.primaryMetric == .mae)
        let verdict = r.verdict.joined(separator: " ")
        #expect(verdict.contains("MASE is undefined here") && verdict.contains("constant"))
        #expect(!verdict.contains("no forecast"))
        // Every model forecasts the flat level, so all tie on MAE; the verdict must say that, not "wins".
        #expect(verdict.contains("ties with every baseline on MAE"), "\(verdict)")
        #expect(r.textTable().contains("rank: by MAE"))
        #expect(r.ranking.ranks[.mae]?.allSatisfy { $0 != nil } == true)
        #expect(try r.json().contains("\"mase\" : null"))
        #expect(try r.json().contains("\"primary_metric\" : \"mae\""))
    }

    @Test func aFlatSeriesBesideOthersIsLeftOutOfMASEAndNamed() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 120, seed: 1), [Double](repeating: 3, count: 120)])
        let r = try BacktestEngine.run(frame: frame, models: BacktestModelChoice.naive.models(horizon: 6),
                                       settings: BacktestSettings(horizon: 6, folds: 2))
        #expect(r.primaryMetric == .mase && r.overall[0].mase != nil)
        #expect(r.overall[0].maseSkippedNoScale == 12 && r.bySeries[0][1].mase == nil && r.bySeries[0][0].mase != nil)
        let note = try #require(r.maseNote)
        #expect(note.contains("12 of 24") && note.contains("store=2"))
        #expect(r.verdict.contains(note))
    }

    @Test func aPerfectlyPeriodicHistoryFallsBackToTheNaiveScale() throws {
        // Seasonal differences are all zero; the naive scale is not.
        let cycle: [Double] = [1, 4, 2, 8]
        let frame = TestFrames.hourly([(0..<60).map { cycle[$0 % 4] }])
        let r = try BacktestEngine.run(frame: frame, models: BacktestModelChoice.naive.models(horizon: 4),
                                       settings: BacktestSettings(horizon: 4, folds: 2, season: 4))
        for f in r.forecasts {
            let naiveScale = try #require(PointMetrics.seasonalNaiveScale(history: Array(frame.series[0].columns[0].prefix(f.origin)), period: 1))
            // Same sum in the same order: equal up to rounding of the division only.
            #expect(abs((f.scale ?? 0) - naiveScale) < 1e-12 && naiveScale > 1)
        }
        #expect(r.overall.allSatisfy { $0.mase != nil && $0.maseSkippedNoScale == 0 })
    }

    @Test func zeroActualsAreLeftOutOfMAPEAndCountedInEveryReport() throws {
        // Every 6th value is exactly zero: MAPE skips those actuals and every report says how many.
        let values = (0..<96).map { t in t % 6 == 0 ? 0.0 : 10 + sin(Double(t)) }
        let r = try BacktestEngine.run(frame: TestFrames.hourly([values]), models: BacktestModelChoice.naive.models(horizon: 12),
                                       settings: BacktestSettings(horizon: 12, folds: 2, season: 1))
        #expect(r.overall[0].mapeSkippedZeros == 4 && r.overall[0].count == 24)   // 2 folds × 12 steps, a zero every 6
        #expect(r.textTable().contains("MAPE left out 4 of 24 actuals per model because they are zero."))
        #expect(r.markdown().contains("MAPE left out 4 of 24 actuals"))
        #expect(r.html(title: "t").contains("MAPE skipped 4 zero actuals"))
        #expect(try r.json().contains("\"mape_skipped_zeros\" : 4"))
    }
}
