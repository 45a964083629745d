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
        let layout = try configuration.network.windowLayout(target: metadata.columns.target, features: metadata.columns.features)
        let lookback = configuration.network.lookback, trained = configuration.network.horizon
        var results: [[Double]] = []
        results.reserveCapacity(origins.count)
        var start = 0
        while start < origins.count {
            let chunk = origins[start..<min(start + ForecastDataset.inferenceBatchSize, origins.count)]
            // Each origin's working rows: its last `lookback` observed rows, then the forecasts so far.
            var windows = chunk.map { o -> ForecastWindow in
                let from = max(0, o - lookback)
                return ForecastWindow(timestamps: Array(timestamps[from..<o]), columns: columns.map { Array($0[from..<o]) },
                                      scalers: scalers, label: "origin \(o)")
            }
            var outputs = [[Double]](repeating: [], count: windows.count)
            while outputs[0].count < steps {
                let (values, stamps) = try forwardPass(windows, layout: layout)
                let take = min(trained, steps - outputs[0].count)
                // The last pass (the only one for `steps <= trained`) feeds nothing back.
                let feedsBack = outputs[0].count + take < steps
                for i in windows.indices {
                    for k in 0..<take {
                        let value = scalers.target.invert(values[i][k])
                        outputs[i].append(value)
                        guard feedsBack else { continue }
                        windows[i].timestamps.append(stamps[i][k])
                        windows[i].columns[0].append(value)
                        for c in 1..<windows[i].columns.count { windows[i].columns[c].append(windows[i].columns[c].last ?? .nan) }
                    }
                    // Keep only the rows the next pass reads.
                    guard feedsBack else { continue }
                    let excess = windows[i].timestamps.count - lookback
                    if excess > 0 {
                        windows[i].timestamps.removeFirst(excess)
                        for c in windows[i].columns.indices { windows[i].columns[c].removeFirst(excess) }
                    }
                }
            }
            results += outputs
            start += chunk.count
        }
        return results
    }
}
