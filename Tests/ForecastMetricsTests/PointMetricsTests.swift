import Testing
@testable import ForecastMetrics

/// Hand-worked examples: every expected number below is computed in the comment beside it.
/// Tolerance 1e-12: a handful of additions of exact-ish decimals, far above rounding error.
@Suite struct PointMetricsTests {
    let actual: [Double] = [2, 4, 0, 8]
    let predicted: [Double] = [3, 2, 1, 8]   // errors y − ŷ: −1, 2, −1, 0

    @Test func maeRmseBias() throws {
        #expect(abs(try PointMetrics.mae(actual: actual, predicted: predicted) - 1.0) < 1e-12)          // (1+2+1+0)/4
        #expect(abs(try PointMetrics.rmse(actual: actual, predicted: predicted) - 1.5.squareRoot()) < 1e-12) // √(6/4)
        #expect(abs(try PointMetrics.bias(actual: actual, predicted: predicted) - 0.0) < 1e-12)         // (1−2+1+0)/4
        #expect(abs(try PointMetrics.bias(actual: [1, 1], predicted: [2, 3]) - 1.5) < 1e-12)             // forecasts high → positive
    }

    @Test func mapeSkipsZeroActualsAndSaysHowMany() throws {
        let (value, skipped) = try PointMetrics.mape(actual: actual, predicted: predicted)
        #expect(skipped == 1)
        #expect(abs(value - 100 * (0.5 + 0.5 + 0) / 3) < 1e-12)   // |−1|/2, 2/4, 0/8 over 3 pairs
        #expect(throws: MetricError.self) { try PointMetrics.mape(actual: [0, 0], predicted: [1, 2]) }
    }

    @Test func smapeAndWape() throws {
        // 2·1/5, 2·2/6, 2·1/1, 0 → (0.4 + 0.6667 + 2 + 0)/4
        let expectedSmape = 100 * (0.4 + 4.0 / 6 + 2 + 0) / 4
        #expect(abs(try PointMetrics.smape(actual: actual, predicted: predicted) - expectedSmape) < 1e-12)
        #expect(abs(try PointMetrics.wape(actual: actual, predicted: predicted) - 100 * 4.0 / 14) < 1e-12)
        // 0/0 pairs are skipped by sMAPE rather than counted as 0 or NaN.
        #expect(abs(try PointMetrics.smape(actual: [0, 1], predicted: [0, 3]) - 100.0) < 1e-12)   // only 2·2/4
    }

    @Test func maseUsesInSampleSeasonalNaiveScale() throws {
        let history: [Double] = [1, 5, 2, 6, 3, 9]
        // period 2: |2−1|, |6−5|, |3−2|, |9−6| → mean 1.5; period 1: 4,3,4,3,6 → 4
        #expect(abs(PointMetrics.seasonalNaiveScale(history: history, period: 2)! - 1.5) < 1e-12)
        #expect(abs(PointMetrics.seasonalNaiveScale(history: history, period: 1)! - 4.0) < 1e-12)
        #expect(PointMetrics.seasonalNaiveScale(history: [1, 2], period: 2) == nil)
        let mase = try PointMetrics.mase(actual: actual, predicted: predicted, history: history, period: 2)
        #expect(abs(mase - 1.0 / 1.5) < 1e-12)
        #expect(throws: MetricError.self) {
            try PointMetrics.mase(actual: [1], predicted: [1], history: [3, 3, 3], period: 1)   // scale 0
        }
    }

    @Test func missingValuesAreSkippedAndCounted() throws {
        let s = try PointMetrics.summary(actual: [1, .nan, 3], predicted: [2, 5, .nan])
        #expect(s.count == 1)
        #expect(s.skippedMissing == 2)
        #expect(abs(s.mae! - 1) < 1e-12)
    }

    @Test func lengthMismatchAndEmptyInputAreErrors() {
        #expect(throws: MetricError.lengthMismatch(what: "predicted", expected: 2, received: 1)) {
            try PointMetrics.mae(actual: [1, 2], predicted: [1])
        }
        #expect(throws: MetricError.noObservations(metric: "MAE")) { try PointMetrics.mae(actual: [], predicted: []) }
        #expect(throws: MetricError.self) {
            try PointMetrics.summary(actual: [1], predicted: [1], lower: [0], upper: [2], coverage: 1.5)
        }
    }
}
