import Foundation
import TimeFrames

/// Which part of a line names the series it is counted in.
public enum LogSeriesKey: Sendable, Equatable, CustomStringConvertible {
    /// A numbered capture group of the `match` regex (1 is the first group).
    case captureGroup(Int)
    /// A named capture group `(?<name>…)` of the `match` regex.
    case namedGroup(String)
    /// A field of the log format (see ``LogFormat``), or a `key=value` pair in the line.
    case field(String)

    /// Reads a `--by` value: a number is a capture group, a name that is a named group of
    /// `match` is that group, anything else is a field.
    public init(parsing text: String, match: String?) {
        if let n = Int(text) {
            self = .captureGroup(n)
        } else if let match, match.contains("(?<\(text)>") {
            self = .namedGroup(text)
        } else {
            self = .field(text)
        }
    }

    /// The name used as the frame's id column: `status`, `group1`, or the group's name.
    public var columnName: String {
        switch self {
        case .captureGroup(let n): return "group\(n)"
        case .namedGroup(let name), .field(let name): return name
        }
    }

    public var description: String {
        switch self {
        case .captureGroup(let n): return "capture group \(n)"
        case .namedGroup(let name): return "capture group '\(name)'"
        case .field(let name): return "field '\(name)'"
        }
    }
}

/// How log lines become counts: the interval, which lines count, and how they split into series.
public struct LogCountOptions: Sendable {
    /// The counting interval (`--every`); a fixed step such as `1m`, `5m`, `1h`. Intervals are
    /// aligned to the epoch: `5m` intervals start at :00, :05, …
    public var every: SamplingInterval
    /// Only lines matching this regular expression are counted (`--match`); nil counts every
    /// line. Lines that do not match still mark time, so intervals without a match are zeros.
    public var match: String?
    /// Splits counts into one series per value (`--by`); nil gives one series.
    public var by: LogSeriesKey?
    /// The line format; nil detects it from the first line any format reads.
    public var format: LogFormat?
    /// The JSON key holding the time; nil tries `timestamp`, `time`, `@timestamp`, `ts`,
    /// `datetime`, `date` in that order.
    public var timeField: String?
    /// The year of RFC 3164 lines, which carry none; nil uses the current UTC year, or the one
    /// before when the first line would otherwise lie more than a week in the future. The year
    /// moves on when December is followed by January.
    public var year: Int?
    /// At most this many series with `by` (default 1000): lines with further keys are counted
    /// together under `(other)`, so memory stays bounded whatever the key's cardinality.
    public var maxSeries: Int

    public init(every: SamplingInterval = .minute, match: String? = nil, by: LogSeriesKey? = nil,
                format: LogFormat? = nil, timeField: String? = nil, year: Int? = nil, maxSeries: Int = 1000) {
        self.every = every
        self.match = match
        self.by = by
        self.format = format
        self.timeField = timeField
        self.year = year
        self.maxSeries = max(2, maxSeries)
    }
}
