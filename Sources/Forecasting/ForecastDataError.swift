/// A data problem found while preparing a frame for fitting or forecasting.
public enum ForecastDataError: Error, CustomStringConvertible, Equatable {
    case noSeries
    case noInterval(series: String)
    case tooShort(series: String, rows: Int, needed: Int, lookback: Int, horizon: Int)
    case missingValues(series: String, column: String, count: Int)
    case columnMismatch(expected: String, got: String)
    /// `predict`: new data with fewer rows than the model's input window.
    case tooShortToForecast(series: String, rows: Int, lookback: Int)
    /// `predict`: the network's output was NaN or infinite.
    case nonFiniteForecast(series: String)
    /// `predict`: new data on another sampling interval than the model's.
    case intervalMismatch(series: String, data: String, model: String)
    case unknownSeries(String)
    /// The forecaster models one target; the others must not be dropped without a word.
    case severalTargets([String])

    public var description: String {
        switch self {
        case .noSeries:
            return "the data holds no series to forecast"
        case let .noInterval(series):
            return "series \(series): the sampling interval could not be inferred (too few rows or irregular timestamps); resample it first"
        case let .tooShort(series, rows, needed, lookback, horizon):
            return "series \(series) has \(rows) rows; lookback \(lookback) + horizon \(horizon) with a validation part needs at "
                + "least \(needed): use a smaller --lookback or --horizon, or more data"
        case let .missingValues(series, column, count):
            return "series \(series), column '\(column)': \(count) missing values remain; read the file with --fill interpolate, ffill or zero"
        case let .columnMismatch(expected, got):
            return "the data's columns do not match the model: expected \(expected), got \(got)"
        case let .tooShortToForecast(series, rows, lookback):
            return "series \(series) has \(rows) rows; the model forecasts from the last \(lookback) rows of each series "
                + "(its lookback), so the data needs at least \(lookback) rows per series"
        case let .nonFiniteForecast(series):
            return "series \(series): the forecast is not a finite number (NaN or infinity): the values are beyond what the "
                + "model's 32-bit arithmetic holds, or the model file's weights are broken; rescale the column or fit again"
        case let .intervalMismatch(series, data, model):
            return "series \(series) is sampled every \(data), but the model was trained on data every \(model); "
                + "give data on the model's interval"
        case let .severalTargets(names):
            return "--target: a forecaster models one target column, got \(names.count) (\(names.joined(separator: ", "))); "
                + "fit one model per target, or pass the others with --features as covariates"
        case let .unknownSeries(name):
            return "series \(name) is not in the model, and it has too few rows to scale it on its own"
        }
    }
}
