import TimeFrames
import Windowing

extension Forecaster {
    /// Forecasts of `steps` values from many origins of one series, in original units, rolled out
    /// exactly as `predict` rolls out horizons longer than the trained one: chunks of the trained
    /// horizon, each forecast appended to the history as if observed, covariates held at their
    /// last value. The forecast from origin `o` sees rows `o − lookback ..< o` only.
    ///
    /// - Parameters:
    ///   - timestamps, columns: the series (target first, then the model's features), original units.
    ///   - scalers: the series' scalers.
    ///   - origins: indices of the first forecast row, each `>= lookback` and `<= count`.
    ///   - steps: values per origin (any positive number).
    /// - Returns: one array of `steps` values per origin.
    /// - Throws: `WindowingError` for an origin with too little history.
    public func rolledOutForecasts(timestamps: [EpochMilliseconds], columns: [[Double]], scalers: SeriesScalers,
                                   origins: [Int], steps: Int) throws -> [[Double]] {
        let net = configuration.network
        let layout = try net.windowLayout(target: metadata.columns.target, features: metadata.columns.features)
        let width = layout.inputWidth, lookback = net.lookback, trained = net.horizon
        var results: [[Double]] = []
        results.reserveCapacity(origins.count)
        var start = 0
        while start < origins.count {
            let chunk = Array(origins[start..<min(start + ForecastDataset.inferenceBatchSize, origins.count)])
            let b = chunk.count
            // Each origin's working history: its last `lookback` rows, then the forecasts so far.
            var stamps = chunk.map { o in Array(timestamps[max(0, o - lookback)..<o]) }
            var values = chunk.map { o in columns.map { Array($0[max(0, o - lookback)..<o]) } }
            var outputs = [[Double]](repeating: [], count: b)
            while outputs[0].count < steps {
                var inputs = [Float](repeating: 0, count: b * lookback * width)
                var future = [Float](repeating: 0, count: b * trained * width)
                var normalisers: [(location: Float, scale: Float)] = []
                var calendars: [[EpochMilliseconds]] = []
                for i in 0..<b {
                    let n = stamps[i].count
                    let p = try inputs.withUnsafeMutableBufferPointer {
                        try layout.encodeForecastInput(timestamps: Array(stamps[i][(n - lookback)...]),
                                                       target: Array(values[i][0][(n - lookback)...]),
                                                       features: values[i].dropFirst().map { Array($0[(n - lookback)...]) },
                                                       scalers: scalers, series: "origin \(chunk[i])",
                                                       into: $0.baseAddress! + i * lookback * width)
                    }
                    normalisers.append((p.anchor, p.scale))
                    let calendar = layout.futureCalendar(after: stamps[i][n - 1], interval: metadata.calendar.interval, steps: trained)
                    calendars.append(calendar.timestamps)
                    let lastRow = (i * lookback + lookback - 1) * width
                    ForecastDataset.fillFuture(&future, window: i, steps: trained, layout: layout,
                                               lastRow: Array(inputs[lastRow..<(lastRow + width)]), calendar: calendar.values)
                }
                let batch = ForecastBatch(count: b, lookback: lookback, horizon: trained, width: width, inputs: inputs,
                                          targets: [Float](repeating: 0, count: b * trained), futureSteps: trained,
                                          future: future, normalisers: normalisers)
                let y = network.forecast(batch, steps: trained)
                let take = min(trained, steps - outputs[0].count)
                for i in 0..<b {
                    for k in 0..<take {
                        let value = scalers.target.invert(Double(y[i * trained + k] * normalisers[i].scale + normalisers[i].location))
                        outputs[i].append(value)
                        stamps[i].append(calendars[i][k])
                        values[i][0].append(value)
                        for c in 1..<values[i].count { values[i][c].append(values[i][c][values[i][c].count - 1]) }
                    }
                }
            }
            results += outputs
            start += b
        }
        return results
    }
}
