import TimeFrames

/// Why windows cannot be built: the option or series involved, the value found and what was
/// expected. The CLI prints ``description`` unchanged.
public enum WindowingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A window setting out of range (`--lookback 0`, `--stride -1`, a validation share of 1…).
    case invalidOption(option: String, value: String, expected: String)
    /// A column named by the caller is not in the frame.
    case unknownColumn(name: String, available: [String])
    /// A series has fewer rows than its windows and validation need.
    case seriesTooShort(series: String, rows: Int, needed: Int, lookback: Int, horizon: Int, validationRows: Int)
    /// No series gave a single training window (every series skipped or too short).
    case noTrainingWindows(reason: String)
    /// The frame has no series, or the series have no interval to derive defaults from.
    case emptyFrame
    /// A window whose inputs do not lie inside its series.
    case windowOutOfRange(series: Int, start: Int, lookback: Int)
    /// A batch is too small for the windows asked for.
    case batchTooSmall(capacity: Int, requested: Int)
    /// A value so far from the rest of its column that, scaled, it is beyond float32's range.
    case valueOutOfRange(series: String, column: String, timestamp: EpochMilliseconds, value: Double)

    public var description: String {
        switch self {
        case let .invalidOption(option, value, expected):
            return "invalid value '\(value)' for \(option): expected \(expected)"
        case let .unknownColumn(name, available):
            return "no column named '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .seriesTooShort(series, rows, needed, lookback, horizon, validationRows):
            return "series \(series) has \(rows) rows but needs at least \(needed): lookback \(lookback) + horizon \(horizon) "
                + "for one training window, plus \(validationRows) validation rows; "
                + "use a smaller --lookback or --horizon, or drop this series"
        case let .noTrainingWindows(reason):
            return "no training windows: \(reason)"
        case .emptyFrame:
            return "the data has no series to build windows from"
        case let .windowOutOfRange(series, start, lookback):
            return "window of series \(series) starting at row \(start) (lookback \(lookback)) is not inside the series"
        case let .batchTooSmall(capacity, requested):
            return "batch holds \(capacity) windows but \(requested) were requested"
        case let .valueOutOfRange(series, column, timestamp, value):
            return "series \(series): column \"\(column)\" holds \(value) at \(ISO8601Text.format(timestamp, dateOnly: timestamp % 86_400_000 == 0)), "
                + "so far from its other values that, scaled, it is beyond float32's range (±3.4e38); "
                + "expected a value of the series' own size: fix or remove that row"
        }
    }
}
