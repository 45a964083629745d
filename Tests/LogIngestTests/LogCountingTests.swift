import Foundation
import Testing
import TimeFrames
@testable import LogIngest
import _TestSupport

@Suite("Counting: regex, capture groups, intervals, errors")
struct LogCountingTests {
    @Test("--match with a capture group splits by its value")
    func captureGroup() throws {
        let options = LogCountOptions(every: .hour, match: #""(GET|POST) "#, by: LogSeriesKey(parsing: "1", match: #""(GET|POST) "#))
        let c = try counts("access_combined.log", options)
        #expect(c.frame.idColumns == ["group1"])
        #expect(valuesByKey(c) == ["GET": [5], "POST": [1]])
    }

    @Test("--by a named group of --match")
    func namedGroup() throws {
        let pattern = #"HTTP/1\.1" (?<code>\d{3})"#
        let key = LogSeriesKey(parsing: "code", match: pattern)
        #expect(key == .namedGroup("code"))
        let c = try counts("access_combined.log", LogCountOptions(every: .hour, match: pattern, by: key))
        #expect(c.frame.idColumns == ["code"])
        #expect(valuesByKey(c) == ["200": [3], "500": [1], "503": [1], "404": [1]])
    }

    @Test("a regex that matches nothing still gives zeros over the log's whole span")
    func noMatchGivesZeros() throws {
        let c = try counts("access_combined.log", LogCountOptions(match: "NOTHING_LIKE_THIS"))
        #expect(c.frame.series.first?.columns == [[0, 0, 0, 0]])
        #expect(c.report.countedLines == 0)
    }

    @Test("5-minute intervals are aligned to the epoch")
    func fiveMinutes() throws {
        let c = try counts("app_iso8601.log", LogCountOptions(every: .fixed(milliseconds: 300_000)))
        #expect(c.frame.series.first?.timestamps == [utc(2024, 3, 1, 9, 0)])
        #expect(c.frame.series.first?.columns == [[6]])
    }

    @Test("unsorted lines in a file are counted in their own intervals")
    func unsortedBatch() throws {
        let lines = ["2024-01-01T00:05:00Z a", "2024-01-01T00:01:00Z b", "2024-01-01T00:03:30Z c"]
        let c = try LogIngest.count(lines: lines)
        #expect(c.frame.series.first?.columns == [[1, 0, 1, 0, 1]])
        #expect(c.frame.series.first?.timestamps.first == utc(2024, 1, 1, 0, 1))
    }

    @Test("a forced format is kept: lines in another format are unparsed")
    func forcedFormat() throws {
        let c = try counts("app_iso8601.log", LogCountOptions(format: .iso8601))
        #expect(c.report.format == nil || c.report.format == .iso8601)
        #expect(c.report.parsedLines == 6)
        #expect(throws: LogIngestError.self) { try counts("access_combined.log", LogCountOptions(format: .rfc3164)) }
    }

    @Test("CRLF line ends and lines across 64 KiB read chunks")
    func chunkBoundaries() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("logingest-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: url) }
        // 3 000 lines of ~60 bytes: about 180 KB, so lines straddle chunk boundaries.
        var text = ""
        for i in 0..<3000 {
            text += "2024-01-01T00:\(String(format: "%02d", i / 100)):00Z INFO request number \(i) served ok\r\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        let c = try LogIngest.count(path: url.path, options: LogCountOptions(by: .field("level")))
        #expect(c.report.lines == 3000)
        #expect(c.report.unparsedLines == 0)
        #expect(c.frame.series.first?.columns == [Array(repeating: 100.0, count: 30)])
        #expect(c.frame.series.first?.key == ["INFO"])
    }

    @Test("typed errors name the file and line")
    func errors() throws {
        let garbage = FixturePaths.fixture("logs/garbage.log").path
        #expect(throws: LogIngestError.noParsableLines(source: garbage, line: 1, text: "hello world", format: nil)) {
            try LogIngest.count(path: garbage)
        }
        let message = (try? LogIngest.count(path: garbage)).map { _ in "" } ?? "\(LogIngestError.noParsableLines(source: garbage, line: 1, text: "hello world", format: nil))"
        #expect(message.contains("garbage.log:1:"))
        let blank = FixturePaths.fixture("logs/blank.log").path
        #expect(throws: LogIngestError.empty(source: blank)) { try LogIngest.count(path: blank) }
        #expect(throws: LogIngestError.cannotRead(source: "/no/such.log", reason: "no such file")) {
            try LogIngest.count(path: "/no/such.log")
        }
        #expect(throws: LogIngestError.invalidInterval("1mo")) {
            try LogIngest.count(lines: ["x"], options: LogCountOptions(every: .months(1)))
        }
        #expect(throws: LogIngestError.self) { try LogIngest.count(lines: ["x"], options: LogCountOptions(match: "(unclosed")) }
        #expect(throws: LogIngestError.invalidCaptureGroup(.captureGroup(2), pattern: "(a)", groupCount: 1)) {
            try LogIngest.count(lines: ["x"], options: LogCountOptions(match: "(a)", by: .captureGroup(2)))
        }
        #expect(throws: LogIngestError.noSeries(source: "-", by: .field("nope"), match: "zzz")) {
            try LogIngest.count(lines: ["2024-01-01T00:00:00Z a"], options: LogCountOptions(match: "zzz", by: .field("nope")))
        }
    }
}

@Suite("Reading lines as they come")
struct LineReadingTests {
    struct Stop: Error {}

    @Test("a line written to a pipe is delivered before the writer closes it; silence calls onIdle")
    func pipeDeliversPartialInput() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("2024-01-01T00:00:01Z first\n2024-01-01T00:00:02Z sec".utf8))
        var lines: [String] = []
        var idleCalls = 0
        #expect(throws: Stop.self) {
            try LogIngest.forEachLine(path: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", idleTimeout: 20,
                                      onIdle: { idleCalls += 1; throw Stop() }) { lines.append($0) }
        }
        // The unfinished second line is held back until its newline (or the end of input).
        #expect(lines == ["2024-01-01T00:00:01Z first"])
        #expect(idleCalls == 1)
        try pipe.fileHandleForWriting.close()
    }

    @Test("the --follow pattern of the README: one counter fed by lines and closed by the clock when idle")
    func followPattern() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("2024-01-01T00:00:01Z a\n2024-01-01T00:00:02Z b\n".utf8))
        var counter = try LogIntervalCounter(options: LogCountOptions())
        var emitted: [LogInterval] = []
        #expect(throws: Stop.self) {
            try LogIngest.forEachLine(path: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", idleTimeout: 20, onIdle: {
                // The log went quiet; the clock says three minutes have passed.
                emitted += counter.closeIntervals(before: utc(2024, 1, 1, 0, 3))
                throw Stop()
            }) { emitted += counter.feed($0) }
        }
        #expect(emitted.map(\.counts) == [[2], [0], [0]])
        try pipe.fileHandleForWriting.close()
    }
}

@Suite("Bounded output on hostile input")
struct LogBoundsTests {
    @Test("a garbled far-off timestamp is reported as unparsed, not zero-filled for centuries")
    func farOffLine() throws {
        let lines = ["2024-01-01T00:00:00Z a", "2024-01-01T00:01:00Z b", "9999-01-01T00:00:00Z garbled", "1970-01-01T00:00:00Z old",
                     "2024-01-01T00:02:00Z c"]
        let c = try LogIngest.count(lines: lines)
        #expect(c.frame.series.first?.columns == [[1, 1, 1]])
        #expect(c.report.outOfRangeLines == 2)
        #expect(c.report.unparsedLines == 2)
        #expect(c.report.firstUnparsedLineNumbers == [3, 4])
        #expect(c.report.description.contains("2 with a time far from the rest"))
    }

    @Test("a clock far ahead of the data does not emit millions of intervals")
    func clockCap() throws {
        var counter = try LogIntervalCounter(options: LogCountOptions(every: .second))
        _ = counter.feed("2024-01-01T00:00:00Z a")
        let out = counter.closeIntervals(before: utc(2030, 1, 1, 0, 0))
        #expect(Int64(out.count) == LogIntervalCounter.maxGapIntervals + 1)
    }

    @Test("keys beyond maxSeries share the series '(other)'")
    func maxSeries() throws {
        let lines = (0..<10).map { "2024-01-01T00:00:0\($0)Z user=u\($0)" }
        let c = try LogIngest.count(lines: lines, options: LogCountOptions(by: .field("user"), maxSeries: 4))
        #expect(c.frame.series.map { $0.key[0] } == ["u0", "u1", "u2", "(other)"])
        #expect(c.frame.series.last?.columns == [[7]])
        #expect(c.report.linesInOtherSeries == 7)
    }

    @Test("ISO 8601 timestamps followed by a CSV separator")
    func csvLikeLines() throws {
        let c = try LogIngest.count(lines: ["2024-01-01 00:00:00,INFO,start", "2024-01-01 00:00:30.250;WARN", "2024-01-01T00:01:00|ERROR"])
        #expect(c.report.format == .iso8601)
        #expect(c.report.unparsedLines == 0)
        #expect(c.frame.series.first?.columns == [[2, 1]])
    }
}

@Suite("Overlong lines")
struct OverlongLineTests {
    @Test("a 3 MB line without a newline is one unparsed line, cut short; the lines around it count")
    func overlong() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("logingest-long-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = Data("2024-01-01T00:00:00Z first\n".utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: 3_000_000))
        data.append(Data("\n2024-01-01T00:01:00Z after\n".utf8))
        try data.write(to: url)
        var lengths: [Int] = []
        try LogIngest.forEachLine(path: url.path) { lengths.append($0.utf8.count) }
        #expect(lengths == [26, LogIngest.maxLineBytes, 26])
        let c = try LogIngest.count(path: url.path)
        #expect(c.report.unparsedLines == 1 && c.report.firstUnparsedLineNumbers == [2])
        #expect(c.frame.series.first?.columns == [[1, 1]])
    }
}
