import TimeFrames

/// The built-in sample data sets.
public enum SampleKind: String, CaseIterable, Sendable {
    /// Daily OHLCV prices of one stock on weekdays: a geometric random walk with GARCH(1,1)
    /// volatility clusters; volume rises with the size of the move.
    case stock
    /// Hourly weather: temperature, humidity, pressure, wind speed, with daily and yearly cycles
    /// and a shared slow "weather system" that ties them together.
    case weather
    /// Daily unit sales in long format (date, store, item): weekly and yearly seasonality,
    /// promotions, holidays (closed on Jan 1 and Dec 25), and a few stock-outs as zeros.
    case sales
    /// A per-minute service metric with a daily cycle and injected, labelled anomalies: spikes,
    /// a level shift, drop-outs to zero.
    case metrics
    /// An nginx combined-format access log over a day, with an incident: a burst of 5xx errors
    /// and an outage where no request is logged.
    case log

    /// What `--length` counts for this kind, and its default.
    public var lengthUnit: (name: String, defaultLength: Int) {
        switch self {
        case .stock: return ("trading days", 500)
        case .weather: return ("hours", 24 * 60)
        case .sales: return ("days", 365)
        case .metrics: return ("minutes", 3 * 1440)
        case .log: return ("minutes", 1440)
        }
    }

    /// The default first day.
    public var defaultStart: CivilDateTime {
        switch self {
        case .stock: return CivilDateTime(year: 2022, month: 1, day: 3)
        case .weather: return CivilDateTime(year: 2024, month: 1, day: 1)
        case .sales: return CivilDateTime(year: 2023, month: 1, day: 1)
        case .metrics, .log: return CivilDateTime(year: 2024, month: 3, day: 4)
        }
    }
}

/// The line format of the `log` sample.
public enum SampleLogFormat: String, CaseIterable, Sendable {
    /// nginx combined access log lines.
    case nginx
    /// RFC 3164 syslog lines of the application behind it, with `<PRI>`: errors at user.err.
    case syslog
}

/// Knobs of the generators. Everything has a default; the same options and seed give the
/// same bytes on every machine.
public struct SampleOptions: Sendable {
    public var seed: UInt64
    /// Rows (stock, weather, metrics), days (sales) or minutes (log); nil for the kind's default.
    public var length: Int?
    /// First timestamp (its date only, for daily kinds); nil for the kind's default.
    public var start: CivilDateTime?
    /// Sales: number of stores and items (every pair is a series).
    public var stores: Int
    public var items: Int
    /// Log: mean requests per minute over the day (the daily cycle swings around it).
    public var requestsPerMinute: Double
    /// Log: nginx access log or syslog lines.
    public var logFormat: SampleLogFormat

    public init(seed: UInt64 = 42, length: Int? = nil, start: CivilDateTime? = nil, stores: Int = 3, items: Int = 4,
                requestsPerMinute: Double = 8, logFormat: SampleLogFormat = .nginx) {
        self.logFormat = logFormat
        self.seed = seed
        self.length = length
        self.start = start
        self.stores = stores
        self.items = items
        self.requestsPerMinute = requestsPerMinute
    }
}

/// Why a sample could not be made.
public enum SampleDataError: Error, CustomStringConvertible, Equatable {
    /// `--length` out of range for the kind.
    case invalidLength(kind: SampleKind, value: Int, expected: String)
    /// Another option out of range.
    case invalidOption(name: String, value: String, expected: String)
    /// The output file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidLength(let kind, let value, let expected):
            return "--length \(value): for '\(kind.rawValue)' expected \(expected)"
        case .invalidOption(let name, let value, let expected):
            return "--\(name) \(value): expected \(expected)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the sample: \(reason)"
        }
    }
}
