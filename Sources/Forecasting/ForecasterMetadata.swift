import TimeFrames
import Windowing

/// Everything a model file holds besides the weights, one JSON value per metadata key.
///
/// Keys (see docs/model-format.md): `forecast.config`, `forecast.columns`, `forecast.calendar`,
/// `forecast.scalers`, `forecast.training`, `forecast.residual_quantiles`, `forecast.history`,
/// plus the container's own format keys.
public struct ForecasterMetadata: Codable, Sendable {
    /// Version of this metadata layout; a reader refuses versions it does not know.
    public static let currentVersion = 1
    /// The version written for streaming models (``NetworkConfiguration/streaming``): an older
    /// build, which would ignore the `streaming` key and run the model without its per-step
    /// residual, refuses the file instead of forecasting wrongly. Window models stay version 1,
    /// byte for byte as before.
    public static let streamingVersion = 2

    public var version: Int = ForecasterMetadata.currentVersion
    public var configuration: ForecasterConfiguration
    public var columns: ModelColumns
    public var calendar: ModelCalendar
    /// Per series, in `history` order: the scalers of the target and each feature, fitted on the
    /// series' training rows.
    public var scalers: [SeriesScalers]
    public var training: TrainingSummary
    public var residualQuantiles: ResidualQuantiles
    /// The last `lookback` rows of each series, in original units, so `predict` needs no data.
    public var history: [SeriesHistory]
}

/// The training file's column names, so outputs and `--data` use the same ones.
public struct ModelColumns: Codable, Sendable, Equatable {
    public var time: String
    public var ids: [String]
    public var target: String
    /// Covariates given with `--features`, in input order.
    public var features: [String]
}

/// The series' calendar: the step between rows and how to print timestamps.
public struct ModelCalendar: Codable, Sendable, Equatable {
    public var interval: SamplingInterval
    /// Timestamps print as dates (every row at midnight).
    public var dateOnly: Bool
    /// The seasonal period used by the seasonal-naive comparison and for the default lookback.
    public var seasonalPeriod: Int
}

/// The tail of one series, kept in the model file.
public struct SeriesHistory: Codable, Sendable, Equatable {
    public var key: [String]
    public var timestamps: [EpochMilliseconds]
    /// `columns[c][t]`: the target then each feature, in original units.
    public var columns: [[Double]]
}

/// What training did, for `inspect` and for people reading the model file.
public struct TrainingSummary: Codable, Sendable, Equatable {
    public var epochs: [EpochRecord]
    public var bestEpoch: Int
    public var bestValidationLoss: Double
    /// `completed`, `early-stopped`, `interrupted`.
    public var stopReason: String
    /// Times a NaN/Inf was caught and training resumed from the best weights at half the rate.
    public var divergences: Int
    public var trainingWindows: Int
    public var validationWindows: Int
    public var parameterCount: Int
    public var seconds: Double
    /// Validation scores of the model and of the baselines, on the same windows.
    public var validation: [MethodScores]
    /// Why each default was chosen, as printed by `fit`.
    public var choices: [String]
}

/// MAE, RMSE and MASE of one method over the validation windows, in the target's units.
public struct MethodScores: Codable, Sendable, Equatable {
    public var method: String
    public var mae: Double
    public var rmse: Double
    public var mase: Double
}
