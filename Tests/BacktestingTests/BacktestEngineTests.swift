import Foundation
import Testing
import ForecastMetrics
import Forecasting
import TimeFrames
@testable import Backtesting

@Suite struct BacktestEngineTests {
    @Test func originsTileTheEndAndFitsSeeOnlyThePast() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 100, seed: 1), TestFrames.seasonal(count: 80, seed: 2)])
        let spy = SpyModel()
        let r = try BacktestEngine.run(frame: frame, models: [spy], settings: BacktestSettings(horizon: 5, folds: 3))
        // Both series are cut at the earlier end (row 80), so their origins are the same moments.
        #expect(r.series[0].origins == [65, 70, 75] && r.series[0].valuesAfterCommonEnd == 20)
        #expect(r.series[1].origins == [65, 70, 75] && r.series[1].valuesAfterCommonEnd == 0)
        #expect(spy.fits.count == 3)
        for (fold, fit) in spy.fits.enumerated() {
            for (s, h) in fit.histories.enumerated() {
                let origin = r.series[s].origins[fold]
                let series = frame.series[s]
                // The fit saw exactly the values before the origin: nothing at or after it.
                #expect(h.values.count == origin)
                #expect(h.timestamps.last! < series.timestamps[origin])
                #expect(h.futureTimestamps == Array(series.timestamps[origin..<(origin + 5)]))
                #expect(zip(h.values, series.columns[0]).allSatisfy { $0.bitPattern == $1.bitPattern })
            }
        }
        for f in r.forecasts { #expect(f.actual == Array(frame.series[f.series].columns[0][f.origin..<(f.origin + 5)])) }
    }

    @Test func slidingWindowKeepsTrainSizeValues() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 120, seed: 1)])
        let spy = SpyModel()
        _ = try BacktestEngine.run(frame: frame, models: [spy],
                                   settings: BacktestSettings(horizon: 4, folds: 4, step: 2, window: .sliding, trainSize: 30))
        #expect(spy.fits.map { $0.histories[0].values.count } == [30, 30, 30, 30])
        #expect(spy.fits.map { $0.histories[0].values.last! } ==
                [110, 112, 114, 116].map { TestFrames.seasonal(count: 120, seed: 1)[$0 - 1] })
    }

    @Test func retrainPoliciesRefitAndCarryTheWarmStart() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 200, seed: 1)])
        for (policy, expectedFits) in [(RetrainPolicy.every, 5), (.once, 1), (.everyK(2), 3)] {
            let spy = SpyModel()
            let r = try BacktestEngine.run(frame: frame, models: [spy], settings: BacktestSettings(horizon: 6, folds: 5, retrain: policy))
            #expect(spy.fits.count == expectedFits, "\(policy)")
            #expect(spy.fits.map(\.hadWarmStart) == [false] + Array(repeating: true, count: expectedFits - 1), "\(policy)")
            #expect(r.forecasts.filter(\.refitted).count == expectedFits)
            // Reused fits still forecast from each origin's own, longer history.
            #expect(spy.forecastHistories.map(\.values.count) == r.series[0].origins)
        }
    }

    @Test func naiveOnALineHasErrorEqualToTheStep() throws {
        // y = t: the naive forecast h steps ahead is off by exactly h; the naive scale is 1.
        let frame = TestFrames.hourly([(0..<60).map(Double.init)])
        let models = BaselineBacktestModel.standardSet(horizon: 4).filter { $0.name == "naive" || $0.name == "drift" }
        let r = try BacktestEngine.run(frame: frame, models: models, settings: BacktestSettings(horizon: 4, folds: 3, season: 1))
        let naive = r.overall[0], drift = r.overall[1]
        #expect(abs(naive.mae! - 2.5) < 1e-12)        // mean of 1, 2, 3, 4
        #expect(abs(naive.mase! - 2.5) < 1e-12)       // scale |y_t − y_{t−1}| = 1
        #expect(abs(naive.bias! + 2.5) < 1e-12)       // forecasts run low
        for h in 0..<4 { #expect(abs(r.byStep[0][h].mae! - Double(h + 1)) < 1e-12) }
        #expect(drift.mae! < 1e-9)                    // the drift line is exact on a line
        #expect(r.ranking.best(for: .mae) == [1])
    }

    @Test func failuresAreRecordedAndOtherModelsStillRun() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 100, seed: 1)])
        let r = try BacktestEngine.run(frame: frame, models: [FailingModel(), SpyModel()], settings: BacktestSettings(horizon: 5, folds: 2))
        #expect(r.failures.count == 2)
        #expect(r.failures.allSatisfy { $0.model == 0 && $0.message.contains("boom") })
        #expect(r.overall[0].count == 0 && r.overall[1].count == 10)
        #expect(throws: BacktestError.self) {
            try BacktestEngine.run(frame: frame, models: [FailingModel()], settings: BacktestSettings(horizon: 5, folds: 2))
        }
    }

    @Test func shortSeriesAndBadSettingsAreTypedErrors() {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 20, seed: 1)])
        #expect(throws: BacktestError.self) {
            try BacktestEngine.run(frame: frame, models: [SpyModel()], settings: BacktestSettings(horizon: 5, folds: 4))
        }
        #expect(throws: BacktestError.invalidSetting(name: "--train-size", value: "(none)", expected: "a value with --window sliding")) {
            try BacktestEngine.run(frame: frame, models: [SpyModel()], settings: BacktestSettings(horizon: 2, folds: 1, window: .sliding))
        }
        #expect(throws: BacktestError.self) {
            try BacktestEngine.run(frame: frame, models: [SpyModel()], settings: BacktestSettings(horizon: 2, folds: 1, coverage: 1))
        }
        // A season no training slice holds once would make seasonal naive and MASE fall back to
        // naive without a word: 20 values, 2 folds of 2 → the first slice has 16.
        #expect(throws: BacktestError.self) {
            try BacktestEngine.run(frame: frame, models: [SpyModel()], settings: BacktestSettings(horizon: 2, folds: 2, season: 16))
        }
        #expect((try? BacktestEngine.run(frame: frame, models: [SpyModel()],
                                         settings: BacktestSettings(horizon: 2, folds: 2, season: 15))) != nil)
        #expect(RetrainPolicy(parsing: "3") == .everyK(3) && RetrainPolicy(parsing: "0") == nil && RetrainPolicy(parsing: "once") == .once)
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let frame = TestFrames.hourly((1...3).map { TestFrames.seasonal(count: 150, seed: $0) })
        func run(_ threads: Int) throws -> String {
            // The JSON report leaves out the thread count, the one setting allowed to differ.
            try BacktestEngine.run(frame: frame, models: BaselineBacktestModel.standardSet(horizon: 12),
                                   settings: BacktestSettings(horizon: 12, folds: 3, threads: threads)).json()
        }
        // Bit-identical, not approximately equal: each chain is computed alone and the sums are
        // combined in one fixed order, so any difference would be a real nondeterminism bug.
        let a = try run(1), b = try run(2)
        #expect(a == b)
    }

    @Test func seasonIsDetectedFromDataBeforeTheFirstOrigin() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 240, seed: 1)])
        let r = try BacktestEngine.run(frame: frame, models: BaselineBacktestModel.standardSet(horizon: 24),
                                       settings: BacktestSettings(horizon: 24, folds: 2))
        #expect(r.series[0].season == 24)
        // On a clean daily cycle the seasonal models beat naive and drift.
        let mase = r.overall.map(\.mase!)
        #expect(mase[1] < mase[0] && mase[4] < mase[0])
        #expect(r.failures.isEmpty)
    }
}

@Suite struct NetworkBacktestModelTests {
    @Test func theNetworkPlugsInLikeABaselineAndSeesOnlyThePast() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 150, seed: 1), TestFrames.seasonal(count: 150, seed: 2)])
        var options = ForecasterOptions()
        // Tiny and short so the debug test stays fast; quality is not the point here.
        options.epochs = 2; options.hidden = 4; options.layers = 1; options.lookback = 24; options.maxWindowsPerEpoch = 64
        let models = BacktestModelChoice.gru.models(horizon: 6, network: options, frame: frame)
        #expect(models[0].name == "GRU" && models[0].isGlobal)
        let r = try BacktestEngine.run(frame: frame, models: models, settings: BacktestSettings(horizon: 6, folds: 2, retrain: .once))
        #expect(r.failures.isEmpty, "\(r.failures)")
        let mine = r.forecasts.filter { $0.model == 0 }
        #expect(mine.count == 4)   // 2 series × 2 folds
        for f in mine {
            #expect(f.forecast.point.count == 6 && f.forecast.point.allSatisfy(\.isFinite))
            #expect(f.forecast.lower != nil && f.forecast.coverage == 0.9)
        }
        // The training frame the adapter builds holds the histories and nothing else.
        let net = models[0] as! NetworkBacktestModel
        let histories = (0..<2).map { s in
            BacktestHistory(name: "s", key: ["\(s + 1)"], timestamps: Array(frame.series[s].timestamps.prefix(100)),
                            values: Array(frame.series[s].columns[0].prefix(100)), interval: .hour, season: 24, futureTimestamps: [])
        }
        let training = net.frame(of: histories)
        #expect(training.series.map(\.count) == [100, 100] && training.idColumns == ["store"])
    }
}

@Suite struct BacktestProgressTests {
    @Test func progressNamesRunningFitsAndCountsToTheTotal() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 100, seed: 1), TestFrames.seasonal(count: 100, seed: 2)])
        let events = EventLog()
        _ = try BacktestEngine.run(frame: frame, models: [SpyModel()] + BaselineBacktestModel.standardSet(horizon: 5),
                                   settings: BacktestSettings(horizon: 5, folds: 2), progress: { events.add($0) })
        let all = events.all
        // 1 global chain × 2 series × 2 folds + 5 local models × 2 series × 2 folds.
        #expect(all.last?.completed == 24 && all.allSatisfy { $0.total == 24 })
        #expect(all.contains { $0.running.contains("spy · fitting for fold 2/2") })
        #expect(all.contains { $0.running.contains("Holt-Winters · store=2 · fitting for fold 1/2") })
    }
}

final class EventLog: @unchecked Sendable {
    private var events: [BacktestProgress] = []
    private let lock = NSLock()
    func add(_ e: BacktestProgress) { lock.lock(); events.append(e); lock.unlock() }
    var all: [BacktestProgress] { lock.lock(); defer { lock.unlock() }; return events }
}

@Suite struct FailedFitTests {
    /// Fails its second fit; records what each fit was warm-started from.
    final class FlakyModel: BacktestModel, @unchecked Sendable {
        var name: String { "flaky" }
        var isGlobal: Bool { true }
        private let lock = NSLock()
        private(set) var warmStarts: [Int?] = []   // generation of the warm start, per fit call
        struct Fitted: FittedBacktestModel {
            let generation: Int
            func forecast(_ history: BacktestHistory, horizon: Int, coverage: Double) throws -> ModelForecast {
                ModelForecast(point: Array(repeating: history.values.last ?? 0, count: horizon))
            }
        }
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        func fit(_ histories: [BacktestHistory], warmStart: (any FittedBacktestModel)?) throws -> any FittedBacktestModel {
            lock.lock(); defer { lock.unlock() }
            warmStarts.append((warmStart as? Fitted)?.generation)
            if warmStarts.count == 2 { throw Boom() }
            return Fitted(generation: warmStarts.count)
        }
    }

    @Test func aFailedRefitLeavesItsFoldUnscoredAndTheNextFoldRefitsFromTheLastGoodFit() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 200, seed: 1)])
        let flaky = FlakyModel()
        let r = try BacktestEngine.run(frame: frame, models: [flaky, SpyModel()], settings: BacktestSettings(horizon: 6, folds: 5, retrain: .everyK(2)))
        // Refits due at folds 0, 2, 4; the one at fold 2 fails, so fold 3 refits too.
        #expect(flaky.warmStarts == [nil, 1, 1, 3])
        let mine = r.forecasts.filter { $0.model == 0 }
        #expect(mine.map(\.fold) == [0, 1, 3, 4])   // the failed fold is not scored with a stale fit
        #expect(mine.map(\.refitted) == [true, false, true, true])
        #expect(r.failures.map(\.fold) == [2] && r.failures[0].message == "fit: boom")
        #expect(r.verdict.contains { $0.contains("flaky failed on 1 fold(s)") })
    }
}

@Suite struct UnalignedSeriesTests {
    @Test func seriesEndingAtDifferentTimesShareOriginsAtTheCommonEnd() throws {
        // Series 2 starts 10 hours later and ends 30 hours earlier than series 1.
        let start = CivilDateTime(year: 2024, month: 1, day: 1).epochMilliseconds
        let a = TestFrames.seasonal(count: 120, seed: 1), b = TestFrames.seasonal(count: 80, seed: 2)
        let frame = TimeFrame(timeColumn: "time", idColumns: ["store"], targetColumns: ["y"], featureColumns: [], series: [
            TimeSeries(key: ["1"], timestamps: (0..<120).map { SamplingInterval.hour.advance(start, by: $0) }, columns: [a], interval: .hour),
            TimeSeries(key: ["2"], timestamps: (10..<90).map { SamplingInterval.hour.advance(start, by: $0) }, columns: [b], interval: .hour),
        ])
        let spy = SpyModel()
        let r = try BacktestEngine.run(frame: frame, models: [spy], settings: BacktestSettings(horizon: 5, folds: 2))
        for fold in 0..<2 {
            let originTimes = (0..<2).map { frame.series[$0].timestamps[r.series[$0].origins[fold]] }
            #expect(originTimes[0] == originTimes[1], "fold \(fold)")
            // The global fit at this fold saw nothing at or after that moment in any series.
            #expect(spy.fits[fold].histories.allSatisfy { $0.timestamps.last! < originTimes[0] })
        }
        #expect(r.series.map(\.valuesAfterCommonEnd) == [30, 0] && r.series.map(\.count) == [90, 80])
        #expect(r.notes.count == 1 && r.notes[0].contains("store=1") && r.verdict.contains(r.notes[0]))
        let aligned = TestFrames.hourly([TestFrames.seasonal(count: 100, seed: 1), TestFrames.seasonal(count: 100, seed: 2)])
        #expect(try BacktestEngine.run(frame: aligned, models: [SpyModel()], settings: BacktestSettings(horizon: 5, folds: 2)).notes.isEmpty)
    }
}
