/// Counts for one series, gathered while it was read and regularised.
public struct SeriesReport: Sendable, Codable, Equatable {
    /// `store=1/item=7`, or the target name for a single-series file.
    public var name: String
    /// Data rows read from the input for this series.
    public var rowsRead: Int
    /// Per value column (targets then features): values that were missing in the input.
    public var missing: [Int]
    /// Per value column: values filled in (input-missing and gap rows alike).
    public var filled: [Int]
    /// Rows inserted for timestamps absent from the input.
    public var gapRowsInserted: Int
    /// Business-day series: weekdays without a row taken as market closures, skipped rather than
    /// inserted (``RegularizationOptions/maxClosedWeekdays``).
    public var closedWeekdaysSkipped: Int = 0
    /// Rows merged into another row with the same timestamp (``DuplicatePolicy``).
    public var duplicateRowsMerged: Int
    /// Rows removed by `--fill drop`.
    public var rowsDropped: Int
    /// Rows at the start or end of the series without any value, dropped rather than filled
    /// (interpolate and ffill would extrapolate them, and a forecast would start from made-up values).
    public var emptyEdgeRowsDropped: Int = 0
    /// Whether the input rows were out of time order and had to be sorted.
    public var wasUnsorted: Bool

    public init(name: String, rowsRead: Int = 0, missing: [Int], filled: [Int], gapRowsInserted: Int = 0,
                duplicateRowsMerged: Int = 0, rowsDropped: Int = 0, wasUnsorted: Bool = false) {
        self.name = name; self.rowsRead = rowsRead; self.missing = missing; self.filled = filled
        self.gapRowsInserted = gapRowsInserted; self.duplicateRowsMerged = duplicateRowsMerged
        self.rowsDropped = rowsDropped; self.wasUnsorted = wasUnsorted
    }
}

/// What ingestion saw and did: per-series counts plus warnings for people.
public struct IngestReport: Sendable, Codable {
    /// Where the data came from: a path, or `-` for stdin.
    public var source: String
    /// Data rows read (header and blank lines excluded).
    public var rowsRead: Int
    /// Bytes read from the input.
    public var bytesRead: Int
    /// One entry per series, in `TimeFrame.series` order.
    public var series: [SeriesReport]
    /// Things that were fixed or guessed, each one sentence: "rows were not sorted by time; sorted".
    public var warnings: [String]
    /// How each choice was made ("time column 'date' detected by name"), for `inspect`.
    public var notes: [String]

    public init(source: String, rowsRead: Int = 0, bytesRead: Int = 0, series: [SeriesReport] = [],
                warnings: [String] = [], notes: [String] = []) {
        self.source = source; self.rowsRead = rowsRead; self.bytesRead = bytesRead
        self.series = series; self.warnings = warnings; self.notes = notes
    }
}

extension IngestReport {
    /// What reading changed, summed over the series, one phrase each ("190 weekdays without a row
    /// skipped as market closures"); empty when the file was taken as it was. For commands that
    /// say what they read before using it (`fit`).
    public var changes: [String] {
        let sum = { (f: (SeriesReport) -> Int) in series.reduce(0) { $0 + f($1) } }
        var out: [String] = []
        let gaps = sum(\.gapRowsInserted), closed = sum(\.closedWeekdaysSkipped), merged = sum(\.duplicateRowsMerged)
        let dropped = sum(\.rowsDropped), edges = sum(\.emptyEdgeRowsDropped), filled = sum { $0.filled.reduce(0, +) }, unsorted = series.filter(\.wasUnsorted).count
        if closed > 0 { out.append("\(closed) weekdays without a row skipped as market closures (holidays), not filled") }
        if gaps > 0 { out.append("\(gaps) missing rows inserted") }
        if filled > 0 { out.append("\(filled) missing values filled") }
        if merged > 0 { out.append("\(merged) duplicate rows merged") }
        if dropped > 0 { out.append("\(dropped) rows dropped") }
        if edges > 0 { out.append("\(edges) rows without any value at the start or end dropped, not filled") }
        if unsorted > 0 { out.append("\(unsorted) series sorted by time") }
        return out
    }

    /// A warning when more than `share` of the rows after regularising were not in the file (gap
    /// rows), so that most of what a model would learn from was made up by the fill policy.
    public func inventedRowsWarning(above share: Double = 0.25) -> String? {
        let inserted = series.reduce(0) { $0 + $1.gapRowsInserted }
        let total = series.reduce(0) {
            $0 + $1.rowsRead - $1.duplicateRowsMerged - $1.rowsDropped - $1.emptyEdgeRowsDropped + $1.gapRowsInserted
        }
        guard total > 0, Double(inserted) > share * Double(total) else { return nil }
        let percent = Int((100 * Double(inserted) / Double(total)).rounded())
        return "\(inserted) of \(total) rows (\(percent)%) were not in the file and were filled in: a model would learn "
            + "mostly from values nobody observed; a coarser --resample interval may suit this data better"
    }
}
