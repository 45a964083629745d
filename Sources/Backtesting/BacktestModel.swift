import Baselines
import TimeFrames

/// What a model may see when it is fitted or asked for a forecast: one series' target values
/// strictly before a forecast origin, and the timestamps of the steps to forecast.
///
/// The engine builds these by slicing, so nothing at or after the origin can leak into a fit.
public struct BacktestHistory: Sendable {
    /// Display name of the series (`store=3` or the target column's name).
    public var name: String
    /// The series' id-column values (empty for a single series).
    public var key: [String]
    /// Timestamps of `values`, ascending.
    public var timestamps: [EpochMilliseconds]
    /// Target values before the origin, oldest first; NaN marks a missing value.
    public var values: [Double]
    /// Sampling interval of the series, if known.
    public var interval: SamplingInterval?
    /// Season length used by seasonal baselines and the MASE scale (1 = none).
    public var season: Int
    /// Timestamps of the `horizon` steps after the origin (calendar only, never values).
    public var futureTimestamps: [EpochMilliseconds]

    public init(name: String, key: [String] = [], timestamps: [EpochMilliseconds], values: [Double],
                interval: SamplingInterval?, season: Int, futureTimestamps: [EpochMilliseconds]) {
        self.name = name; self.key = key; self.timestamps = timestamps; self.values = values
        self.interval = interval; self.season = season; self.futureTimestamps = futureTimestamps
    }
}

/// One model's forecast for one series from one origin: the same shape as a baseline's (every
/// array `horizon` long, optional central interval of nominal `coverage`), so both are one type.
public typealias ModelForecast = BaselineForecast

/// A forecaster the backtest engine can evaluate: baselines and the recurrent network plug in
/// the same way.
///
/// The engine calls ``fit(_:warmStart:)`` at every retraining origin with the histories before that
/// origin, then asks the fitted model for a forecast from each origin until the next retraining,
/// handing it the (longer) history before that later origin. A global model is fitted once on
/// every series; a local one (``isGlobal`` false) is fitted on one series at a time.
public protocol BacktestModel: Sendable {
    /// Display name, unique within a backtest.
    var name: String { get }
    /// Whether one fit covers every series (a global network) or each series is fitted alone.
    var isGlobal: Bool { get }
    /// Fits on `histories` (one element for a local model). `warmStart` is this model's previous
    /// fit in the same backtest, to continue from (weights carried forward).
    /// - Throws: any error with a description; the engine records it for this fold and model.
    func fit(_ histories: [BacktestHistory], warmStart: (any FittedBacktestModel)?) throws -> any FittedBacktestModel
}

/// A fitted model: forecasts `horizon` steps after the end of a history.
public protocol FittedBacktestModel: Sendable {
    /// - Parameters:
    ///   - history: values before the origin (possibly longer than the fitting history).
    ///   - coverage: nominal coverage of the interval to return, in (0, 1).
    func forecast(_ history: BacktestHistory, horizon: Int, coverage: Double) throws -> ModelForecast
    /// Whether this fit started from the previous fit's parameters (weights, or an optimiser's
    /// starting point) rather than from scratch.
    var warmStarted: Bool { get }
    /// How training went, for models trained by epochs (the network); nil for the others.
    var training: FitTraining? { get }
}

extension FittedBacktestModel {
    public var warmStarted: Bool { false }
    public var training: FitTraining? { nil }
}

/// How an epoch-trained fit went: epochs run, the epoch whose weights were kept (0 = the starting
/// weights: the warm start, or the untrained network), and why training stopped.
public struct FitTraining: Sendable, Codable, Equatable {
    public var epochs: Int
    public var bestEpoch: Int
    /// `completed`, `early-stopped` or `interrupted`.
    public var stopReason: String

    public init(epochs: Int, bestEpoch: Int, stopReason: String) {
        self.epochs = epochs; self.bestEpoch = bestEpoch; self.stopReason = stopReason
    }
}
