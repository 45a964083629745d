import Foundation
import TimeFrames
@testable import Backtesting

/// Frames built in code for the engine tests.
enum TestFrames {
    /// Hourly series from 2024-01-01; each `values` array becomes one series keyed `store=<i>`.
    static func hourly(_ values: [[Double]]) -> TimeFrame {
        let start = CivilDateTime(year: 2024, month: 1, day: 1).epochMilliseconds
        let series = values.enumerated().map { i, v in
            TimeSeries(key: values.count > 1 ? ["\(i + 1)"] : [],
                       timestamps: (0..<v.count).map { SamplingInterval.hour.advance(start, by: $0) },
                       columns: [v], interval: .hour)
        }
        return TimeFrame(timeColumn: "time", idColumns: values.count > 1 ? ["store"] : [], targetColumns: ["y"],
                         featureColumns: [], series: series)
    }

    /// A daily cycle plus a slow trend and deterministic wiggle, different per `seed`.
    static func seasonal(count: Int, seed: Int) -> [Double] {
        (0..<count).map { t in
            let phase = 2 * Double.pi * Double(t) / 24
            let wiggle = sin(Double(t * (seed + 3)) * 0.77) * 0.8
            return 20 + Double(seed) * 5 + 0.01 * Double(t) + 6 * sin(phase) + wiggle
        }
    }
}

/// Records every history it is given; forecasts the last value.
final class SpyModel: BacktestModel, @unchecked Sendable {
    let name: String
    let isGlobal: Bool
    private let lock = NSLock()
    private(set) var fits: [(histories: [BacktestHistory], hadWarmStart: Bool)] = []
    private(set) var forecastHistories: [BacktestHistory] = []

    init(name: String = "spy", isGlobal: Bool = true) { self.name = name; self.isGlobal = isGlobal }

    struct Fitted: FittedBacktestModel {
        let spy: SpyModel
        let generation: Int
        func forecast(_ history: BacktestHistory, horizon: Int, coverage: Double) throws -> ModelForecast {
            spy.lock.lock(); spy.forecastHistories.append(history); spy.lock.unlock()
            return ModelForecast(point: Array(repeating: history.values.last ?? 0, count: horizon))
        }
    }

    func fit(_ histories: [BacktestHistory], warmStart: (any FittedBacktestModel)?) throws -> any FittedBacktestModel {
        lock.lock(); defer { lock.unlock() }
        fits.append((histories, warmStart != nil))
        return Fitted(spy: self, generation: fits.count)
    }
}

/// Always fails to fit.
struct FailingModel: BacktestModel {
    var name: String { "broken" }
    var isGlobal: Bool { false }
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    func fit(_ histories: [BacktestHistory], warmStart: (any FittedBacktestModel)?) throws -> any FittedBacktestModel { throw Boom() }
}
