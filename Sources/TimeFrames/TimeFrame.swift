/// One series: regular timestamps and the values of every target and feature column.
///
/// After ingestion, `timestamps` are sorted, unique and follow `interval` with no gaps, and the
/// value columns hold no NaN unless the frame was read with filling turned off.
public struct TimeSeries: Sendable {
    /// Values of the frame's id columns for this series, in `TimeFrame.idColumns` order; empty
    /// for a file that holds a single series per target column.
    public var key: [String]
    /// Milliseconds since the Unix epoch, ascending.
    public var timestamps: [EpochMilliseconds]
    /// One array per value column, in `TimeFrame.valueColumns` order (targets, then features),
    /// each `timestamps.count` long. NaN marks a missing value.
    public var columns: [[Double]]
    /// The inferred step between observations; nil for a series too short to tell.
    public var interval: SamplingInterval?

    public init(key: [String], timestamps: [EpochMilliseconds], columns: [[Double]], interval: SamplingInterval?) {
        self.key = key
        self.timestamps = timestamps
        self.columns = columns
        self.interval = interval
    }

    /// Number of observations.
    public var count: Int { timestamps.count }

    /// `store=1/item=7`-style name from the id columns, or `fallback` for a single series.
    public func name(idColumns: [String], fallback: String = "series") -> String {
        guard !key.isEmpty else { return fallback }
        return zip(idColumns, key).map { "\($0)=\($1)" }.joined(separator: "/")
    }
}

/// A frame of series read from one file: the unit every later stage takes.
public struct TimeFrame: Sendable {
    /// Name of the time column in the source file (kept so outputs use the user's names).
    public var timeColumn: String
    /// Columns whose combined values key a series (long format); empty for wide files.
    public var idColumns: [String]
    /// Columns to forecast.
    public var targetColumns: [String]
    /// Covariates: known inputs that are not forecast.
    public var featureColumns: [String]
    /// Every series, in order of first appearance in the file.
    public var series: [TimeSeries]

    public init(timeColumn: String, idColumns: [String], targetColumns: [String], featureColumns: [String], series: [TimeSeries]) {
        self.timeColumn = timeColumn
        self.idColumns = idColumns
        self.targetColumns = targetColumns
        self.featureColumns = featureColumns
        self.series = series
    }

    /// Targets then features: the order of `TimeSeries.columns`.
    public var valueColumns: [String] { targetColumns + featureColumns }
}
