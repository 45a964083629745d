/// Why a series could not be made regular. Messages name the series, the column and the
/// timestamps involved, plus the option that changes the behaviour.
public enum RegularizationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Two rows share a timestamp and `--duplicates error` is in force.
    case duplicateTimestamp(series: String, timestamp: EpochMilliseconds)
    /// More rows repeat a timestamp than `--duplicates auto` merges (``DuplicatePolicy/autoMergeLimit(rows:)``).
    case manyDuplicateTimestamps(series: String, timestamp: EpochMilliseconds, repeated: Int, rows: Int)
    /// The steps are not whole multiples of one interval.
    case irregularTimestamps(series: String, previous: EpochMilliseconds, next: EpochMilliseconds, interval: SamplingInterval)
    /// A gap would add far more rows than the series has (usually a stray timestamp).
    case gapTooLarge(series: String, previous: EpochMilliseconds, next: EpochMilliseconds, interval: SamplingInterval, rows: Int)
    /// A value column has no present value in this series, so nothing can fill it.
    case allMissing(series: String, column: String)
    /// A gap row or missing value was found and `--fill error` is in force.
    case missingValue(series: String, column: String, timestamp: EpochMilliseconds)

    public var description: String {
        func ts(_ t: EpochMilliseconds) -> String { ISO8601Text.format(t, dateOnly: t % 86_400_000 == 0) }
        switch self {
        case let .duplicateTimestamp(s, t):
            return "series \(s): several rows at \(ts(t)); expected one row per timestamp. "
                + "Choose --duplicates mean|sum|last, or name the series key with --id."
        case let .manyDuplicateTimestamps(s, t, repeated, rows):
            return "series \(s): several rows at \(ts(t)), and \(repeated) of \(rows) rows repeat an earlier row's timestamp: "
                + RegularizationError.manyDuplicatesAdvice
        case let .irregularTimestamps(s, a, b, i):
            return "series \(s): the step from \(ts(a)) to \(ts(b)) is not a whole number of the most common step (\(i)); "
                + "the timestamps are irregular. Pass --resample \(i) (with --agg) to put them on a grid."
        case let .gapTooLarge(s, a, b, i, rows):
            return "series \(s): the gap from \(ts(a)) to \(ts(b)) would need \(rows) filler rows at interval \(i); "
                + "expected a series without such a jump. Check that timestamp, or pass --resample with a coarser interval."
        case let .allMissing(s, c):
            return "series \(s): column \"\(c)\" has no values at all (every value is missing); expected at least one number."
        case let .missingValue(s, c, t):
            return "series \(s): column \"\(c)\" has no value at \(ts(t)) (a gap in the timestamps) and --fill error is set; "
                + "choose --fill interpolate|ffill|zero|drop."
        }
    }
}

extension RegularizationError {
    /// The second half of every "too many repeated timestamps" message, positional or not.
    public static let manyDuplicatesAdvice = "more than the 1 in 100 that --duplicates auto averages, "
        + "so the file probably holds several series; name the series key with --id, or choose --duplicates mean|sum|last."
}
