import TimeFrames
@testable import Windowing

/// 2024-01-01T00:00Z, a Monday.
let monday2024: EpochMilliseconds = CivilDateTime(year: 2024, month: 1, day: 1).epochMilliseconds

/// A frame of `count` hourly rows per key: target `y` = `values(key, i)`, covariate `x` = 100 + i.
func makeFrame(keys: [String] = [], count: Int, interval: SamplingInterval = .hour,
               values: (Int, Int) -> Double = { _, i in Double(i) }) -> TimeFrame {
    let keyed = keys.isEmpty ? [""] : keys
    let series = keyed.enumerated().map { k, key in
        TimeSeries(key: keys.isEmpty ? [] : [key],
                   timestamps: (0..<count).map { interval.advance(monday2024, by: $0) },
                   columns: [(0..<count).map { values(k, $0) }, (0..<count).map { 100 + Double($0) }],
                   interval: interval)
    }
    return TimeFrame(timeColumn: "time", idColumns: keys.isEmpty ? [] : ["store"], targetColumns: ["y"],
                     featureColumns: ["x"], series: series)
}

/// Options with no scaling and no window normalisation, so window contents are the raw values.
func rawOptions(lookback: Int, horizon: Int, stride: Int = 1, features: [String] = [], calendar: [CalendarFeature] = [],
                normalizer: WindowNormalizer = .none) throws -> WindowDatasetOptions {
    var o = WindowDatasetOptions(layout: WindowLayout(spec: try WindowSpec(lookback: lookback, horizon: horizon, stride: stride),
                                                      target: "y", features: features, calendar: calendar, normalizer: normalizer))
    o.scaling = .none
    return o
}


#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
