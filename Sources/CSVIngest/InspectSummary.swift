import Foundation
import TimeFrames

/// What `forecast inspect` shows for a CSV file: per series its rows, span, interval, missing and
/// filled counts, and per column min/mean/max with a sparkline. Encodes to JSON for machines.
public struct InspectSummary: Codable, Sendable {
    public struct ColumnSummary: Codable, Sendable {
        public var name: String
        /// `target` or `feature`.
        public var role: String
        public var missing: Int
        public var filled: Int
        public var min: Double?
        public var mean: Double?
        public var max: Double?
        public var sparkline: String
    }

    public struct SeriesSummary: Codable, Sendable {
        public var name: String
        public var rows: Int
        public var rowsRead: Int
        public var start: String?
        public var end: String?
        /// `1h`, `1d`, `1b`, `1mo`…; nil when irregular or too short.
        public var interval: String?
        public var intervalDescription: String
        public var gapRowsInserted: Int
        /// Business days: weekdays without a row, taken as market closures and not filled.
        public var closedWeekdaysSkipped: Int
        public var duplicateRowsMerged: Int
        public var rowsDropped: Int
        /// Rows without any value at the start or end, dropped rather than extrapolated.
        public var emptyEdgeRowsDropped: Int
        public var wasUnsorted: Bool
        public var columns: [ColumnSummary]
    }

    public var file: String
    public var bytes: Int
    public var rowsRead: Int
    public var delimiter: String
    public var timeColumn: String
    public var timestampForm: String
    public var idColumns: [String]
    public var series: [SeriesSummary]
    public var warnings: [String]
    public var notes: [String]

    /// Summarises an ingest result; `sparklineWidth` characters per sparkline.
    public init(_ result: IngestResult, sparklineWidth: Int = 40) {
        let frame = result.frame
        file = result.report.source
        bytes = result.report.bytesRead
        rowsRead = result.report.rowsRead
        delimiter = result.layout.delimiter
        timeColumn = frame.timeColumn
        timestampForm = result.layout.timestampForm
        idColumns = frame.idColumns
        warnings = result.report.warnings
        notes = result.report.notes
        series = zip(frame.series, result.report.series).map { s, r in
            let dateOnly = s.timestamps.allSatisfy { $0 % 86_400_000 == 0 }
            let columns = frame.valueColumns.enumerated().map { c, name -> ColumnSummary in
                let values = s.columns[c]
                var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, n = 0
                for v in values where !v.isNaN { lo = Swift.min(lo, v); hi = Swift.max(hi, v); sum += v; n += 1 }
                return ColumnSummary(name: name, role: c < frame.targetColumns.count ? "target" : "feature",
                                     missing: r.missing[c], filled: r.filled[c],
                                     min: n > 0 ? lo : nil, mean: n > 0 ? sum / Double(n) : nil, max: n > 0 ? hi : nil,
                                     sparkline: Sparkline.render(values, width: sparklineWidth))
            }
            return SeriesSummary(name: r.name, rows: s.count, rowsRead: r.rowsRead,
                                 start: s.timestamps.first.map { ISO8601Text.format($0, dateOnly: dateOnly) },
                                 end: s.timestamps.last.map { ISO8601Text.format($0, dateOnly: dateOnly) },
                                 interval: s.interval?.description,
                                 intervalDescription: s.interval?.humanDescription ?? (s.count < 2 ? "too short to tell" : "irregular"),
                                 gapRowsInserted: r.gapRowsInserted, closedWeekdaysSkipped: r.closedWeekdaysSkipped,
                                 duplicateRowsMerged: r.duplicateRowsMerged,
                                 rowsDropped: r.rowsDropped, emptyEdgeRowsDropped: r.emptyEdgeRowsDropped,
                                 wasUnsorted: r.wasUnsorted, columns: columns)
        }
    }

    /// Pretty-printed JSON with sorted keys (stable for golden files).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The text report for people.
    public func text(maxSeries: Int = 20) -> String {
        var out = "\(file): \(rowsRead) rows, \(series.count) series, delimiter \(delimiter == "tab" ? "tab" : "'\(delimiter)'"), "
            + "time column \"\(timeColumn)\" (\(timestampForm))"
        if !idColumns.isEmpty { out += ", series key \(idColumns.map { "\"\($0)\"" }.joined(separator: ", "))" }
        out += "\n"
        for n in notes { out += "  · \(n)\n" }
        for s in series.prefix(maxSeries) {
            out += "\n\(s.name)\n"
            out += "  rows      \(s.rows)" + (s.rows != s.rowsRead ? " (\(s.rowsRead) read)" : "") + "\n"
            out += "  span      \(s.start ?? "-") … \(s.end ?? "-")\n"
            out += "  interval  \(s.interval.map { "\($0) (\(s.intervalDescription))" } ?? s.intervalDescription)\n"
            if s.closedWeekdaysSkipped > 0 {
                out += "  closed    \(s.closedWeekdaysSkipped) weekdays without a row (holidays): skipped as non-trading days, "
                    + "not filled (--resample 1b fills them)\n"
            }
            var fixes: [String] = []
            if s.gapRowsInserted > 0 { fixes.append("\(s.gapRowsInserted) gap rows inserted") }
            if s.duplicateRowsMerged > 0 { fixes.append("\(s.duplicateRowsMerged) duplicate rows merged") }
            if s.rowsDropped > 0 { fixes.append("\(s.rowsDropped) rows dropped") }
            if s.emptyEdgeRowsDropped > 0 { fixes.append("\(s.emptyEdgeRowsDropped) rows without any value at the start or end dropped") }
            if s.wasUnsorted { fixes.append("sorted by time") }
            if !fixes.isEmpty { out += "  fixed     \(fixes.joined(separator: ", "))\n" }
            let nameWidth = max(6, s.columns.map(\.name.count).max() ?? 0)
            out += "  " + pad("column", nameWidth) + "  " + ["missing", "filled", "min", "mean", "max"].map { lpad($0, 10) }.joined()
                + "  trend\n"
            for c in s.columns {
                out += "  " + pad(c.name, nameWidth) + "  " + lpad("\(c.missing)", 10) + lpad("\(c.filled)", 10)
                    + [c.min, c.mean, c.max].map { lpad($0.map(InspectSummary.number) ?? "-", 10) }.joined()
                    + "  " + c.sparkline + "\n"
            }
        }
        if series.count > maxSeries { out += "\n… and \(series.count - maxSeries) more series (--json lists all)\n" }
        for w in warnings { out += "\nwarning: \(w)" }
        if !warnings.isEmpty { out += "\n" }
        return out
    }

    /// Up to 4 significant decimals, no exponent for everyday magnitudes; an exponent from 1e12
    /// on and for tiny non-zero values, so the table keeps its columns.
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e12 { return String(Int64(v)) }
        let magnitude = abs(v)
        if magnitude >= 1e12 || magnitude < 1e-4 { return String(format: "%.4g", v) }
        let decimals = magnitude >= 1000 ? 1 : magnitude >= 1 ? 3 : 4
        return String(format: "%.\(decimals)f", v)
    }

    private func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    private func lpad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(1, w - s.count)) + s }
}

/// Unicode block sparklines: ▁▂▃▄▅▆▇█, one character per bucket of values (bucket mean).
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` squeezed (or stretched) to at most `width` characters; NaN-only buckets are spaces.
    public static func render(_ values: [Double], width: Int) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        let buckets = min(width, values.count)
        var means = [Double](repeating: .nan, count: buckets)
        for b in 0..<buckets {
            let lo = b * values.count / buckets, hi = (b + 1) * values.count / buckets
            var sum = 0.0, n = 0
            for v in values[lo..<hi] where !v.isNaN { sum += v; n += 1 }
            if n > 0 { means[b] = sum / Double(n) }
        }
        let present = means.filter { !$0.isNaN }
        guard let lo = present.min(), let hi = present.max() else { return String(repeating: " ", count: buckets) }
        return String(means.map { m -> Character in
            if m.isNaN { return " " }
            if hi == lo { return blocks[3] }
            return blocks[min(7, Int((m - lo) / (hi - lo) * 8))]
        })
    }
}
