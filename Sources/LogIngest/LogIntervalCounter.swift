import Foundation
import TimeFrames

/// The counts of one completed interval, for every series key known when it was completed.
public struct LogInterval: Sendable, Equatable {
    /// Start of the interval (inclusive), in ms since the epoch; it ends at `start + every`.
    public var start: EpochMilliseconds
    /// Series keys in order of first appearance; `[""]` when there is no `by` split.
    public var keys: [String]
    /// `counts[i]` lines of `keys[i]` fell in this interval (zero when none did).
    public var counts: [Int]

    public init(start: EpochMilliseconds, keys: [String], counts: [Int]) {
        self.start = start
        self.keys = keys
        self.counts = counts
    }
}

/// Counts log lines per interval as they come: the streaming core of LogIngest (`--follow`).
///
/// Feed lines with ``feed(_:)``; it returns the intervals that are complete, zero-filled, in
/// time order. An interval `[s, s + every)` is complete once a line at or after
/// `s + every + lateness` has been read, or when ``closeIntervals(before:)`` says the clock has
/// passed it (a log that goes silent produces no lines, so a caller tailing a file should call
/// it on a timer to see the drop to zero). ``finish()`` completes everything at end of input.
///
/// Memory is bounded by the intervals still open (`lateness / every + 1` for a time-ordered
/// stream) times the number of keys: nothing is kept of lines already counted.
public struct LogIntervalCounter {
    public let options: LogCountOptions
    /// How far behind the newest line a line may be and still be counted, in ms.
    public let lateness: Int64
    /// What happened to every line so far.
    public private(set) var report: LogIngestReport
    /// Series keys in order of first appearance.
    public private(set) var keys: [String]

    /// Lateness that keeps every interval open until ``finish()`` (about 142 000 years).
    public static let unboundedLateness: Int64 = 1 << 52

    /// The reserved key of matched lines that have no value for `by`.
    public static let missingKey = "-"

    private let step: Int64
    private let regex: NSRegularExpression?
    /// `match` as bytes when it has no regex syntax at all (`ERROR`, ` 503 `): found with a
    /// byte search, several times faster than the regex engine, with the same answer.
    private let literal: [UInt8]?
    private var parser: LogLineParser?
    private let year: Int
    private let guessedYearNow: EpochMilliseconds?
    private var keyIndex: [String: Int] = [:]
    /// Open intervals by index (`start / step`); an empty array means "seen, nothing counted".
    private var open: [Int64: [Int]] = [:]
    /// The first interval not yet emitted; before the first emission, the earliest one seen.
    private var nextToEmit: Int64?
    private var latestTime: EpochMilliseconds?
    private var firstNonBlank: (line: Int, text: String)?

    /// - Parameters:
    ///   - options: interval, regex, split, format.
    ///   - source: the file path or `-`, for reports and errors.
    ///   - lateness: ms a line may lag the newest one and still be counted (default 0: lines
    ///     are expected in time order, as a log file writes them).
    /// - Throws: ``LogIngestError/invalidInterval(_:)``, ``LogIngestError/invalidRegex(pattern:reason:)``,
    ///   ``LogIngestError/invalidCaptureGroup(_:pattern:groupCount:)``.
    public init(options: LogCountOptions, source: String = "-", lateness: Int64 = 0) throws {
        guard case .fixed(let ms) = options.every, ms > 0 else {
            throw LogIngestError.invalidInterval(options.every.description)
        }
        self.options = options
        self.step = ms
        self.lateness = min(max(0, lateness), LogIntervalCounter.unboundedLateness)
        self.report = LogIngestReport(source: source)
        if let pattern = options.match {
            do { regex = try NSRegularExpression(pattern: pattern) } catch {
                throw LogIngestError.invalidRegex(pattern: pattern, reason: "\(error.localizedDescription)")
            }
        } else {
            regex = nil
        }
        if let pattern = options.match, !pattern.isEmpty,
           !pattern.contains(where: { "\\^$.|?*+()[]{}".contains($0) }) {
            literal = Array(pattern.utf8)
        } else {
            literal = nil
        }
        switch options.by {
        case .captureGroup(let n):
            let groups = regex?.numberOfCaptureGroups ?? 0
            guard n >= 1 && n <= groups else {
                throw LogIngestError.invalidCaptureGroup(.captureGroup(n), pattern: options.match, groupCount: groups)
            }
        case .namedGroup(let name):
            guard let pattern = options.match, pattern.contains("(?<\(name)>") else {
                throw LogIngestError.invalidCaptureGroup(.namedGroup(name), pattern: options.match,
                                                         groupCount: regex?.numberOfCaptureGroups ?? 0)
            }
        case .field, nil: break
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        self.year = options.year ?? CivilDateTime(epochMilliseconds: now).year
        self.guessedYearNow = options.year == nil ? now : nil
        if options.by == nil { keys = [""]; keyIndex[""] = 0 } else { keys = [] }
        if let format = options.format { parser = makeParser(format) }
    }

    private func makeParser(_ format: LogFormat) -> LogLineParser {
        var field: String? = nil
        if case .field(let name) = options.by { field = name }
        return LogLineParser(format: format, fieldName: field, timeField: options.timeField, year: year,
                             guessedYearNow: guessedYearNow)
    }

    /// Reads one line (without its newline) and returns the intervals it completed.
    public mutating func feed(_ line: String) -> [LogInterval] {
        report.lines += 1
        var text = line
        if text.utf8.last == 13 { text.removeLast() }
        // Byte-level test: walking Characters here costs more than parsing the line.
        guard text.utf8.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) else { report.blankLines += 1; return [] }
        if firstNonBlank == nil { firstNonBlank = (report.lines, String(text.prefix(120))) }
        guard let parsed = parse(&text) else {
            report.unparsedLines += 1
            if report.firstUnparsedLineNumbers.count < LogIngestReport.maxListedLines {
                report.firstUnparsedLineNumbers.append(report.lines)
            }
            return []
        }
        let interval = floorDiv(parsed.time, step)
        // A timestamp absurdly far from the others (a garbled year) would zero-fill millions of
        // intervals: it is reported as unparsed instead.
        if let seen = seenIntervals,
           interval < seen.lowerBound - LogIntervalCounter.maxGapIntervals || interval > seen.upperBound + LogIntervalCounter.maxGapIntervals {
            report.unparsedLines += 1
            report.outOfRangeLines += 1
            if report.firstUnparsedLineNumbers.count < LogIngestReport.maxListedLines {
                report.firstUnparsedLineNumbers.append(report.lines)
            }
            return []
        }
        seenIntervals = seenIntervals.map { min($0.lowerBound, interval)...max($0.upperBound, interval) } ?? interval...interval
        report.parsedLines += 1
        if let next = nextToEmit, interval < next {
            // Before anything was emitted an earlier line just moves the start back.
            guard !hasEmitted else { report.lateLines += 1; return [] }
            nextToEmit = interval
        } else if nextToEmit == nil {
            nextToEmit = interval
        }
        if let key = seriesKey(text, field: parsed.field) {
            report.countedLines += 1
            let k = index(of: key)
            // In place through the dictionary's modify accessor: no copy of the counts per line.
            LogIntervalCounter.increment(&open[interval, default: []], at: k, width: keys.count)
        } else if open[interval] == nil {
            open[interval] = [] // a line that does not count still marks its interval as seen
        }
        latestTime = max(latestTime ?? parsed.time, parsed.time)
        return emit(before: latestTime! - lateness)
    }

    private var hasEmitted = false
    /// The first and last interval of any parsed line so far.
    private var seenIntervals: ClosedRange<Int64>?

    /// How far (in intervals) a line may lie beyond the span seen so far: 1 000 000, about two
    /// years of minutes. Farther lines are counted as unparsed (``LogIngestReport/outOfRangeLines``).
    public static let maxGapIntervals: Int64 = 1_000_000

    /// Completes every interval that ends at or before `time` (wall-clock time of a follower),
    /// zero-filled, even if no line has come since.
    public mutating func closeIntervals(before time: EpochMilliseconds) -> [LogInterval] {
        guard let seen = seenIntervals else { return [] }
        // A clock far ahead of the data (replaying an old log) is capped like a far-off line.
        return emit(throughInterval: min(floorDiv(time, step) - 1, seen.upperBound + LogIntervalCounter.maxGapIntervals))
    }

    /// Completes every open interval: call at end of input.
    public mutating func finish() -> [LogInterval] {
        guard let last = open.keys.max() else { return [] }
        return emit(throughInterval: last)
    }

    /// Format detection: the first format (most specific first) that reads a line decides.
    private mutating func parse(_ text: inout String) -> ParsedLogLine? {
        if parser != nil { return parser!.parse(&text) }
        for format in LogFormat.allCases {
            var candidate = makeParser(format)
            if let parsed = candidate.parse(&text) {
                parser = candidate
                report.format = format
                return parsed
            }
        }
        return nil
    }

    /// The series a line counts in, or nil when it does not match `match`.
    private mutating func seriesKey(_ text: String, field: String?) -> String? {
        var groupValue: String? = nil
        if let literal {
            guard LogIntervalCounter.contains(text, literal) else { return nil }
        } else if let regex {
            guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
            var range: NSRange? = nil
            switch options.by {
            case .captureGroup(let n): range = m.range(at: n)
            case .namedGroup(let name): range = m.range(withName: name)
            default: break
            }
            if let range, range.location != NSNotFound, let r = Range(range, in: text) { groupValue = String(text[r]) }
        }
        switch options.by {
        case nil: return ""
        case .captureGroup, .namedGroup: return value(groupValue)
        case .field: return value(field)
        }
    }

    private static func increment(_ counts: inout [Int], at k: Int, width: Int) {
        if counts.count < width { counts.append(contentsOf: repeatElement(0, count: width - counts.count)) }
        counts[k] += 1
    }

    private mutating func value(_ v: String?) -> String {
        if let v, !v.isEmpty { return v }
        report.linesWithoutKey += 1
        return LogIntervalCounter.missingKey
    }

    /// The key of lines whose own key would exceed ``LogCountOptions/maxSeries``.
    public static let otherKey = "(other)"

    private mutating func index(of key: String) -> Int {
        if let k = keyIndex[key] { return k }
        // Bounded memory whatever the key's cardinality: the rest share one series.
        if keys.count >= options.maxSeries - 1 && options.by != nil && key != LogIntervalCounter.otherKey {
            report.linesInOtherSeries += 1
            return index(of: LogIntervalCounter.otherKey)
        }
        keys.append(key)
        keyIndex[key] = keys.count - 1
        return keys.count - 1
    }

    /// Whether `needle` occurs in `text`'s UTF-8 bytes.
    static func contains(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.count >= needle.count, let first = needle.first else { return false }
            var i = 0
            let last = hay.count - needle.count
            while i <= last {
                if hay[i] == first {
                    var j = 1
                    while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Emits the intervals that end at or before `time`.
    private mutating func emit(before time: EpochMilliseconds) -> [LogInterval] {
        guard nextToEmit != nil else { return [] }
        return emit(throughInterval: floorDiv(time, step) - 1)
    }

    private mutating func emit(throughInterval last: Int64) -> [LogInterval] {
        guard var i = nextToEmit, i <= last else { return [] }
        var out: [LogInterval] = []
        out.reserveCapacity(Int(min(last - i + 1, 10_000)))
        while i <= last {
            var counts = open.removeValue(forKey: i) ?? []
            if counts.count < keys.count { counts += Array(repeating: 0, count: keys.count - counts.count) }
            out.append(LogInterval(start: i * step, keys: keys, counts: counts))
            i += 1
        }
        nextToEmit = i
        hasEmitted = true
        return out
    }

    /// Intervals held in memory (not yet emitted and holding a line): for tests and monitoring.
    public var openIntervalCount: Int { open.count }

    /// The first non-blank line and its beginning, for errors about a source where nothing parsed.
    public var firstNonBlankLine: (line: Int, text: String)? { firstNonBlank }
}

/// Floor division, so intervals before 1970 are aligned like those after.
@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
