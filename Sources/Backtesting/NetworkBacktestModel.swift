import Forecasting
import TimeFrames

/// The recurrent forecaster of `Forecasting` as a global ``BacktestModel``: one network is trained
/// on every series' history before the origin, exactly as `forecast fit` would train it on that
/// data (same defaults, chosen from the data it is given), then asked for forecasts from each
/// origin with `Forecaster.predict`.
///
/// Warm start: a refit after the first starts training from the previous fit's weights
/// (`Forecaster.fit(_:resolved:progress:warmStart:)`), with the network's shape pinned to the
/// first fit's so the weights carry over. Scalers, the validation split and the residual
/// quantiles are refitted on the data before each origin only. Only the target column is used
/// (univariate), so no covariate values from after the origin can reach the network.
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
        guard let previous = (warmStart as? FittedNetwork)?.forecaster else {
            return FittedNetwork(forecaster: try Forecaster.fit(frame, options: options, progress: nil).forecaster, model: self)
        }
        // Pin the network's shape to the previous fit's (the defaults are chosen from the data, and
        // a longer history could pick a bigger network), so its weights fit this one.
        let resolved = try pinned(to: previous.configuration.network).resolve(for: frame)
        guard resolved.configuration.network == previous.configuration.network else {
            return FittedNetwork(forecaster: try Forecaster.fit(frame, resolved: resolved, progress: nil).forecaster, model: self)
        }
        let result = try Forecaster.fit(frame, resolved: resolved, progress: nil, warmStart: previous)
        return FittedNetwork(forecaster: result.forecaster, model: self, warmStarted: true)
    }

    /// These options with every network-shaping choice taken from `network`.
    func pinned(to network: NetworkConfiguration) -> ForecasterOptions {
        var o = options
        o.architecture = network.architecture; o.cell = network.cell; o.hidden = network.hidden
        o.layers = network.layers; o.bidirectional = network.bidirectional; o.dropout = network.dropout
        o.lookback = network.lookback; o.horizon = network.horizon; o.stride = network.stride
        o.windowNormalisation = network.windowNormalisation; o.linearSkip = network.linearSkip
        // Calendar features are chosen from the interval, which does not change between folds.
        if network.calendarFeatures.isEmpty { o.calendarFeatures = false }
        return o
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
    var warmStarted = false

    var training: FitTraining? {
        let t = forecaster.metadata.training
        return FitTraining(epochs: t.epochs.count, bestEpoch: t.bestEpoch, stopReason: t.stopReason)
    }

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
