import Forecasting
import TimeFrames

/// The recurrent forecaster of a model file (`forecast fit`) as a one-step predictor: each
/// forecast runs the network over the last `lookback` rows (the model's window), scaled as in
/// training. Works for models without covariates; a forecast that cannot be made (missing values
/// in the window, a model with feature columns) is nil, so that row is not scored.
///
/// Cost per row: one forward pass over the window (O(lookback)), not the O(1) single-step state
/// carry `RecurrentLayers` offers; memory: 2 × lookback rows.
public struct ForecasterPredictor: OneStepPredictor {
    public let forecaster: Forecaster
    private let key: [String]
    private var timestamps: [EpochMilliseconds] = []
    private var values: [Double] = []

    /// - Parameters:
    ///   - forecaster: a loaded model.
    ///   - key: the series' id values (empty for a single-series model).
    public init(forecaster: Forecaster, key: [String] = []) {
        self.forecaster = forecaster
        self.key = key
    }

    public var name: String { "recurrent(\(forecaster.configuration.network.lookback))" }

    public func forecast(steps: Int) -> OneStepForecast? {
        let lookback = forecaster.configuration.network.lookback
        guard values.count >= lookback, forecaster.metadata.columns.features.isEmpty else { return nil }
        let window = Array(values.suffix(lookback))
        guard !window.contains(where: \.isNaN) else { return nil }
        let columns = forecaster.metadata.columns
        let frame = TimeFrame(timeColumn: columns.time, idColumns: columns.ids, targetColumns: [columns.target], featureColumns: [],
                              series: [TimeSeries(key: key, timestamps: Array(timestamps.suffix(lookback)), columns: [window],
                                                  interval: forecaster.metadata.calendar.interval)])
        guard let prediction = try? forecaster.predict(PredictionRequest(horizon: steps, levels: [0.8], data: frame)),
              let series = prediction.output.series.first, series.values.count >= steps else { return nil }
        return OneStepForecast(expected: series.values[steps - 1])
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
