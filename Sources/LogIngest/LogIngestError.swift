/// Why log lines could not be turned into counts. Each case names the source (file path or `-`
/// for stdin), and the line or option involved.
public enum LogIngestError: Error, CustomStringConvertible, Equatable {
    /// The source could not be opened or read.
    case cannotRead(source: String, reason: String)
    /// The source holds no non-blank line.
    case empty(source: String)
    /// No line could be read: `line` is the first non-blank line and `text` its beginning.
    /// `format` is the format that was asked for, or nil when detection found none.
    case noParsableLines(source: String, line: Int, text: String, format: LogFormat?)
    /// `--by` split was asked for but no line matched (or had the field), so there is no series.
    case noSeries(source: String, by: LogSeriesKey, match: String?)
    /// `--every` is not a fixed step (months and business days have no fixed length).
    case invalidInterval(String)
    /// `--match` is not a valid regular expression.
    case invalidRegex(pattern: String, reason: String)
    /// `--by` names a capture group the regex does not have, or needs `--match` to have one.
    case invalidCaptureGroup(LogSeriesKey, pattern: String?, groupCount: Int)

    public var description: String {
        switch self {
        case .cannotRead(let source, let reason):
            return "\(source): cannot read the log: \(reason)"
        case .empty(let source):
            return "\(source): the log is empty (no non-blank line)"
        case .noParsableLines(let source, let line, let text, let format):
            let formats = format.map { "as \($0.humanDescription)" }
                ?? "in any known format (\(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
            return "\(source):\(line): no line could be read \(formats); the first is: \(text)"
                + " (expected a timestamp such as 2024-03-01T12:00:00Z, [10/Oct/2000:13:55:36 -0700] or Oct 11 22:14:15;"
                + " use --log-format to choose a format, --time-field for JSON)"
        case .noSeries(let source, let by, let match):
            let matched = match.map { " matching '\($0)'" } ?? ""
            return "\(source): no line\(matched) had a value for --by \(by), so there is no series to count"
        case .invalidInterval(let text):
            return "--every '\(text)': expected a fixed step such as 30s, 1m, 5m, 1h or 1d"
        case .invalidRegex(let pattern, let reason):
            return "--match '\(pattern)': not a valid regular expression: \(reason)"
        case .invalidCaptureGroup(let key, let pattern, let groupCount):
            guard let pattern else { return "--by \(key) needs --match with a capture group" }
            return "--by \(key): the regex '\(pattern)' has \(groupCount) capture group(s)"
        }
    }
}
