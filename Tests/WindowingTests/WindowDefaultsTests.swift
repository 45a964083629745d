import Foundation
import Testing
import TimeFrames
@testable import Windowing
import _TestSupport

@Suite struct WindowDefaultsTests {
    @Test func hourlyDataGetsADayAheadAndThreeDaysBack() throws {
        let d = try WindowDefaults.choose(series: [("load", SyntheticSeries.hourly(days: 60))], interval: .hour)
        #expect(d.season.value == 24)
        #expect(d.horizon.value == 24)
        #expect(d.horizon.reason == "horizon 24: one day of hourly data")
        #expect(d.lookback.value == 72)
        #expect(d.lookback.reason == "lookback 72: 3 cycles of the season 24")
        #expect(d.calendar.value == [.hourOfDay, .dayOfWeek, .monthOfYear])
        #expect(d.reasons.count == 5 && d.reasons.allSatisfy { !$0.isEmpty })
    }

    @Test func dailySalesGetAWeek() throws {
        let d = try WindowDefaults.choose(series: [("sales", SyntheticSeries.dailySales(days: 400))], interval: .day)
        #expect(d.season.value == 7)
        #expect(d.horizon.value == 7)
        #expect(d.lookback.value == 21)
    }

    @Test func horizonsByInterval() {
        let cases: [(SamplingInterval?, Int)] = [(.hour, 24), (.day, 7), (.businessDays, 5), (.months(1), 12), (.minute, 60),
                                                 (.fixed(milliseconds: 15 * 60_000), 4), (.week, 13), (.months(3), 8), (nil, 12)]
        for (interval, h) in cases { #expect(WindowDefaults.horizon(for: interval).value == h, "\(String(describing: interval))") }
    }

    @Test func noSeasonFallsBackToFourHorizons() throws {
        var rng = TestRandom(state: 9)
        var level = 0.0
        let walk = (0..<2000).map { _ in level += rng.normal(); return level }
        let d = try WindowDefaults.choose(series: [("close", walk)], interval: .businessDays)
        #expect(d.season.value == nil)
        #expect(d.horizon.value == 5)
        #expect(d.lookback.value == 20)
        #expect(d.lookback.reason == "lookback 20: four horizons (no season), at least 16")
    }

    @Test func shortSeriesCapTheAutomaticChoices() throws {
        // 40 monthly rows: horizon 12 > 40/5 → 8; validation 8 rows; lookback capped to 32 − 8 = 24.
        let values = (0..<40).map { Double($0 % 12) + Double($0) }
        let d = try WindowDefaults.choose(series: [("short", values)], interval: .months(1))
        #expect(d.horizon.value == 8)
        #expect(d.horizon.reason.hasPrefix("horizon 8: capped at a fifth of the shortest series (short, 40 rows) instead of horizon 12"))
        #expect(d.lookback.value + d.horizon.value <= 32)
    }

    @Test func givenValuesAreKeptAndCheckedAgainstTheLength() throws {
        let values = (0..<100).map(Double.init)
        let d = try WindowDefaults.choose(series: [("s", values)], interval: .day, lookback: 30, horizon: 3)
        #expect(d.lookback == Choice(30, reason: "lookback 30 (given)", automatic: false))
        #expect(d.horizon.value == 3 && !d.horizon.automatic)
        #expect(throws: WindowingError.seriesTooShort(series: "s", rows: 100, needed: 110, lookback: 80, horizon: 10, validationRows: 20)) {
            try WindowDefaults.choose(series: [("s", values)], interval: .day, lookback: 80, horizon: 10)
        }
        #expect(throws: WindowingError.invalidOption(option: "--lookback", value: "0", expected: "a positive integer")) {
            try WindowDefaults.choose(series: [("s", values)], interval: .day, lookback: 0)
        }
    }

    @Test func tooShortSeriesGetAClearError() throws {
        let error = WindowingError.seriesTooShort(series: "store=9", rows: 6, needed: 9, lookback: 3, horizon: 2, validationRows: 2)
        #expect(error.description == "series store=9 has 6 rows but needs at least 9: lookback 3 + horizon 2 for one training window, "
            + "plus 2 validation rows; use a smaller --lookback or --horizon, or drop this series")
        let frame = makeFrame(keys: ["1", "9"], count: 6)
        #expect(throws: WindowingError.seriesTooShort(series: "store=1", rows: 6, needed: 7, lookback: 3, horizon: 2, validationRows: 2)) {
            try WindowDataset(frame: frame, options: rawOptions(lookback: 3, horizon: 2))
        }
        #expect(throws: WindowingError.self) {
            try WindowDefaults.choose(series: [("tiny", [1, 2, 3])], interval: .day)
        }
    }

    @Test func shortSeriesCanBeSkipped() throws {
        var frame = makeFrame(keys: ["long", "short"], count: 30)
        frame.series[1].timestamps = Array(frame.series[1].timestamps.prefix(5))
        frame.series[1].columns = frame.series[1].columns.map { Array($0.prefix(5)) }
        var options = try rawOptions(lookback: 3, horizon: 2)
        options.skipShortSeries = true
        let data = try WindowDataset(frame: frame, options: options)
        #expect(data.seriesNames == ["store=long"])
        #expect(data.skippedSeries.map(\.name) == ["store=short"])
        #expect(data.frameIndices == [0])
    }

    @Test func unknownColumnsAreNamed() throws {
        var options = try rawOptions(lookback: 3, horizon: 2)
        options.layout.target = "sales"
        #expect(throws: WindowingError.unknownColumn(name: "sales", available: ["y", "x"])) {
            try WindowDataset(frame: makeFrame(count: 20), options: options)
        }
    }
}
