/// The log line formats whose timestamps LogIngest reads.
///
/// Auto-detection tries them in the order of `allCases` (most specific first) on the first line
/// that any of them reads, and keeps that format for the whole file or stream.
public enum LogFormat: String, CaseIterable, Sendable, CustomStringConvertible {
    /// One JSON object per line with a time field (`timestamp`, `time`, `@timestamp`, `ts`,
    /// `datetime`, `date`, or the one named by `LogCountOptions.timeField`): ISO 8601 text or
    /// epoch seconds / milliseconds. Fields: every top-level key with a scalar value.
    case jsonLines = "json"
    /// RFC 5424 syslog: `<165>1 2003-10-11T22:14:15.003Z host app procid msgid [sd] msg`.
    /// Fields: `priority`, `facility`, `severity`, `host`, `app`, `procid`, `msgid`.
    case rfc5424
    /// Apache/nginx common and combined formats:
    /// `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.0" 200 2326 "ref" "agent"`.
    /// Fields: `host`, `ident`, `user`, `method`, `path`, `protocol`, `status`, `status_class`
    /// (`2xx`…`5xx`), `bytes`, `referer`, `agent`.
    case accessLog = "access"
    /// BSD syslog, RFC 3164: `<34>Oct 11 22:14:15 host app[123]: msg` (the `<PRI>` is optional,
    /// as in /var/log/syslog). The year is not in the line: see `LogCountOptions.year`.
    /// Fields: `priority`, `facility`, `severity` (when `<PRI>` is present), `host`, `app`, `pid`.
    case rfc3164
    /// A line that starts with an ISO 8601 / RFC 3339 timestamp, optionally in brackets:
    /// `2024-03-01T12:00:00.123Z ERROR …`, `[2024-03-01 12:00:00,123] WARN …`.
    /// Fields: `level` (the word after the timestamp when it is a log level).
    case iso8601

    public var description: String { rawValue }

    /// Words for people, used in reports and errors.
    public var humanDescription: String {
        switch self {
        case .jsonLines: return "JSON lines"
        case .rfc5424: return "RFC 5424 syslog"
        case .accessLog: return "Apache/nginx access log"
        case .rfc3164: return "RFC 3164 (BSD) syslog"
        case .iso8601: return "ISO 8601 timestamped lines"
        }
    }

    /// Reads `json`, `rfc5424`, `access` (also `common`, `combined`, `nginx`, `apache`),
    /// `rfc3164` (also `syslog`, `bsd`), `iso8601` (also `iso`).
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "json", "jsonl", "json-lines", "ndjson": self = .jsonLines
        case "rfc5424", "syslog5424": self = .rfc5424
        case "access", "common", "combined", "nginx", "apache", "clf": self = .accessLog
        case "rfc3164", "syslog", "bsd": self = .rfc3164
        case "iso8601", "iso": self = .iso8601
        default: return nil
        }
    }
}
