import Baselines
import ForecastMetrics
import Windowing

/// Validation scores of the trained network next to the naive and seasonal-naive forecasts on the
/// same windows, and the residual quantiles behind prediction intervals.
struct ValidationEvaluation {
    var scores: [MethodScores]
    var residualQuantiles: ResidualQuantiles
    /// `residuals[h]`: actual − forecast at step h of every validation window, per-series scaled units.
    var residuals: [[Double]]
    /// The model against the naive forecast, window by window (``NaiveCheck``).
    var naiveCheck: NaiveCheck

    /// Forecasts every validation window with the network and the two baselines.
    ///
    /// MAE and RMSE pool every value of every series in the target's units; MASE divides each
    /// error by its series' in-sample MAE of the seasonal-naive forecast on the training rows
    /// (period 1 when no season was found), so series of different sizes weigh alike.
    /// Residuals for the intervals are kept in per-series scaled units.
    static func run(_ network: ForecastNetwork, dataset: ForecastDataset, seasonalPeriod: Int) throws -> ValidationEvaluation {
        let horizon = dataset.horizon
        var model = MetricAccumulator(), naive = MetricAccumulator(), seasonal = MetricAccumulator()
        var residuals = [[Double]](repeating: [], count: horizon)
        var differentials = [[Double]](repeating: [], count: dataset.targets.count), naiveErrors = differentials
        let period = max(1, seasonalPeriod)
        let seasonalModel = SeasonalNaiveModel(period: period)
        let scales: [Double?] = dataset.targets.indices.map { s in
            PointMetrics.seasonalNaiveScale(history: Array(dataset.targets[s][0..<dataset.windows.trainEnd[s]]), period: period)
        }
        try dataset.forEachValidationForecast(network) { window, forecast, actual in
            let scaler = dataset.windows.scalers[window.series].target
            let origin = window.start + dataset.lookback
            let history = Array(dataset.targets[window.series][0..<origin])
            let naivePoint = (try? NaiveModel().forecast(history: history, horizon: horizon).point)
                ?? [Double](repeating: history.last ?? .nan, count: horizon)
            let seasonalPoint = (try? seasonalModel.forecast(history: history, horizon: horizon).point) ?? naivePoint
            let scale = scales[window.series]
            var modelError = 0.0, naiveError = 0.0   // sums of |error| in scaled units
            for k in 0..<horizon {
                let y = dataset.targets[window.series][origin + k]
                model.add(actual: y, predicted: scaler.invert(forecast[k]), scale: scale)
                naive.add(actual: y, predicted: naivePoint[k], scale: scale)
                seasonal.add(actual: y, predicted: seasonalPoint[k], scale: scale)
                residuals[k].append(actual[k] - forecast[k])
                modelError += abs(actual[k] - forecast[k])
                naiveError += abs(actual[k] - scaler.apply(naivePoint[k]))
            }
            differentials[window.series].append((naiveError - modelError) / Double(horizon))
            naiveErrors[window.series].append(naiveError / Double(horizon))
        }
        func scores(_ name: String, _ a: MetricAccumulator) -> MethodScores {
            MethodScores(method: name, mae: a.summary.mae ?? .nan, rmse: a.summary.rmse ?? .nan, mase: a.summary.mase ?? .nan)
        }
        var all = [scores("model", model), scores("naive", naive)]
        if period > 1 { all.append(scores("seasonal naive (m=\(period))", seasonal)) }
        return ValidationEvaluation(scores: all, residualQuantiles: ResidualQuantiles(residuals: residuals), residuals: residuals,
                                    naiveCheck: NaiveCheck(differentials: differentials, naiveErrors: naiveErrors, horizon: horizon))
    }
}
