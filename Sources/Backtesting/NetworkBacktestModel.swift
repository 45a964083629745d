import Forecasting
import TimeFrames

/// The recurrent forecaster of `Forecasting` as a global ``BacktestModel``: one network is trained
/// on every series' history before the origin, exactly as `forecast fit` would train it on that
/// data (same defaults, chosen from the data it is given), then asked for forecasts from each
/// origin with `Forecaster.predict`.
///
/// Warm start: `Forecasting` has no entry point to continue training from earlier weights yet, so
/// every refit starts from the seeded initialisation (`--retrain once` or `K` reuse a fit instead).
/// Only the target column is used (univariate), so no covariate values from after the origin can
/// reach the network.
public struct NetworkBacktestModel: BacktestModel {
    public let name: String
    public var isGlobal: Bool { true }
    /// Options as `forecast fit` takes them; unset ones are chosen from each fold's data.
    public var options: ForecasterOptions
    /// Column names the fitted model is trained under (any names work; kept for readable errors).
    public var timeColumn: String
    public var idColumns: [String]
    public var targetColumn: String

    /// - Parameters:
    ///   - horizon: the backtest horizon; the network is trained to emit this many steps.
    ///   - options: everything else; nil fields are the `fit` defaults.
    public init(horizon: Int, options: ForecasterOptions = ForecasterOptions(), timeColumn: String = "time",
                idColumns: [String] = [], targetColumn: String = "value") {
        var o = options
        o.horizon = horizon
        self.options = o
        self.name = (o.cell ?? .lstm).rawValue.uppercased()
        self.timeColumn = timeColumn; self.idColumns = idColumns; self.targetColumn = targetColumn
    }

    public func fit(_ histories: [BacktestHistory], warmStart: (any FittedBacktestModel)?) throws -> any FittedBacktestModel {
        let frame = frame(of: histories)
        let result = try Forecaster.fit(frame, options: options, progress: nil)
        return FittedNetwork(forecaster: result.forecaster, model: self)
    }

    /// A frame holding `histories` as they are (values before the origin only).
    func frame(of histories: [BacktestHistory]) -> TimeFrame {
        let ids = histories.count > 1 || !(histories.first?.key.isEmpty ?? true) ? idColumns : []
        return TimeFrame(timeColumn: timeColumn, idColumns: ids, targetColumns: [targetColumn], featureColumns: [],
                         series: histories.map { h in
                             TimeSeries(key: ids.isEmpty ? [] : h.key, timestamps: h.timestamps, columns: [h.values], interval: h.interval)
                         })
    }
}

/// A trained network. The `Forecaster` class is used by one backtest chain at a time (a global
/// model is one chain), never concurrently.
struct FittedNetwork: FittedBacktestModel, @unchecked Sendable {
    let forecaster: Forecaster
    let model: NetworkBacktestModel

    func forecast(_ history: BacktestHistory, horizon: Int, coverage: Double) throws -> ModelForecast {
        let level = min(coverage, ResidualQuantiles.maximumLevel)
        let prediction = try forecaster.predict(PredictionRequest(horizon: horizon, levels: [level], data: model.frame(of: [history])))
        guard let series = prediction.output.series.first else {
            throw BacktestError.internalInconsistency("\(model.name) returned no forecast for \(history.name)")
        }
        let interval = series.intervals.first
        return ModelForecast(point: series.values, lower: interval?.lower, upper: interval?.upper, coverage: interval.map { _ in level })
    }
}
