/// How missing values (in the file, or at inserted gap rows) are filled.
public enum FillPolicy: String, Sendable, Codable, CaseIterable {
    /// Linear in time between the nearest present values; the ends take the nearest present value.
    case interpolate
    /// The last present value; leading missing values take the first present value.
    case ffill
    /// Zero.
    case zero
    /// Rows with a missing value are removed and gaps are not filled in (the series keeps holes).
    case drop
    /// Any missing value or gap is an error.
    case error
}

/// What to do with several rows of one series at the same timestamp.
public enum DuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// The default: `mean` when few rows repeat a timestamp (at most ``autoMergeLimit(rows:)``,
    /// a logging glitch such as a retried sample), with a warning; more is an error, since it
    /// usually means the file holds several series and their key column was not recognised.
    case auto
    case mean, sum, last, error

    /// The most rows of a series, out of `rows`, that `auto` merges: 1 in 100.
    public static func autoMergeLimit(rows: Int) -> Int { rows / 100 }
}

/// How the values falling into one resampling bucket are combined. Missing values are skipped;
/// a bucket with no present value is missing.
public enum Aggregation: String, Sendable, Codable, CaseIterable {
    case mean, sum, last, min, max
}

/// What to do when a series' timestamps do not follow one interval even after gaps are allowed.
public enum IrregularPolicy: String, Sendable, Codable {
    /// The default: put the series on a grid of its most common step, as `resample` with that
    /// step and the options' `aggregation` would, and add a warning that says so.
    case resample
    /// Throw ``RegularizationError/irregularTimestamps(series:previous:next:interval:)``.
    case error
    /// Keep the timestamps as they are, leave `interval` nil and add a warning (used by `inspect`).
    case keep
}

/// Everything that turns raw (timestamp, values) rows of one series into a regular series.
public struct RegularizationOptions: Sendable {
    public var fill: FillPolicy
    public var duplicates: DuplicatePolicy
    /// When set, rows are bucketed to this interval and combined with `aggregation`.
    public var resample: SamplingInterval?
    public var aggregation: Aggregation
    public var irregular: IrregularPolicy
    /// Gap rows may at most add this many rows per present row; beyond it a gap is treated as
    /// an error, since it usually means a wrong interval (a daily series with one row in 1970).
    public var maxGapExpansion: Int
    /// In a business-day series read as it is (no `resample`), a run of at most this many missing
    /// weekdays is a market closure (a holiday, or the four days after 11 September 2001): the
    /// series goes from one trading day to the next, and no row is invented. Longer runs are gaps,
    /// inserted and filled. 0 treats every missing weekday as a gap; `resample: .businessDays`
    /// puts the series on every weekday and fills them all.
    public var maxClosedWeekdays: Int

    public init(fill: FillPolicy = .interpolate, duplicates: DuplicatePolicy = .auto,
                resample: SamplingInterval? = nil, aggregation: Aggregation = .mean,
                irregular: IrregularPolicy = .resample, maxGapExpansion: Int = 100, maxClosedWeekdays: Int = 4) {
        self.fill = fill; self.duplicates = duplicates; self.resample = resample
        self.aggregation = aggregation; self.irregular = irregular; self.maxGapExpansion = maxGapExpansion
        self.maxClosedWeekdays = maxClosedWeekdays
    }
}
