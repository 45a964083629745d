import Forecasting
import TimeFrames

/// What `forecast detect --fit` fits on a series' learning span: by default a streaming GRU run
/// with its state carried forward (O(1) per row); `path = .window` fits the window model of
/// earlier versions instead (one forward pass over the lookback window per row).
public struct RecurrentFitSettings: Sendable, Equatable {
    /// Which predictor the fitted model becomes.
    public enum Path: String, Sendable, CaseIterable {
        /// A streaming model (``StreamingRecurrentPredictor``).
        case streaming
        /// A many-to-one window model with last-value normalisation (``ForecasterPredictor``).
        case window
    }

    public var path: Path = .streaming
    /// How the streaming model is trained (`path == .streaming`).
    public var streaming = StreamingConfiguration(method: .truncatedBPTT, chunk: 32)
    public var cell: ForecastCell = .gru
    public var hidden = 16
    /// Upper bound on epochs; early stopping on the validation part of the span ends most fits sooner.
    public var epochs: Int?
    public var patience: Int?
    public var learningRate: Double?
    public var seed: UInt64 = 1

    public init() {}
}

/// Fits a small recurrent forecaster on a series' learning span (`forecast detect --fit`), so
/// detection can use a learned predictor without a separate `forecast fit`.
public enum RecurrentPredictorFit {
    /// The network and training used unless the caller sets them: one GRU layer of 16 units,
    /// lookback min(48, rows / 8) (at least 8; for a streaming model, the warm-up before its first
    /// forecast and the window the validation report uses), no calendar inputs (the span is often
    /// shorter than a season). Window path: 15 epochs of at most 2,000 windows; streaming path:
    /// 40 epochs over the span (each a few dozen chunk updates). Early stopping either way. Small
    /// on purpose: the learning span is a few hundred rows, and a fit per series must take seconds.
    public static func defaultOptions(rows: Int, horizon: Int, settings: RecurrentFitSettings = RecurrentFitSettings()) -> ForecasterOptions {
        var o = ForecasterOptions()
        o.cell = settings.cell
        o.hidden = settings.hidden
        o.layers = 1
        o.lookback = max(8, min(48, rows / 8))
        o.horizon = max(1, horizon)
        switch settings.path {
        case .window:
            o.epochs = settings.epochs ?? 15
            o.patience = settings.patience ?? 3
            o.maxWindowsPerEpoch = 2000
        case .streaming:
            o.epochs = settings.epochs ?? 40
            o.patience = settings.patience ?? 5
            o.batchSize = 16
        }
        o.learningRate = settings.learningRate
        o.calendarFeatures = false
        o.seed = settings.seed
        return o
    }

    /// Fits a streaming model on `values` (missing values carried forward from the previous
    /// present one; leading missing values dropped) and returns it as a predictor.
    /// - Parameters:
    ///   - timestamps, values: the learning span, ascending.
    ///   - horizon: the detector's forecast horizon.
    ///   - options: network and training options; `defaultOptions` when nil.
    /// - Throws: `ForecastDataError` (span too short), `ConfigurationError`, `TrainingFailure`.
    public static func fit(timestamps: [EpochMilliseconds], values: [Double], horizon: Int,
                           options: ForecasterOptions? = nil) throws -> StreamingRecurrentPredictor {
        let settings = RecurrentFitSettings()
        let frame = learningFrame(timestamps: timestamps, values: values)
        let result = try Forecaster.fitStreaming(frame, options: options ?? defaultOptions(rows: frame.series[0].count, horizon: horizon),
                                                 streaming: settings.streaming)
        return try StreamingRecurrentPredictor(forecaster: result.forecaster)
    }

    /// Fits as `settings` say and returns the predictor (streaming or window).
    /// - Throws: as ``fit(timestamps:values:horizon:options:)``.
    public static func fit(timestamps: [EpochMilliseconds], values: [Double], horizon: Int,
                           settings: RecurrentFitSettings) throws -> any OneStepPredictor {
        let frame = learningFrame(timestamps: timestamps, values: values)
        let options = defaultOptions(rows: frame.series[0].count, horizon: horizon, settings: settings)
        switch settings.path {
        case .streaming:
            let result = try Forecaster.fitStreaming(frame, options: options, streaming: settings.streaming)
            return try StreamingRecurrentPredictor(forecaster: result.forecaster)
        case .window:
            return ForecasterPredictor(forecaster: try Forecaster.fit(frame, options: options).forecaster)
        }
    }

    /// The learning span as a one-series frame: missing values carried forward, leading ones dropped.
    static func learningFrame(timestamps: [EpochMilliseconds], values: [Double]) -> TimeFrame {
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
        return TimeFrame(timeColumn: "time", idColumns: [], targetColumns: ["value"], featureColumns: [],
                         series: [TimeSeries(key: [], timestamps: stamps, columns: [filled], interval: interval)])
    }
}
