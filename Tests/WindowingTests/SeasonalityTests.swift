import Foundation
import Testing
import TimeFrames
import _TestSupport
@testable import Windowing

@Suite struct SeasonalityTests {
    /// Hourly load-like data: a daily cycle, a weaker weekly one, noise.
    static func hourly(days: Int, seed: UInt64 = 1) -> [Double] {
        var rng = TestRandom(state: seed)
        return (0..<(24 * days)).map { t -> Double in
            let daily: Double = 3 * sin(2 * Double.pi * Double(t) / 24)
            let weekly: Double = 0.8 * sin(2 * Double.pi * Double(t) / 168)
            return 10 + daily + weekly + 0.7 * rng.normal()
        }
    }

    /// Daily sales-like data: weekend peaks, an upward trend, multiplicative noise.
    static func dailySales(days: Int, seed: UInt64 = 2) -> [Double] {
        var rng = TestRandom(state: seed)
        let weekday: [Double] = [1.0, 0.9, 0.95, 1.0, 1.2, 1.6, 1.4] // Monday … Sunday
        return (0..<days).map { t -> Double in
            let level: Double = 200 + 0.5 * Double(t)
            return level * weekday[t % 7] * (1 + 0.08 * rng.normal())
        }
    }

    @Test func findsTheDayInHourlyData() {
        let d = Seasonality.detect([Self.hourly(days: 60)], interval: .hour)
        #expect(d.period == 24)
        #expect(d.reason.hasPrefix("season 24 (autocorrelation of the differences 0."))
        #expect(d.reason.contains("tried 24, 168 for hourly data"))
    }

    @Test func findsTheWeekInDailySales() {
        let d = Seasonality.detect([Self.dailySales(days: 400), Self.dailySales(days: 300, seed: 3)], interval: .day)
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
