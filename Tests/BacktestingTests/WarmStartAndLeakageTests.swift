import Foundation
import Testing
import Forecasting
import TimeFrames
@testable import Backtesting
@testable import Forecasting

/// Tiny network settings so the debug tests stay fast; quality is not the point here.
private func tinyNetwork(epochs: Int) -> ForecasterOptions {
    var o = ForecasterOptions()
    o.hidden = 4; o.layers = 1; o.lookback = 24; o.horizon = 6; o.maxWindowsPerEpoch = 96; o.epochs = epochs; o.patience = 20
    return o
}

@Suite struct WarmStartTests {
    @Test func aWarmStartBeginsFromTheEarlierWeights() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 240, seed: 1)])
        let earlier = try Forecaster.fit(frame, options: tinyNetwork(epochs: 8)).forecaster
        try #require(earlier.metadata.training.bestEpoch > 0, "the earlier fit must have learnt something for this test to mean anything")
        let warm = try Forecaster.fit(frame, options: tinyNetwork(epochs: 1), warmStart: earlier).forecaster
        let cold = try Forecaster.fit(frame, options: tinyNetwork(epochs: 1)).forecaster
        // Same data, so the same scalers and validation windows: the warm start's epoch 0 is the
        // earlier fit's best loss, and training keeps only better weights. Relative 1e-9 allows
        // for summation order in the multithreaded kernels.
        #expect(warm.metadata.training.bestValidationLoss <= earlier.metadata.training.bestValidationLoss * (1 + 1e-9))
        // One epoch from the earlier weights beats one epoch from the seeded initialisation.
        #expect(warm.metadata.training.bestValidationLoss < cold.metadata.training.bestValidationLoss)
        #expect(warm.network.snapshot() != cold.network.snapshot())
    }

    @Test func aWarmStartOfAnotherShapeIsATypedError() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 200, seed: 1)])
        let small = try Forecaster.fit(frame, options: tinyNetwork(epochs: 1)).forecaster
        var bigger = tinyNetwork(epochs: 1)
        bigger.hidden = 6
        #expect(throws: ConfigurationError.self) { try Forecaster.fit(frame, options: bigger, warmStart: small) }
    }

    @Test func theBacktestCarriesWeightsForwardWhenItRefits() throws {
        let frame = TestFrames.hourly([TestFrames.seasonal(count: 200, seed: 1)])
        let models = BacktestModelChoice.lstm.models(horizon: 6, network: tinyNetwork(epochs: 1), frame: frame)
        let r = try BacktestEngine.run(frame: frame, models: [models[0]], settings: BacktestSettings(horizon: 6, folds: 4, retrain: .everyK(2)))
        #expect(r.failures.isEmpty, "\(r.failures)")
        #expect(r.forecasts.map(\.refitted) == [true, false, true, false])
        #expect(r.forecasts.map(\.warmStarted) == [false, false, true, false])
        // Training is reported for the refits only, one epoch each (the tiny setting).
        #expect(r.forecasts.map { $0.training?.epochs } == [1, nil, 1, nil])
        #expect(try r.json().contains("\"best_epoch\""))
    }
}

@Suite struct LeakageTests {
    /// Changing every value at and after fold k's origin must not change any forecast of folds
    /// 0…k, for any model: fits (scalers, season, weights, warm starts) see only the past.
    @Test func dataAfterTheOriginNeverChangesTheFoldsForecast() throws {
        let clean = [TestFrames.seasonal(count: 160, seed: 1), TestFrames.seasonal(count: 150, seed: 2)]
        let settings = BacktestSettings(horizon: 6, folds: 3, retrain: .every)
        func run(_ values: [[Double]]) throws -> BacktestResult {
            let frame = TestFrames.hourly(values)
            return try BacktestEngine.run(frame: frame, models: BacktestModelChoice.gru.models(horizon: 6, network: tinyNetwork(epochs: 2), frame: frame),
                                          settings: settings)
        }
        let before = try run(clean)
        #expect(before.failures.isEmpty, "\(before.failures)")
        let k = 1
        let perturbed = clean.enumerated().map { s, values in
            values.enumerated().map { t, v in t >= before.series[s].origins[k] ? v * 3 + 100 + Double(t % 7) : v }
        }
        let after = try run(perturbed)
        #expect(after.forecasts.count == before.forecasts.count)
        var laterChanged = false
        for (a, b) in zip(before.forecasts, after.forecasts) {
            #expect(a.model == b.model && a.series == b.series && a.fold == b.fold)
            if a.fold <= k {
                // Bit-identical: the same computation on the same inputs.
                #expect(a.forecast == b.forecast, "\(before.models[a.model]) series \(a.series) fold \(a.fold) changed")
                #expect(a.scale == b.scale)
            } else if a.forecast != b.forecast {
                laterChanged = true
            }
        }
        #expect(laterChanged, "the perturbation must reach the later folds, or this test proves nothing")
        let networkRefits = before.forecasts.filter { $0.model == 0 && $0.fold > 0 }
        #expect(networkRefits.allSatisfy { $0.warmStarted })
    }
}
