import Foundation
import Testing
import TimeFrames
@testable import LogIngest
import _TestSupport

/// `2024-03-01T09:mm:00Z` etc.: instants written the way the fixtures show them.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> EpochMilliseconds {
    CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).epochMilliseconds
}

func counts(_ path: String, _ options: LogCountOptions = LogCountOptions()) throws -> LogCounts {
    try LogIngest.count(path: FixturePaths.fixture("logs/" + path).path, options: options)
}

/// Series values by key (`""` for the unsplit series), as integers.
func valuesByKey(_ c: LogCounts) -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    for s in c.frame.series { out[s.key.first ?? ""] = s.columns[0].map { Int($0) } }
    return out
}

@Suite("Log formats: timestamps and fields of each format")
struct LogFormatTests {
    @Test("nginx combined: detected, zero-filled minutes, offsets converted to UTC, bad line reported")
    func accessCombined() throws {
        let c = try counts("access_combined.log")
        #expect(c.report.format == .accessLog)
        #expect(c.report.lines == 8)
        #expect(c.report.blankLines == 1)
        #expect(c.report.parsedLines == 6)
        #expect(c.report.unparsedLines == 1)
        #expect(c.report.firstUnparsedLineNumbers == [5])
        let s = try #require(c.frame.series.first)
        #expect(c.frame.series.count == 1)
        #expect(s.timestamps == [utc(2024, 3, 1, 12, 0), utc(2024, 3, 1, 12, 1), utc(2024, 3, 1, 12, 2), utc(2024, 3, 1, 12, 3)])
        #expect(s.columns == [[2, 2, 0, 2]])
        #expect(s.interval == .minute)
        #expect(c.frame.targetColumns == ["count"])
        #expect(c.frame.idColumns.isEmpty)
    }

    @Test("nginx combined split by status class, in order of first appearance")
    func accessByStatusClass() throws {
        let c = try counts("access_combined.log", LogCountOptions(by: .field("status_class")))
        #expect(c.frame.series.map { $0.key } == [["2xx"], ["5xx"], ["4xx"]])
        #expect(valuesByKey(c) == ["2xx": [2, 0, 0, 1], "5xx": [0, 2, 0, 0], "4xx": [0, 0, 0, 1]])
        #expect(c.frame.idColumns == ["status_class"])
    }

    @Test("access log fields: method, path, user, agent with an escaped quote")
    func accessFields() throws {
        let method = try counts("access_combined.log", LogCountOptions(every: .hour, by: .field("method")))
        #expect(valuesByKey(method) == ["GET": [5], "POST": [1]])
        let user = try counts("access_combined.log", LogCountOptions(every: .hour, by: .field("user")))
        #expect(valuesByKey(user) == ["-": [5], "alice": [1]])
        let agent = try counts("access_combined.log", LogCountOptions(every: .hour, by: .field("agent")))
        #expect(valuesByKey(agent)["Mozilla/5.0 (compatible; \\\"quoted\\\" bot)"] == [1])
    }

    @Test("Apache common format (no referer or agent), negative offset")
    func accessCommon() throws {
        let c = try counts("access_common.log", LogCountOptions(by: .field("status")))
        #expect(c.report.format == .accessLog)
        #expect(c.frame.series.first?.timestamps == [utc(2000, 10, 10, 20, 55)])
        #expect(valuesByKey(c) == ["200": [1], "404": [1]])
    }

    @Test("RFC 3164: optional <PRI>, padded day, the year turns at New Year")
    func rfc3164() throws {
        let c = try counts("syslog_rfc3164.log", LogCountOptions(year: 2023))
        #expect(c.report.format == .rfc3164)
        #expect(c.report.unparsedLines == 0)
        let s = try #require(c.frame.series.first)
        #expect(s.timestamps.first == utc(2023, 12, 31, 23, 58))
        #expect(s.timestamps.last == utc(2024, 1, 1, 0, 1))
        #expect(s.columns == [[2, 1, 1, 1]])
        let apps = try counts("syslog_rfc3164.log", LogCountOptions(every: .hour, by: .field("app"), year: 2023))
        #expect(apps.frame.series.map { $0.key } == [["su"], ["sshd"], ["nginx"], ["CRON"]])
        let severity = try counts("syslog_rfc3164.log", LogCountOptions(every: .day, by: .field("severity"), year: 2023))
        #expect(valuesByKey(severity) == ["crit": [1, 0], "-": [2, 2]])
        let host = try counts("syslog_rfc3164.log", LogCountOptions(every: .day, by: .field("host"), year: 2023))
        #expect(valuesByKey(host) == ["mymachine": [2, 1], "web01": [1, 1]])
    }

    @Test("RFC 5424: fractional seconds and offsets, header fields, '-' as no value")
    func rfc5424() throws {
        let c = try counts("syslog_rfc5424.log", LogCountOptions(by: .field("app")))
        #expect(c.report.format == .rfc5424)
        #expect(c.frame.series.first?.timestamps == [utc(2003, 10, 11, 22, 14), utc(2003, 10, 11, 22, 15)])
        #expect(valuesByKey(c) == ["evntslog": [1, 0], "su": [1, 0], "sshd": [0, 1]])
        let msgid = try counts("syslog_rfc5424.log", LogCountOptions(every: .hour, by: .field("msgid")))
        #expect(valuesByKey(msgid) == ["ID47": [2], "-": [1]])
        #expect(msgid.report.linesWithoutKey == 1)
        let severity = try counts("syslog_rfc5424.log", LogCountOptions(every: .hour, by: .field("severity")))
        #expect(valuesByKey(severity) == ["notice": [1], "crit": [1], "info": [1]])
    }

    @Test("ISO 8601 lines: T or space, comma or dot fractions, brackets, offsets; a stack-trace line is reported")
    func iso8601() throws {
        let c = try counts("app_iso8601.log")
        #expect(c.report.format == .iso8601)
        #expect(c.report.firstUnparsedLineNumbers == [6])
        #expect(c.frame.series.first?.columns == [[2, 3, 0, 0, 1]])
        let errors = try counts("app_iso8601.log", LogCountOptions(match: "ERROR"))
        #expect(errors.frame.series.first?.columns == [[1, 2, 0, 0, 0]])
        #expect(errors.report.countedLines == 3)
        let level = try counts("app_iso8601.log", LogCountOptions(every: .hour, by: .field("level")))
        #expect(valuesByKey(level) == ["INFO": [2], "ERROR": [3], "WARN": [1]])
        let component = try counts("app_iso8601.log", LogCountOptions(every: .hour, by: .field("component")))
        #expect(valuesByKey(component) == ["-": [1], "db": [2], "cache": [1], "proxy": [2]])
    }

    @Test("JSON lines: epoch seconds and milliseconds, ISO text, nested values skipped, null as no value")
    func jsonLines() throws {
        let c = try counts("app.jsonl", LogCountOptions(by: .field("level")))
        #expect(c.report.format == .jsonLines)
        #expect(c.report.firstUnparsedLineNumbers == [5])
        #expect(c.frame.series.first?.timestamps.first == utc(2024, 3, 1, 9, 0))
        #expect(valuesByKey(c) == ["info": [1, 0, 0, 1], "error": [1, 1, 0, 0], "warn": [0, 0, 1, 0]])
        let service = try counts("app.jsonl", LogCountOptions(by: .field("service")))
        #expect(service.frame.series.map { $0.key } == [["-"], ["db"], ["cache"]])
        #expect(valuesByKey(service)["-"] == [1, 0, 0, 1])
    }

    @Test("JSON lines with an explicit time field ignore the others")
    func jsonTimeField() throws {
        let c = try counts("app.jsonl", LogCountOptions(timeField: "time"))
        #expect(c.report.parsedLines == 1)
        #expect(c.report.unparsedLines == 5)
    }
}

@Suite("RFC 3164 year without --year")
struct RFC3164YearTests {
    @Test("a first line more than a week ahead of today belongs to last year")
    func guessedYear() throws {
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        let now = CivilDateTime(epochMilliseconds: nowMs)
        // 30 days from now: if still this year it is ahead, so the line is last year's; if it
        // wrapped into January, January of this year is past, so the line is this year's.
        let ahead = CivilDateTime(epochMilliseconds: nowMs + 30 * 86_400_000)
        let expectedYear = ahead.year == now.year ? now.year - 1 : now.year
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let (month, day) = (ahead.month, min(ahead.day, 28))
        let c = try LogIngest.count(lines: ["\(names[month - 1]) \(day) 12:00:00 host app: x"])
        let t = try #require(c.frame.series.first?.timestamps.first)
        #expect(CivilDateTime(epochMilliseconds: t).year == expectedYear)
    }
}
