import Forecasting
import TimeFrames
import Windowing

/// The recurrent forecaster of a model file (`forecast fit`, or one fitted on the learning span
/// by `RecurrentPredictorFit`) as a one-step predictor: each forecast runs the network over the
/// last `lookback` rows, scaled as in training (`Forecaster.forecasts(timestamps:columns:scalers:origins:)`).
/// Works for models without covariates; a forecast that cannot be made (a missing value in the
/// window, a model with feature columns, a horizon beyond the trained one) is nil, so that row is
/// not scored.
///
/// Cost per row: one forward pass of batch 1 over the window, O(lookback · hidden²). This is the
/// path for window models: they normalise every window by its own last value (or mean), so the
/// hidden state of one window is not the state of the next, and carrying it forward one step at
/// a time would compute a different model than the one trained. A streaming model
/// (`forecast fit --streaming`) runs as ``StreamingRecurrentPredictor`` instead, O(1) per row;
/// ``RecurrentPredictors/make(forecaster:key:training:)`` picks. Memory: 2 × lookback rows.
public struct ForecasterPredictor: OneStepPredictor {
    public let forecaster: Forecaster
    private let scalers: SeriesScalers
    private var timestamps: [EpochMilliseconds] = []
    private var values: [Double] = []

    /// - Parameters:
    ///   - forecaster: a loaded or freshly fitted model.
    ///   - key: the series' id values (empty for a single-series model).
    ///   - training: values to fit a standard scaler on when the model has not seen this series
    ///     (ignored when it has: the model's own scaler is used).
    public init(forecaster: Forecaster, key: [String] = [], training: [Double] = []) {
        self.forecaster = forecaster
        scalers = RecurrentPredictors.scalers(of: forecaster, key: key, training: training)
    }

    public var name: String {
        let net = forecaster.configuration.network
        return "\(net.cell.rawValue)(\(net.hidden)x\(net.layers), lookback \(net.lookback))"
    }

    public func forecast(steps: Int) -> OneStepForecast? {
        let net = forecaster.configuration.network
        guard values.count >= net.lookback, steps <= net.horizon, forecaster.metadata.columns.features.isEmpty else { return nil }
        let window = Array(values.suffix(net.lookback))
        guard !window.contains(where: \.isNaN) else { return nil }
        guard let result = try? forecaster.forecasts(timestamps: Array(timestamps.suffix(net.lookback)), columns: [window],
                                                     scalers: scalers, origins: [net.lookback]),
              let path = result.first, path.count >= steps, path[steps - 1].isFinite else { return nil }
        return OneStepForecast(expected: path[steps - 1])
    }

    public mutating func observe(_ value: Double) { observe(value, at: (timestamps.last ?? 0) + 1) }

    public mutating func observe(_ value: Double, at timestamp: EpochMilliseconds) {
        timestamps.append(timestamp)
        values.append(value)
        let lookback = forecaster.configuration.network.lookback
        if values.count > 2 * lookback {
            timestamps.removeFirst(values.count - lookback)
            values.removeFirst(values.count - lookback)
        }
    }
}
