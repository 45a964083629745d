import Testing
import Foundation
import TimeFrames
@testable import Forecasting

/// The default rules added for per-minute and per-5-minute metrics: a short lookback when no
/// season is found, the naive check with its fallback, and training that stops once `patience`
/// epochs have not cleared the min-gain bar.
@Suite("Default rules: no-season lookback, naive check, min-gain stop")
struct DefaultRulesTests {
    /// One series of `values`, one row a minute.
    static func minuteFrame(_ values: [Double]) -> TimeFrame {
        let t0 = CivilDateTime(year: 2024, month: 3, day: 4).epochMilliseconds
        let minute = SamplingInterval.fixed(milliseconds: 60_000)
        return TimeFrame(timeColumn: "time", idColumns: [], targetColumns: ["value"], featureColumns: [],
                         series: [TimeSeries(key: [], timestamps: (0..<values.count).map { minute.advance(t0, by: $0) },
                                             columns: [values], interval: minute)])
    }

    /// A seeded random walk (uniform steps in [-0.5, 0.5)): nothing forecasts it better than the last value.
    static func randomWalk(_ n: Int, seed: UInt64 = 3) -> [Double] {
        var state = seed, level = 50.0
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            level += Double(state >> 11) * 0x1.0p-53 - 0.5
            return level
        }
    }

    @Test("No season found: lookback is one horizon (at least 16), not four horizons; printed; a given one is kept")
    func noSeasonLookback() throws {
        let frame = Self.minuteFrame(Self.randomWalk(2000))
        let resolved = try ForecasterOptions().resolve(for: frame)
        #expect(resolved.seasonalPeriod == 1)
        #expect(resolved.configuration.network.horizon == 60)          // one hour of per-minute data
        #expect(resolved.configuration.network.lookback == 60)         // was 240 (four horizons)
        #expect(resolved.choices.contains { $0.hasPrefix("lookback 60: one horizon") })
        #expect(ForecasterOptions.noSeasonLookback(horizon: 5) == 16)
        var given = ForecasterOptions()
        given.lookback = 200
        #expect(try given.resolve(for: frame).configuration.network.lookback == 200)
        // A detected season still sets the lookback by cycles: a daily cycle in hourly data, 3 × 24.
        var state: UInt64 = 11
        let daily = (0..<720).map { t -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return 10 * sin(Double(t) * 2 * .pi / 24) + Double(state >> 11) * 0x1.0p-53
        }
        let t0 = CivilDateTime(year: 2024, month: 1, day: 1).epochMilliseconds
        let hourly = TimeFrame(timeColumn: "time", idColumns: [], targetColumns: ["y"], featureColumns: [],
                               series: [TimeSeries(key: [], timestamps: (0..<720).map { SamplingInterval.hour.advance(t0, by: $0) },
                                                   columns: [daily], interval: .hour)])
        let cycles = try ForecasterOptions().resolve(for: hourly)
        #expect(cycles.seasonalPeriod == 24 && cycles.configuration.network.lookback == 72)
    }

    @Test("The naive check's statistic is Diebold–Mariano's with Bartlett weights; too few windows have none")
    func statistic() throws {
        // horizon 1: no lag terms, so t = mean · T / sqrt(Σ (d − mean)²). d = 1…10: mean 5.5,
        // Σ (d − 5.5)² = 82.5, t = 55 / sqrt(82.5).
        let plain = NaiveCheck(differentials: [(1...10).map(Double.init)], naiveErrors: [[Double](repeating: 10, count: 10)], horizon: 1)
        let t = try #require(plain.statistic)
        // Tolerance: a few double roundings of numbers below 100.
        #expect(abs(t - 55 / 82.5.squareRoot()) < 1e-12)
        #expect(abs(plain.meanGain - 5.5) < 1e-12 && abs(plain.naiveMAE - 10) < 1e-12)
        // horizon 2, one series d = [1, 3, 1, 3, …] (20 values): x = ∓1, Σx² = 20, lag-1 sum = −19
        // with weight 2·(1 − 1/2) = 1: long-run sum 1, t = 2 · 20 / 1 = 40.
        let alternating = NaiveCheck(differentials: [(0..<20).map { $0 % 2 == 0 ? 1 : 3 }], naiveErrors: [[1]], horizon: 2)
        #expect(abs(try #require(alternating.statistic) - 40) < 1e-9)
        // Two series: lag terms never cross from one series into the next.
        let split = NaiveCheck(differentials: [[1, 3, 1, 3, 1], [3, 1, 3, 1, 3]], naiveErrors: [[1]], horizon: 2)
        // mean 2, Σx² = 10, lag-1 sums −4 and −4 (weight 1): long-run 2, t = 2 · 10 / √2.
        #expect(abs(try #require(split.statistic) - 20 / 2.0.squareRoot()) < 1e-9)
        #expect(split.passes(2) && !split.passes(20))
        let few = NaiveCheck(differentials: [[1, 2, 3]], naiveErrors: [[1, 1, 1]], horizon: 6)
        #expect(few.statistic == nil && few.passes(2))      // too few: a positive mean gain passes
        let noGain = NaiveCheck(differentials: [[-1, 0, 1, -1, 0, 1, -1, 0, 1, 0]], naiveErrors: [[1]], horizon: 1)
        #expect(!noGain.passes(2))
        // A consistent but negligible gain (float rounding of the naive forecast) is significant
        // yet below --min-gain's share of naive's error: it fails, and the sentence says why.
        let rounding = NaiveCheck(differentials: [(0..<20).map { 1e-8 * (1 + 0.1 * Double($0 % 3)) }],
                                  naiveErrors: [[Double](repeating: 1, count: 20)], horizon: 1)
        #expect(rounding.passes(2) && !rounding.passes(2, minimumGain: 0.02))
        #expect(rounding.description(threshold: 2, minimumGain: 0.02, passed: false, fellBack: true)
            .contains("below naive (less than the 2% --min-gain asks)"))
    }

    @Test("On a random walk fit falls back to the naive forecast and says so; --naive-check 0 keeps the learned one")
    func fallsBackOnARandomWalk() throws {
        let frame = Self.minuteFrame(Self.randomWalk(900))
        var options = ForecasterOptions()
        options.hidden = 4; options.layers = 1; options.lookback = 16; options.horizon = 8; options.epochs = 1
        options.calendarFeatures = false
        let result = try Forecaster.fit(frame, options: options)
        #expect(result.fellBackToNaive)
        #expect(result.naiveCheck?.hasPrefix("naive check failed") == true)
        #expect(result.report(modelPath: nil).contains("forecasts the last value (naive)"))
        let last = try #require(frame.series[0].columns[0].last)
        let forecast = try #require(result.forecaster.predict(PredictionRequest()).output.series.first)
        // Zero head and skip path under last-value normalisation: the last value, up to the
        // scaler's float round trip (values near 50, Float has 24 bits: 1e-4 is ample).
        #expect(forecast.values.allSatisfy { abs($0 - last) < 1e-4 })
        // The validation scores after the fallback are naive's own.
        let scores = Dictionary(uniqueKeysWithValues: result.forecaster.metadata.training.validation.map { ($0.method, $0.mae) })
        #expect(abs(try #require(scores["model"]) - (try #require(scores["naive"]))) < 1e-4 * (try #require(scores["naive"])))

        options.naiveCheck = 0
        let unchecked = try Forecaster.fit(frame, options: options)
        #expect(!unchecked.fellBackToNaive && unchecked.naiveCheck == nil)
    }

    @Test("A flat series: MASE has no scale, and the report prints – with the reason instead of nan")
    func flatSeriesReportsUndefinedMASE() throws {
        var options = ForecasterOptions()
        options.hidden = 4; options.layers = 1; options.lookback = 16; options.horizon = 4; options.epochs = 1
        options.calendarFeatures = false
        let result = try Forecaster.fit(Self.minuteFrame([Double](repeating: 7, count: 300)), options: options)
        let report = result.report(modelPath: nil)
        #expect(!report.contains("nan"))
        #expect(report.contains("MASE –: undefined"))
        #expect(report.contains(where: { $0 == "–" }))
    }

    @Test("A forecaster clearly better than naive passes the check and is kept")
    func keepsAClearWinner() throws {
        var options = ForecasterEndToEndTests.options()
        options.linearSkip = true
        let result = try Forecaster.fit(ForecasterEndToEndTests.frame(), options: options)
        #expect(!result.fellBackToNaive)
        #expect(result.naiveCheck?.hasPrefix("naive check passed") == true)
    }

    @Test("Training stops after `patience` epochs that do not clear the min-gain bar, and keeps the start")
    func stopsWhenTheBarIsOutOfReach() throws {
        let d = ForecasterTrainerTests.dataset()
        var strict = ForecasterTrainerTests.configuration(epochs: 20)
        strict.patience = 2
        strict.minimumGain = 0.9999   // out of reach: the linear network improves every epoch, but not by 99.99%
        let network = LinearTestNetwork(lookback: 24, horizon: 6)
        let start = network.snapshot()
        let sink = RecordingSink()
        let outcome = try ForecasterTrainerTests.trainer(strict, sink).train(network, on: d)
        #expect(outcome.epochs.count == 2 && outcome.stopReason == "early-stopped")
        #expect(outcome.bestEpoch == 0 && network.snapshot() == start)
        #expect(sink.notes.contains { $0.contains("required (--min-gain): keeping the untrained start") })
    }
}
