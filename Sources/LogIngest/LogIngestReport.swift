import TimeFrames

/// What happened to every line: nothing is dropped without being counted here.
public struct LogIngestReport: Sendable, Equatable, CustomStringConvertible {
    /// The file path, or `-` for stdin.
    public var source: String
    /// The format used; nil until one was detected.
    public var format: LogFormat?
    /// Every line fed, blank ones included.
    public var lines = 0
    /// Empty or whitespace-only lines (skipped, not errors).
    public var blankLines = 0
    /// Lines whose timestamp was read.
    public var parsedLines = 0
    /// Parsed lines that matched `--match` (all parsed lines when there is no regex) and were counted.
    public var countedLines = 0
    /// Lines that could not be read (no timestamp in the format); see ``firstUnparsedLineNumbers``.
    public var unparsedLines = 0
    /// The 1-based numbers of the first few unparsed lines (at most ``maxListedLines``).
    public var firstUnparsedLineNumbers: [Int] = []
    /// Matched lines without a value for `--by`, counted under the key `-`.
    public var linesWithoutKey = 0
    /// Streaming only: lines whose interval had already been emitted (older than the allowed
    /// lateness). They are not in any count.
    public var lateLines = 0
    /// Lines whose time lay more than ``LogIntervalCounter/maxGapIntervals`` intervals beyond
    /// the others (a garbled date); included in ``unparsedLines``.
    public var outOfRangeLines = 0
    /// Lines counted under `(other)` because `by` had more distinct values than `maxSeries`.
    public var linesInOtherSeries = 0

    public static let maxListedLines = 5

    public init(source: String) { self.source = source }

    /// One line for people: `app.log: 1440 lines as Apache/nginx access log, 1438 counted, 2 unparsed (lines 7, 90)`.
    public var description: String {
        var s = "\(source): \(lines) lines"
        if let format { s += " as \(format.humanDescription)" }
        s += ", \(countedLines) counted"
        if parsedLines > countedLines { s += ", \(parsedLines - countedLines) not matching" }
        if blankLines > 0 { s += ", \(blankLines) blank" }
        if unparsedLines > 0 {
            let listed = firstUnparsedLineNumbers.map(String.init).joined(separator: ", ")
            s += ", \(unparsedLines) unparsed (line\(unparsedLines == 1 ? "" : "s") \(listed)\(unparsedLines > firstUnparsedLineNumbers.count ? ", …" : ""))"
        }
        if outOfRangeLines > 0 { s += " (\(outOfRangeLines) with a time far from the rest)" }
        if linesInOtherSeries > 0 { s += ", \(linesInOtherSeries) in '(other)' beyond the series limit" }
        if linesWithoutKey > 0 { s += ", \(linesWithoutKey) without a key (counted as '-')" }
        if lateLines > 0 { s += ", \(lateLines) too late for their interval" }
        return s
    }
}
