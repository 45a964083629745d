import Forecasting
import TimeFrames

/// Fits a small recurrent forecaster on a series' learning span (`forecast detect --fit`), so
/// detection can use a learned predictor without a separate `forecast fit`.
public enum RecurrentPredictorFit {
    /// The network and training used unless the caller sets them: one GRU layer of 16 units over
    /// a lookback of min(48, rows / 8) (at least 8), 15 epochs of at most 2,000 windows with
    /// early stopping, no calendar inputs (the span is often shorter than a season). Small on
    /// purpose: the learning span is a few hundred rows, and a fit per series must take seconds.
    public static func defaultOptions(rows: Int, horizon: Int) -> ForecasterOptions {
        var o = ForecasterOptions()
        o.cell = .gru
        o.hidden = 16
        o.layers = 1
        o.lookback = max(8, min(48, rows / 8))
        o.horizon = max(1, horizon)
        o.epochs = 15
        o.patience = 3
        o.maxWindowsPerEpoch = 2000
        o.calendarFeatures = false
        o.seed = 1
        return o
    }

    /// Fits on `values` (missing values carried forward from the previous present one; leading
    /// missing values dropped) and returns the model as a predictor.
    /// - Parameters:
    ///   - timestamps, values: the learning span, ascending.
    ///   - horizon: the detector's forecast horizon (the model is trained for at least it).
    ///   - options: network and training options; `defaultOptions` when nil.
    /// - Throws: `ForecastDataError` (span too short for the lookback), `ConfigurationError`,
    ///   `TrainingFailure`.
    public static func fit(timestamps: [EpochMilliseconds], values: [Double], horizon: Int,
                           options: ForecasterOptions? = nil) throws -> ForecasterPredictor {
        var stamps: [EpochMilliseconds] = [], filled: [Double] = []
        var last: Double?
        for (t, v) in zip(timestamps, values) {
            if !v.isNaN { last = v }
            guard let value = last else { continue }
            stamps.append(t)
            filled.append(value)
        }
        let interval: SamplingInterval
        switch SamplingInterval.infer(fromSorted: stamps) {
        case .regular(let i): interval = i
        case .irregular(let candidate, _, _): interval = candidate
        case .tooShort: interval = .fixed(milliseconds: 1)
        }
        let frame = TimeFrame(timeColumn: "time", idColumns: [], targetColumns: ["value"], featureColumns: [],
                              series: [TimeSeries(key: [], timestamps: stamps, columns: [filled], interval: interval)])
        let result = try Forecaster.fit(frame, options: options ?? defaultOptions(rows: filled.count, horizon: horizon))
        return ForecasterPredictor(forecaster: result.forecaster)
    }
}
