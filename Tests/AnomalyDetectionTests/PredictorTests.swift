import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct PredictorTests {
    @Test func naiveRepeatsLastPresentValue() {
        var p = NaivePredictor()
        #expect(p.forecast(steps: 1) == nil)
        p.observe(3)
        p.observe(.nan)
        #expect(p.forecast(steps: 1)?.expected == 3)
    }

    @Test func seasonalDifferenceIsExactOnARepeatingPattern() throws {
        let pattern: [Double] = [0, 5, 1, 9, 2, 2, 7]
        var p = SeasonalDifferencePredictor(period: pattern.count)
        var series: [Double] = []
        for cycle in 0..<4 { series += pattern.map { $0 + Double(cycle) * 0.5 } } // pattern on a rising step
        for (i, x) in series.enumerated() {
            if i > pattern.count, let f = p.forecast(steps: 1) {
                // x[t] = x[t-1] + (x[t-p] - x[t-p-1]) holds except where the level steps up.
                if i % pattern.count != 0 { #expect(abs(f.expected - x) < 1e-12) }
            }
            p.observe(x)
        }
        let two = try #require(p.forecast(steps: 2))
        let n = series.count
        #expect(abs(two.expected - (series[n - 1] + series[n + 1 - 7] - series[n - 1 - 7])) < 1e-12)
    }

    @Test func seasonalMemoryKeepsTheExpectedValueOfAFlaggedRow() throws {
        let period = 4
        var plain = SeasonalDifferencePredictor(period: period), cleaned = SeasonalDifferencePredictor(period: period)
        let values: [Double] = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]
        for v in values { plain.observe(v); cleaned.observe(v) }
        // A spike where 1 was expected; the next value is normal again.
        plain.observe(50)
        cleaned.observeFlagged(50, expected: 1, at: 0)
        plain.observe(2); cleaned.observe(2)
        plain.observe(3); cleaned.observe(3)
        plain.observe(4); cleaned.observe(4)
        // One season after the spike: the plain predictor replays the jump, the cleaned one does not.
        #expect(abs(try #require(cleaned.forecast(steps: 1)).expected - 1) < 1e-12)
        #expect(try #require(plain.forecast(steps: 1)).expected > 40)
    }

    @Test func dominantPeriodFindsTheSeason() {
        var random = TestRandom(state: 3)
        let series = (0..<600).map { sin(2 * .pi * Double($0) / 48) * 10 + random.normal() }
        #expect(PredictorSelection.dominantPeriod(of: series) == 48)
        let noise = (0..<600).map { _ in random.normal() }
        #expect(PredictorSelection.dominantPeriod(of: noise) == nil)
    }

    @Test func autoChoosesSeasonalOnSeasonalDataAndNotOnNoise() {
        var random = TestRandom(state: 11)
        let seasonal = (0..<600).map { Double(($0 % 24) < 6 ? 20 : 0) + 0.1 * random.normal() }
        #expect(PredictorChoice.auto.makePredictor(training: seasonal).name == "seasonal(24)")
        let walk = (0..<600).reduce(into: [Double]()) { a, _ in a.append((a.last ?? 0) + random.normal()) }
        #expect(PredictorChoice.auto.makePredictor(training: walk).name == "naive")
    }

    @Test func parsesPredictorNames() {
        #expect(PredictorChoice(parsing: "median:7") == .median(7))
        #expect(PredictorChoice(parsing: "seasonal") == .seasonal(nil))
        #expect(PredictorChoice(parsing: "seasonal:1") == nil)
        #expect(PredictorChoice(parsing: "gru") == nil)
    }
}
