import Foundation
import Forecasting
import TimeFrames

/// How `forecast detect` writes what it flags.
public enum AnomalyOutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for people.
    case table
    /// One JSON object per line.
    case jsonl
    /// Comma-separated with a header line.
    case csv
    /// `key=value` pairs, one record per line (what log pipelines ingest as is).
    case logfmt
}

/// Writes anomalous points or events, one line each, in a chosen format. Fields: timestamp,
/// series, value, expected, lower, upper, score, severity, channel; events add start, end and points
/// (the timestamp, value and channel of an event are those of its peak). `channel` (last, so
/// the earlier columns keep their places) says why a point was flagged (`AnomalyChannel`):
/// `lower`/`upper` are the residual channel's band, so a point flagged by another channel may
/// lie inside them.
public struct AnomalyRecordFormatter: Sendable {
    public let format: AnomalyOutputFormat
    /// Events instead of points.
    public let events: Bool

    public init(format: AnomalyOutputFormat, events: Bool) {
        self.format = format
        self.events = events
    }

    private var fields: [String] {
        events ? ["start", "end", "series", "peak_time", "value", "expected", "lower", "upper", "score", "severity", "points", "channel"]
               : ["timestamp", "series", "value", "expected", "lower", "upper", "score", "severity", "channel"]
    }

    /// Widths of the table columns (timestamps are 19 characters).
    private var widths: [Int] { events ? [19, 19, 16, 19, 12, 12, 12, 12, 10, 8, 6, 12] : [19, 16, 12, 12, 12, 12, 10, 8, 12] }

    /// The header line, for formats that have one (table, csv).
    public var header: String? {
        switch format {
        case .table: return zip(fields, widths).map { pad($0, $1) }.joined(separator: " ")
        case .csv: return fields.joined(separator: ",")
        case .jsonl, .logfmt: return nil
        }
    }

    /// One line for a flagged point.
    public func line(point p: ScoredPoint, series: String) -> String {
        let values: [Value] = [.time(p.timestamp), .text(series), .number(p.value), .number(p.expected),
                               .number(p.lower), .number(p.upper), .number(p.score), .text(p.severity?.rawValue ?? ""),
                               .text(p.channel?.rawValue ?? "")]
        return render(values)
    }

    /// One line for an event.
    public func line(event e: AnomalyEvent, series: String) -> String {
        let p = e.peak
        let values: [Value] = [.time(e.start), .time(e.end), .text(series), .time(p.timestamp), .number(p.value),
                               .number(p.expected), .number(p.lower), .number(p.upper), .number(p.score),
                               .text(e.severity.rawValue), .integer(e.anomalousPoints), .text(p.channel?.rawValue ?? "")]
        return render(values)
    }

    private enum Value {
        case time(EpochMilliseconds), text(String), number(Double?), integer(Int)
    }

    private func render(_ values: [Value]) -> String {
        let texts: [String?] = values.map { v in
            switch v {
            case .time(let t): return ISO8601Text.format(t, dateOnly: false)
            case .text(let s): return s
            case .number(let x): return x.flatMap { $0.isNaN ? nil : Self.number($0) }
            case .integer(let i): return String(i)
            }
        }
        switch format {
        case .table:
            return zip(texts, widths).map { pad($0 ?? "-", $1) }.joined(separator: " ")
        case .csv:
            return texts.map { CSVText.field($0 ?? "") }.joined(separator: ",")
        case .logfmt:
            return zip(fields, texts).compactMap { name, text in text.map { "\(name)=\(Self.logfmtValue($0))" } }.joined(separator: " ")
        case .jsonl:
            let members = zip(zip(fields, texts), values).map { pair, value -> String in
                let (name, text) = pair
                guard let text else { return "\"\(name)\":null" }
                switch value {
                case .number, .integer: return "\"\(name)\":\(text)"
                default: return "\"\(name)\":\(JSONText.string(text))"
                }
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// Up to 6 significant digits, no exponent for ordinary magnitudes.
    static func number(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "1e308" : "-1e308" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.6g", x)
    }

    static func logfmtValue(_ s: String) -> String {
        s.isEmpty || s.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" }) ? JSONText.string(s) : s
    }
}
