import TimeFrames

/// One series' forecast: timestamps continuing its calendar, point values and intervals.
public struct SeriesForecast: Sendable, Equatable {
    /// Values of the id columns (empty for a single series).
    public var key: [String]
    public var timestamps: [EpochMilliseconds]
    /// Point forecasts in the target's original units.
    public var values: [Double]
    /// One per requested level, in the order asked.
    public var intervals: [PredictionInterval]

    public init(key: [String], timestamps: [EpochMilliseconds], values: [Double], intervals: [PredictionInterval]) {
        self.key = key; self.timestamps = timestamps; self.values = values; self.intervals = intervals
    }
}

/// A central prediction interval of one level, per forecast step.
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage, e.g. 0.8.
    public var level: Double
    public var lower: [Double]
    public var upper: [Double]

    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level; self.lower = lower; self.upper = upper
    }

    /// `80` for 0.8, `97.5` for 0.975: the suffix of `lower_80`-style columns.
    public var label: String {
        let percent = level * 100
        let rounded = percent.rounded()
        if abs(percent - rounded) < 1e-9 { return "\(Int(rounded))" }
        return NumberText.significant(percent, 6)
    }
}

/// A whole forecast: what `forecast predict` prints, in the training file's column names.
public struct ForecastOutput: Sendable {
    public var timeColumn: String
    public var idColumns: [String]
    public var targetColumn: String
    /// Print dates without a time of day (daily and coarser data at midnight).
    public var dateOnly: Bool
    public var series: [SeriesForecast]

    public init(timeColumn: String, idColumns: [String], targetColumn: String, dateOnly: Bool, series: [SeriesForecast]) {
        self.timeColumn = timeColumn; self.idColumns = idColumns; self.targetColumn = targetColumn
        self.dateOnly = dateOnly; self.series = series
    }

    /// Output formats of `forecast predict --format`.
    public enum Format: String, Sendable, CaseIterable { case table, csv, json }

    /// The forecast as text in `format`, ending with a newline.
    public func rendered(as format: Format) -> String {
        switch format {
        case .csv: return csv()
        case .json: return json()
        case .table: return table()
        }
    }

    private var levels: [PredictionInterval] { series.first?.intervals ?? [] }

    private var valueHeaders: [String] {
        ["forecast"] + levels.flatMap { ["lower_\($0.label)", "upper_\($0.label)"] }
    }

    private func rows(of s: SeriesForecast) -> [[String]] {
        s.timestamps.indices.map { i in
            var row = s.key + [ISO8601Text.format(s.timestamps[i], dateOnly: dateOnly), Self.number(s.values[i])]
            for interval in s.intervals { row += [Self.number(interval.lower[i]), Self.number(interval.upper[i])] }
            return row
        }
    }

    /// CSV: the id columns, the time column, `forecast`, then `lower_L`/`upper_L` per level.
    public func csv() -> String {
        var out = CSVText.line(idColumns + [timeColumn] + valueHeaders)
        for s in series { for row in rows(of: s) { out += CSVText.line(row) } }
        return out
    }

    /// An aligned table, one block per series.
    public func table() -> String {
        let header = [timeColumn] + valueHeaders
        var out = ""
        for (index, s) in series.enumerated() {
            if index > 0 { out += "\n" }
            if !s.key.isEmpty { out += s.name(idColumns: idColumns) + "\n" }
            let body = rows(of: s).map { Array($0.dropFirst(s.key.count)) }
            let widths = header.indices.map { c in ([header[c]] + body.map { $0[c] }).map(\.count).max() ?? 0 }
            func pad(_ cells: [String]) -> String {
                cells.enumerated().map { c, text in
                    let fill = String(repeating: " ", count: widths[c] - text.count)
                    return c == 0 ? text + fill : fill + text
                }.joined(separator: "  ")
            }
            out += pad(header) + "\n"
            for row in body { out += pad(row) + "\n" }
        }
        return out
    }

    /// JSON: `{"target", "time_column", "id_columns", "levels", "series": [{"id": {...}, "forecasts": [...]}]}`.
    public func json() -> String {
        var out = "{\"target\":\(JSONText.string(targetColumn)),\"time_column\":\(JSONText.string(timeColumn)),"
        out += "\"id_columns\":[\(idColumns.map(JSONText.string).joined(separator: ","))],"
        out += "\"levels\":[\(levels.map { NumberText.significant($0.level, 6) }.joined(separator: ","))],\"series\":["
        out += series.map { s in
            let id = zip(idColumns, s.key).map { "\(JSONText.string($0)):\(JSONText.string($1))" }.joined(separator: ",")
            let points = s.timestamps.indices.map { i -> String in
                var fields = ["\(JSONText.string(timeColumn)):\(JSONText.string(ISO8601Text.format(s.timestamps[i], dateOnly: dateOnly)))",
                              "\"forecast\":\(JSONText.number(s.values[i]))"]
                for interval in s.intervals {
                    fields.append("\"lower_\(interval.label)\":\(JSONText.number(interval.lower[i]))")
                    fields.append("\"upper_\(interval.label)\":\(JSONText.number(interval.upper[i]))")
                }
                return "{" + fields.joined(separator: ",") + "}"
            }.joined(separator: ",")
            return "{\"id\":{\(id)},\"forecasts\":[\(points)]}"
        }.joined(separator: ",")
        return out + "]}\n"
    }

    /// Shortest text that keeps 7 significant digits (float32 weights give no more).
    static func number(_ x: Double) -> String { NumberText.significant(x, 7) }
}

extension SeriesForecast {
    /// `store=1/item=7`-style name.
    public func name(idColumns: [String]) -> String {
        zip(idColumns, key).map { "\($0)=\($1)" }.joined(separator: "/")
    }
}
