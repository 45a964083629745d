import Foundation
import Testing
import Forecasting
import TimeFrames
@testable import AnomalyDetection

@Suite struct StreamingPredictorTests {
    /// A sine of period 20 sampled every minute, with a little deterministic noise.
    func sine(_ n: Int) -> (t: [Int64], v: [Double]) {
        ((0..<n).map { Int64($0) * 60_000 },
         (0..<n).map { 10 + sin(2 * Double.pi * Double($0) / 20) + 0.05 * sin(Double($0) * 12.9898) })
    }

    func quickOptions(rows: Int) -> ForecasterOptions {
        var o = RecurrentPredictorFit.defaultOptions(rows: rows, horizon: 1)
        o.hidden = 8
        o.epochs = 8
        return o
    }

    @Test func detectFitIsAStreamingModelThatStepsOncePerRowWithAFixedState() throws {
        let (t, v) = sine(3_000)
        var p = try RecurrentPredictorFit.fit(timestamps: Array(t[..<300]), values: Array(v[..<300]), horizon: 1,
                                              options: quickOptions(rows: 300))
        #expect(p.name == "gru(8x1, streaming)")
        let size = p.state.stateSize
        #expect(size == 2 * 8)                                  // hidden + (unused) cell, one layer of 8
        for i in 0..<3_000 {
            p.observe(v[i], at: t[i])
            if i == 99 || i == 2_999 {
                // Work and memory per row do not grow with history: one recurrent step per row,
                // the same state size after 100 rows as after 3,000.
                #expect(p.state.recurrentSteps == i + 1)
                #expect(p.state.stateSize == size)
            }
        }
        #expect(p.forecast(steps: 1) != nil)
    }

    @Test func noForecastDuringTheWarmUpThenForecastsTrackTheSine() throws {
        let (t, v) = sine(400)
        var p = try RecurrentPredictorFit.fit(timestamps: Array(t[..<300]), values: Array(v[..<300]), horizon: 1,
                                              options: quickOptions(rows: 300))
        var naive = NaivePredictor()
        var fitted = 0.0, plain = 0.0
        for i in 0..<400 {
            if i < p.warmUp { #expect(p.forecast(steps: 1) == nil) }
            if i >= 300, let f = p.forecast(steps: 1), let n = naive.forecast(steps: 1) {
                fitted += abs(v[i] - f.expected); plain += abs(v[i] - n.expected)
            }
            p.observe(v[i], at: t[i]); naive.observe(v[i], at: t[i])
        }
        // Naive's one-step error on this sine is ~0.3; a network that learned the cycle is well
        // below (a margin, not a measured ratio: other BLAS builds round differently).
        #expect(fitted < 0.7 * plain, "streaming \(fitted / 100), naive \(plain / 100)")
    }

    @Test func copiesOfThePredictorAreIndependent() throws {
        let (t, v) = sine(200)
        var a = try RecurrentPredictorFit.fit(timestamps: Array(t[..<150]), values: Array(v[..<150]), horizon: 1,
                                              options: quickOptions(rows: 150))
        for i in 0..<100 { a.observe(v[i], at: t[i]) }
        var b = a                     // the detector holds predictors as values
        b.observe(100, at: t[100])    // a wild value moves b's state only
        #expect(a.state.observedRows == 100 && b.state.observedRows == 101)
        let fa = try #require(a.forecast(steps: 1)), fb = try #require(b.forecast(steps: 1))
        #expect(abs(fa.expected - fb.expected) > 1e-3)
    }

    @Test func aWindowModelKeepsTheWindowPathAndSaysWhy() throws {
        let (t, v) = sine(300)
        var settings = RecurrentFitSettings()
        settings.path = .window
        settings.epochs = 1
        settings.hidden = 4
        let window = try RecurrentPredictorFit.fit(timestamps: t, values: v, horizon: 1, settings: settings)
        let forecaster = try #require((window as? ForecasterPredictor)?.forecaster)
        let made = RecurrentPredictors.make(forecaster: forecaster)
        #expect(made.predictor is ForecasterPredictor)
        #expect(made.windowPathReason?.contains("trained on windows") == true)

        let streaming = try RecurrentPredictorFit.fit(timestamps: t, values: v, horizon: 1, options: quickOptions(rows: 300))
        let again = RecurrentPredictors.make(forecaster: streaming.state.forecaster)
        #expect(again.predictor is StreamingRecurrentPredictor && again.windowPathReason == nil)
    }

    @Test func theDetectorRunsTheStreamingModelAndFlagsASpike() throws {
        var (t, v) = sine(900)
        v[700] += 8
        var s = DetectorSettings()
        s.learningSpan = 300
        var d = try SeriesStreamDetector(series: "x", settings: s, fallback: .naive) { t, v in
            try RecurrentPredictorFit.fit(timestamps: t, values: v, horizon: 1, options: self.quickOptions(rows: v.count))
        }
        var flagged: [Int] = []
        for (a, b) in zip(t, v) { flagged += d.process(timestamp: a, value: b).points.filter(\.isAnomaly).map(\.index) }
        #expect(d.predictorName == "gru(8x1, streaming)")
        #expect(d.fallbackReason == nil)
        #expect(flagged.contains(700))
    }
}
