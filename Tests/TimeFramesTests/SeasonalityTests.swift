import Foundation
import Testing
import TimeFrames
import _TestSupport

@Suite struct SeasonalityTests {
    @Test func findsTheDayInHourlyData() {
        let d = Seasonality.detect([SyntheticSeries.hourly(days: 60)], interval: .hour)
        #expect(d.period == 24)
        #expect(d.reason.hasPrefix("season 24 (autocorrelation of the differences 0."))
        #expect(d.reason.contains("tried 24, 168 for hourly data"))
    }

    @Test func findsTheWeekInDailySales() {
        let d = Seasonality.detect([SyntheticSeries.dailySales(days: 400), SyntheticSeries.dailySales(days: 300, seed: 3)], interval: .day)
        #expect(d.period == 7)
    }

    @Test func findsTheYearInDailyTemperatureFromTheLevels() {
        // An annual cycle under day-to-day weather noise: differences hide it, levels show it.
        var rng = TestRandom(state: 5)
        var weather = 0.0
        let temperature = (0..<(4 * 365)).map { t -> Double in
            weather = 0.7 * weather + 2 * rng.normal()
            return 12 + 8 * sin(2 * Double.pi * Double(t) / 365) + weather
        }
        let d = Seasonality.detect([temperature], interval: .day)
        #expect(d.period == 365)
        #expect(d.reason.hasPrefix("season 365 (autocorrelation of the levels 0."))
        #expect(d.candidates.first { $0.period == 365 }?.evidence == "levels")
    }

    @Test func noSeasonInARandomWalk() {
        var rng = TestRandom(state: 4)
        var level = 100.0
        let walk = (0..<1000).map { _ in level += rng.normal(); return level }
        let d = Seasonality.detect([walk], interval: .businessDays)
        #expect(d.period == nil)
        #expect(d.reason.hasPrefix("no season found in business days (Mon–Fri) data (autocorrelation of the differences at 5, 21, 252 → 5: "))
    }

    @Test func tooShortForEveryCandidate() {
        let d = Seasonality.detect([[1, 2, 3, 4, 5, 6]], interval: .months(1))
        #expect(d.period == nil && d.candidates.isEmpty)
        #expect(d.reason.contains("series shorter than three cycles of every candidate"))
    }

    @Test func autocorrelationOfAKnownSeries() {
        // 1, −1 alternating: lag-1 autocorrelation (n−1)/n · (−1), lag-2 (n−2)/n.
        let x = (0..<10).map { $0 % 2 == 0 ? 1.0 : -1.0 }
        #expect(abs(Seasonality.autocorrelation(x, lag: 1) + 0.9) < 1e-12)
        #expect(abs(Seasonality.autocorrelation(x, lag: 2) - 0.8) < 1e-12)
        #expect(Seasonality.autocorrelation([3, 3, 3], lag: 1) == 0)
    }

    @Test(.enabled(if: FixturePaths.sharedData("ett/ETTh1.csv") != nil))
    func findsTheDayInETTh1() throws {
        // Column OT (last) of ETTh1, read with plain string splitting: this test is about
        // seasonality, not CSV parsing.
        let url = try #require(FixturePaths.sharedData("ett/ETTh1.csv"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let ot = text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(ot.count > 17_000)
        let d = Seasonality.detect([Array(ot.prefix(12 * 30 * 24))], interval: .hour)
        #expect(d.detectedPeriods.contains(24))
    }
}

/// Single series with a known cycle, a trend, noise or a random walk.
@Suite struct SeasonalitySingleSeriesTests {
    /// A deterministic pseudo-random sequence in [-1, 1] (LCG), so the tests need no seed plumbing.
    static func noise(_ n: Int, seed: UInt64 = 7) -> [Double] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(s >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    @Test func findsTheDailyCycleOfHourlyData() {
        let noise = Self.noise(24 * 30)
        let y: [Double] = (0..<(24 * 30)).map { (t: Int) -> Double in
            let phase = 2 * Double.pi * Double(t) / 24
            return 10 * sin(phase) + noise[t]
        }
        #expect((Seasonality.detect([y], interval: .hour).period ?? 1) == 24)
    }

    @Test func findsTheStrongerDailyCycleUnderATrendAndAWeeklyCycle() {
        let noise = Self.noise(24 * 7 * 6)
        let y: [Double] = noise.indices.map { (t: Int) -> Double in
            let day = 5 * sin(2 * Double.pi * Double(t) / 24)
            let week = 2 * sin(2 * Double.pi * Double(t) / 168)
            return 0.05 * Double(t) + day + week + noise[t]
        }
        #expect((Seasonality.detect([y], interval: .hour).period ?? 1) == 24)
    }

    @Test func findsNothingInNoiseOrWithoutAnInterval() {
        #expect((Seasonality.detect([Self.noise(2000)], interval: .hour).period ?? 1) == 1)
        #expect((Seasonality.detect([(0..<100).map { sin(Double($0)) }], interval: nil).period ?? 1) == 1)
    }

    @Test func aSmoothTrendIsNotASeason() {
        // A random walk is highly autocorrelated at every lag, but has no peak at 7.
        var level = 0.0
        let walk = Self.noise(1500).map { level += $0; return level }
        #expect((Seasonality.detect([walk], interval: .day).period ?? 1) == 1)
    }
}
