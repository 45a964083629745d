import Forecasting
import TimeFrames
import Windowing

/// A streaming model (`forecast fit --streaming`, or `detect --fit`) as a one-step predictor with
/// its recurrent state carried forward: per row one `RecurrentStack.step`, the head and the
/// scaler (``ForecasterStream``), O(layers · hidden²) in time and a fixed state in memory,
/// however long the stream. No allocation per row.
///
/// Forecasts are nil for the first `lookback` rows (the state is still warming up from zero; the
/// window path waits as long), so those rows are not scored.
///
/// Missing values: the stream feeds its own expected value for the row (see ``ForecasterStream``),
/// keeping the state aligned in time. A flagged value is fed as observed, as by the other
/// predictors: feeding the expected value instead would keep the state at the old level after a
/// level shift, and every later row would be flagged.
public struct StreamingRecurrentPredictor: OneStepPredictor {
    private var stream: ForecasterStream
    /// Rows before the first forecast.
    public let warmUp: Int

    /// - Parameters:
    ///   - forecaster: a streaming model (``Forecaster/streamingIncapability`` nil).
    ///   - key: the series' id values (empty for a single-series model).
    ///   - training: values to fit a standard scaler on when the model has not seen this series.
    /// - Throws: `ForecasterStreamError.notStreaming` for a window model.
    public init(forecaster: Forecaster, key: [String] = [], training: [Double] = []) throws {
        let scalers = RecurrentPredictors.scalers(of: forecaster, key: key, training: training)
        stream = try ForecasterStream(forecaster: forecaster, scaler: scalers.target)
        warmUp = forecaster.configuration.network.lookback
    }

    public var name: String {
        let net = stream.forecaster.configuration.network
        return "\(net.cell.rawValue)(\(net.hidden)x\(net.layers), streaming)"
    }

    /// The stream (for tests and inspection: state size, steps run).
    public var state: ForecasterStream { stream }

    public func forecast(steps: Int) -> OneStepForecast? {
        guard stream.observedRows >= warmUp, let y = stream.expected(steps: steps), y.isFinite else { return nil }
        return OneStepForecast(expected: y)
    }

    public mutating func observe(_ value: Double) {
        observe(value, at: stream.lastTimestamp.map { stream.forecaster.metadata.calendar.interval.advance($0, by: 1) } ?? 0)
    }

    public mutating func observe(_ value: Double, at timestamp: EpochMilliseconds) {
        // Value semantics for the detector's copies: a shared stream is copied before it moves.
        if !isKnownUniquelyReferenced(&stream), let copy = try? stream.copy() { stream = copy }
        stream.observe(value, at: timestamp)
    }
}

/// Builds the predictor a recurrent model runs as in `forecast detect`.
public enum RecurrentPredictors {
    /// The model's scalers for series `key`, or, for a series it has not seen, a standard scaler
    /// fitted on `training` (missing values left out).
    public static func scalers(of forecaster: Forecaster, key: [String], training: [Double]) -> SeriesScalers {
        let meta = forecaster.metadata
        if let index = meta.history.firstIndex(where: { $0.key == key }) ?? (meta.history.count == 1 && key.isEmpty ? 0 : nil),
           index < meta.scalers.count {
            return meta.scalers[index]
        }
        return SeriesScalers(target: ColumnScaler.fit(training.filter { !$0.isNaN }, method: .standard), features: [])
    }

    /// The streaming predictor for a streaming model, else the window predictor
    /// (``ForecasterPredictor``: one forward pass over the last `lookback` rows per row).
    /// - Returns: the predictor and, for the window path, why the model is not streamed.
    public static func make(forecaster: Forecaster, key: [String] = [], training: [Double] = [])
        -> (predictor: any OneStepPredictor, windowPathReason: String?) {
        if forecaster.streamingIncapability == nil,
           let streaming = try? StreamingRecurrentPredictor(forecaster: forecaster, key: key, training: training) {
            return (streaming, nil)
        }
        return (ForecasterPredictor(forecaster: forecaster, key: key, training: training),
                forecaster.streamingIncapability ?? "its state could not be allocated")
    }
}
