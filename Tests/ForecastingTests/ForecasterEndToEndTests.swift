import Testing
import Foundation
import TimeFrames
@testable import Forecasting

@Suite("Forecaster: fit, save, load, predict")
struct ForecasterEndToEndTests {
    /// Two series with a 12-step cycle and different levels, every `interval`.
    static func frame(rows: Int = 360, interval: SamplingInterval = .hour, start: CivilDateTime = CivilDateTime(year: 2024, month: 1, day: 1),
                      noise noiseLevel: Double = 0.01) -> TimeFrame {
        var state: UInt64 = 99
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53 - 0.5
        }
        let t0 = start.epochMilliseconds
        let timestamps = (0..<rows).map { interval.advance(t0, by: $0) }
        let series = [("a", 100.0), ("b", 5.0)].map { key, level in
            TimeSeries(key: [key], timestamps: timestamps,
                       columns: [(0..<rows).map { level + level * 0.1 * sin(Double($0) * 2 * .pi / 12) + level * noiseLevel * noise() }],
                       interval: interval)
        }
        return TimeFrame(timeColumn: "time", idColumns: ["shop"], targetColumns: ["y"], featureColumns: [], series: series)
    }

    /// Small and quick: the debug-mode suite must stay fast.
    static func options() -> ForecasterOptions {
        var o = ForecasterOptions()
        o.hidden = 8; o.layers = 1; o.lookback = 24; o.horizon = 6; o.epochs = 4; o.learningRate = 0.01
        o.batchSize = 32; o.calendarFeatures = false
        return o
    }

    @Test("Fitting beats the naive forecast on a seasonal series; the file round-trips to identical forecasts")
    func fitSaveLoadPredict() throws {
        let result = try Forecaster.fit(Self.frame(), options: Self.options())
        let scores = Dictionary(uniqueKeysWithValues: result.forecaster.metadata.training.validation.map { ($0.method, $0) })
        let model = try #require(scores["model"]), naive = try #require(scores["naive"])
        #expect(model.mae < naive.mae)
        #expect(result.forecaster.metadata.history.map(\.timestamps.count) == [24, 24])

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UInt64.random(in: 0...UInt64.max)).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try result.forecaster.save(to: path)
        let loaded = try Forecaster.load(from: path)
        let before = try result.forecaster.predict(PredictionRequest())
        let after = try loaded.predict(PredictionRequest())
        #expect(before.output.series == after.output.series)  // same weights, same arithmetic: same bits
        #expect(loaded.metadata.configuration == result.forecaster.metadata.configuration)

        let s = after.output.series[0]
        #expect(s.values.count == 6)
        // Timestamps continue hourly after the last row.
        let last = Self.frame().series[0].timestamps.last!
        #expect(s.timestamps == (1...6).map { SamplingInterval.hour.advance(last, by: $0) })
        // Intervals nest: 95% contains 80% contains the point.
        for k in 0..<6 {
            #expect(s.intervals[1].lower[k] <= s.intervals[0].lower[k] && s.intervals[0].lower[k] <= s.values[k])
            #expect(s.values[k] <= s.intervals[0].upper[k] && s.intervals[0].upper[k] <= s.intervals[1].upper[k])
        }
    }

    @Test("A longer horizon rolls out and says so; the first steps are unchanged")
    func rollout() throws {
        let forecaster = try Forecaster.fit(Self.frame(), options: Self.options()).forecaster
        let short = try forecaster.predict(PredictionRequest(horizon: 6))
        let long = try forecaster.predict(PredictionRequest(horizon: 15))
        #expect(long.output.series[0].values.count == 15)
        #expect(Array(long.output.series[0].values.prefix(6)) == short.output.series[0].values)
        #expect(long.notes.contains { $0.contains("roll out") })
        // Intervals of rolled-out steps come from rolled-out validation residuals (72 validation
        // rows per series hold origins for 4 × 6 steps) and never narrow past the trained horizon.
        let q = forecaster.metadata.residualQuantiles
        #expect(q.steps == 24)
        #expect(long.notes.contains { $0.contains("rolled-out validation residuals") })
        let s = long.output.series[0]
        for k in 6..<15 {
            #expect(s.intervals[0].upper[k] - s.values[k] >= s.intervals[0].upper[5] - s.values[5] - 1e-9 * abs(s.values[5]))
        }
    }

    @Test("Business-day data forecasts on weekdays only")
    func businessDays() throws {
        // 2024-01-01 is a Monday.
        let frame = Self.frame(interval: .businessDays)
        let forecaster = try Forecaster.fit(frame, options: Self.options()).forecaster
        let series = try forecaster.predict(PredictionRequest(horizon: 10)).output.series[0]
        for t in series.timestamps { #expect(CivilDateTime(epochMilliseconds: t).weekday < 5) }
        #expect(series.timestamps[0] == SamplingInterval.businessDays.advance(frame.series[0].timestamps.last!, by: 1))
    }

    @Test("The same seed gives a bit-identical model")
    func reproducible() throws {
        var o = Self.options(); o.epochs = 2
        let a = try Forecaster.fit(Self.frame(), options: o).forecaster
        let b = try Forecaster.fit(Self.frame(), options: o).forecaster
        #expect(a.network.snapshot() == b.network.snapshot())
    }

    @Test("Series too short for the windows get a clear error")
    func tooShort() {
        var o = Self.options(); o.lookback = 300
        do {
            _ = try Forecaster.fit(Self.frame(rows: 200), options: o)
            Issue.record("fitting a too short series succeeded")
        } catch {
            #expect("\(error)".contains("has 200 rows but needs at least"))
        }
    }

    @Test("Several targets are refused, not silently reduced to the first")
    func severalTargets() {
        var frame = Self.frame(rows: 200)
        frame.targetColumns = ["y", "z"]
        frame.series = frame.series.map { s in var s = s; s.columns = [s.columns[0], s.columns[0]]; return s }
        do {
            _ = try Forecaster.fit(frame, options: Self.options())
            Issue.record("fitting two targets succeeded")
        } catch {
            #expect("\(error)".contains("a forecaster models one target column, got 2 (y, z)"))
        }
    }

    @Test("New data with other columns is refused; with the same columns it is forecast")
    func predictOnNewData() throws {
        let forecaster = try Forecaster.fit(Self.frame(), options: Self.options()).forecaster
        var other = Self.frame(rows: 100)
        other.targetColumns = ["z"]
        #expect(throws: ForecastDataError.self) { _ = try forecaster.predict(PredictionRequest(data: other)) }
        let fresh = Self.frame(rows: 100, start: CivilDateTime(year: 2025, month: 6, day: 1))
        let forecast = try forecaster.predict(PredictionRequest(data: fresh))
        #expect(forecast.output.series[0].timestamps[0] == SamplingInterval.hour.advance(fresh.series[0].timestamps.last!, by: 1))
        #expect(!forecast.notes.contains { $0.contains("far from the training data's") }, "\(forecast.notes)")
        // The same series ×1000 is forecast in the training scale: a note says so.
        var scaled = fresh
        for s in scaled.series.indices { scaled.series[s].columns[0] = scaled.series[s].columns[0].map { $0 * 1000 } }
        let off = try forecaster.predict(PredictionRequest(data: scaled))
        #expect(off.notes.contains { $0.contains("series shop=a: the data's recent level and spread") && $0.contains("far from") },
                "\(off.notes)")
    }

    @Test("A truncated model file is refused with an error, never a crash")
    func truncatedFile() throws {
        let forecaster = try Forecaster.fit(Self.frame(), options: { var o = Self.options(); o.epochs = 1; return o }()).forecaster
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fc-trunc-\(UInt64.random(in: 0...UInt64.max)).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try forecaster.save(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { _ = try Forecaster.load(from: path) }
    }
}
