import Foundation
import TimeFrames

/// A log turned into counts: the frame and the account of every line.
public struct LogCounts: Sendable {
    /// One series per key (`by`), or one series when there is no split. Time column
    /// `timestamp`, target column `count`, id column the `by` name; regular at `every`, with
    /// every interval from the first parsed line's to the last's present (zero when empty).
    public var frame: TimeFrame
    public var report: LogIngestReport
}

/// Batch entry points: a whole file, stdin, or an array of lines into a ``TimeFrame`` of counts.
public enum LogIngest {
    /// Counts the lines of a file, or of stdin when `path` is `-`.
    ///
    /// - Throws: ``LogIngestError`` when the file cannot be read, is empty, has no line that
    ///   parses, or when options are invalid. Lines that do not parse are counted in the report.
    public static func count(path: String, options: LogCountOptions = LogCountOptions()) throws -> LogCounts {
        var counter = try LogIntervalCounter(options: options, source: path, lateness: LogIntervalCounter.unboundedLateness)
        var intervals: [LogInterval] = []
        try forEachLine(path: path) { line in intervals += counter.feed(line) }
        intervals += counter.finish()
        return try frame(from: intervals, counter: counter)
    }

    /// Counts `lines` (each without its newline); `source` names them in reports and errors.
    public static func count<Lines: Sequence>(lines: Lines, source: String = "-",
                                              options: LogCountOptions = LogCountOptions()) throws -> LogCounts
    where Lines.Element: StringProtocol {
        var counter = try LogIntervalCounter(options: options, source: source, lateness: LogIntervalCounter.unboundedLateness)
        var intervals: [LogInterval] = []
        for line in lines { intervals += counter.feed(String(line)) }
        intervals += counter.finish()
        return try frame(from: intervals, counter: counter)
    }

    /// Builds the frame from completed intervals, zero-filling keys that appeared late.
    static func frame(from intervals: [LogInterval], counter: LogIntervalCounter) throws -> LogCounts {
        let report = counter.report
        let options = counter.options
        guard report.lines > report.blankLines else { throw LogIngestError.empty(source: report.source) }
        guard report.parsedLines > 0 else {
            let first = counter.firstNonBlankLine ?? (1, "")
            throw LogIngestError.noParsableLines(source: report.source, line: first.line, text: first.text, format: options.format)
        }
        let keys = counter.keys
        if let by = options.by, keys.isEmpty {
            throw LogIngestError.noSeries(source: report.source, by: by, match: options.match)
        }
        let timestamps = intervals.map(\.start)
        let series = keys.indices.map { k in
            TimeSeries(key: options.by == nil ? [] : [keys[k]], timestamps: timestamps,
                       columns: [intervals.map { k < $0.counts.count ? Double($0.counts[k]) : 0 }],
                       interval: options.every)
        }
        let frame = TimeFrame(timeColumn: "timestamp", idColumns: options.by.map { [$0.columnName] } ?? [],
                              targetColumns: ["count"], featureColumns: [], series: series)
        return LogCounts(frame: frame, report: report)
    }
}
