import TimeFrames
import Windowing

/// Residuals of rolled-out forecasts on the validation span, for interval quantiles of the steps
/// past the trained horizon.
///
/// `predict` forecasts past the trained horizon H by feeding forecasts back as inputs; those
/// steps err more than step H does, by an amount no rule of thumb knows. So after training, the
/// model rolls out `k·H` steps (k = 4, 3 or 2: the largest for which the validation span holds at
/// least ``minimumOrigins`` origins with all `k·H` actual values) from validation origins, and
/// the residuals of steps H ..< k·H become quantile rows of their own. Steps past k·H reuse the
/// last row, widened by √(step / k·H) (``ResidualQuantiles/quantile(step:probability:)``).
enum RolloutCalibration {
    /// Fewest origins a rolled-out step's quantiles may rest on.
    static let minimumOrigins = 30
    /// Most origins used (evenly thinned above it): enough for the 0.5% tails, cheap to forecast.
    static let maximumOrigins = 1500

    /// Residuals `actual − forecast` in per-series scaled units for steps H ..< k·H (index 0 is
    /// step H), or an empty array when the validation span is too short for k = 2.
    static func residuals(_ forecaster: Forecaster, series: [TimeSeries], columnIndices: [Int],
                          trainEnd: [Int]) throws -> [[Double]] {
        let h = forecaster.configuration.network.horizon, lookback = forecaster.configuration.network.lookback
        func origins(_ steps: Int) -> [[Int]] {
            series.indices.map { s in
                let first = max(trainEnd[s], lookback), last = series[s].count - steps
                return first <= last ? Array(first...last) : []
            }
        }
        guard let k = [4, 3, 2].first(where: { k in origins(k * h).reduce(0) { $0 + $1.count } >= minimumOrigins }) else {
            return []
        }
        let steps = k * h
        var perSeries = origins(steps)
        let total = perSeries.reduce(0) { $0 + $1.count }
        if total > maximumOrigins {
            let every = (total + maximumOrigins - 1) / maximumOrigins
            perSeries = perSeries.map { list in list.enumerated().compactMap { $0.offset % every == 0 ? $0.element : nil } }
        }
        var residuals = [[Double]](repeating: [], count: steps - h)
        for (s, list) in perSeries.enumerated() where !list.isEmpty {
            let columns = columnIndices.map { series[s].columns[$0] }
            let scaler = forecaster.metadata.scalers[s].target
            let forecasts = try forecaster.rolledOutForecasts(timestamps: series[s].timestamps, columns: columns,
                                                              scalers: forecaster.metadata.scalers[s], origins: list, steps: steps)
            for (j, o) in list.enumerated() {
                for step in h..<steps {
                    residuals[step - h].append(scaler.apply(columns[0][o + step]) - scaler.apply(forecasts[j][step]))
                }
            }
        }
        return residuals
    }
}
