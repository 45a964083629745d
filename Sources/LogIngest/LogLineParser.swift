import Foundation
import TimeFrames

/// What a parser took from one line: its time and, when one was asked for, a field's value
/// (nil when the line has no such field).
struct ParsedLogLine {
    var time: EpochMilliseconds
    var field: String?
}

/// Reads the timestamp (and optionally one named field) of lines in one ``LogFormat``.
///
/// A value type with a little state: RFC 3164 lines carry no year, so the parser remembers the
/// last month seen and moves to the next year when December is followed by January.
struct LogLineParser {
    let format: LogFormat
    /// The field to return, as UTF-8 bytes; nil when no field is wanted.
    let fieldName: [UInt8]?
    /// The same, as text, for the formats that switch on it.
    let fieldNameText: String?
    /// JSON time keys in priority order.
    let timeKeys: [[UInt8]]
    private var year: Int
    private var lastMonth: Int = 0
    /// When the year was not given: the current time, so that a first line dated more than a
    /// week ahead (December's log read in January) is put in the year before, as syslog daemons do.
    private let guessedYearNow: EpochMilliseconds?

    static let defaultJSONTimeKeys = ["timestamp", "time", "@timestamp", "ts", "datetime", "date"]

    init(format: LogFormat, fieldName: String?, timeField: String?, year: Int, guessedYearNow: EpochMilliseconds? = nil) {
        self.guessedYearNow = guessedYearNow
        self.format = format
        self.fieldName = fieldName.map { Array($0.utf8) }
        self.fieldNameText = fieldName
        self.timeKeys = (timeField.map { [$0] } ?? LogLineParser.defaultJSONTimeKeys).map { Array($0.utf8) }
        self.year = year
    }

    /// The line's time and requested field, or nil when the line is not in this format.
    mutating func parse(_ line: inout String) -> ParsedLogLine? {
        line.withUTF8 { buffer in
            var c = ByteCursor(buffer)
            c.skipSpaces()
            switch format {
            case .jsonLines: return JSONLineScanner.parse(&c, timeKeys: timeKeys, fieldName: fieldName)
            case .rfc5424: return parseRFC5424(&c)
            case .accessLog: return parseAccessLog(&c)
            case .rfc3164: return parseRFC3164(&c)
            case .iso8601: return parseISO8601(&c)
            }
        }
    }

    private func wants(_ name: String) -> Bool {
        guard let fieldName else { return false }
        return fieldName.elementsEqual(name.utf8)
    }

    /// A `key=value` pair anywhere in the line: the fallback for fields a format does not name.
    private func logfmtField(_ c: ByteCursor) -> String? {
        guard let name = fieldName else { return nil }
        var i = 0
        let bytes = c.bytes
        while i + name.count < bytes.count {
            let atWordStart = i == 0 || bytes[i - 1] == UInt8(ascii: " ") || bytes[i - 1] == UInt8(ascii: "\t")
            if atWordStart && c.equals(i..<(i + name.count), name) && bytes[i + name.count] == UInt8(ascii: "=") {
                var v = ByteCursor(bytes, position: i + name.count + 1)
                if let range = v.quoted() ?? v.token() { return v.string(range) }
                return ""
            }
            i += 1
        }
        return nil
    }

    // MARK: - Formats

    private func parseISO8601(_ c: inout ByteCursor) -> ParsedLogLine? {
        let bracketed = c.skip(UInt8(ascii: "["))
        guard let time = LogTimestamps.iso8601(&c) else { return nil }
        if bracketed && !c.skip(UInt8(ascii: "]")) { return nil }
        // The timestamp must end at a separator: space, tab, `]`, or the `,` `;` `|` of CSV-like logs.
        let separators: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "]"), UInt8(ascii: ","),
                                   UInt8(ascii: ";"), UInt8(ascii: "|")]
        guard c.peek.map(separators.contains) ?? true else { return nil }
        guard fieldName != nil else { return ParsedLogLine(time: time, field: nil) }
        if wants("level") {
            c.skipSpaces()
            _ = c.skip(UInt8(ascii: "["))
            let start = c.position
            while let b = c.peek, (b >= 65 && b <= 90) || (b >= 97 && b <= 122) { c.position += 1 }
            let word = c.string(start..<c.position)
            return ParsedLogLine(time: time, field: LogLineParser.levels.contains(word.uppercased()) ? word : nil)
        }
        return ParsedLogLine(time: time, field: logfmtField(c))
    }

    static let levels: Set<String> = ["TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR",
                                      "FATAL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "SEVERE"]

    private func parseAccessLog(_ c: inout ByteCursor) -> ParsedLogLine? {
        guard let host = c.token() else { return nil }
        c.skipSpaces()
        guard let ident = c.token() else { return nil }
        c.skipSpaces()
        // The user may be absent on some nginx variants; the bracket is what matters.
        var user: Range<Int>? = nil
        if c.peek != UInt8(ascii: "[") { user = c.token(); c.skipSpaces() }
        guard c.skip(UInt8(ascii: "[")), let time = LogTimestamps.commonLog(&c), c.skip(UInt8(ascii: "]")) else { return nil }
        guard let name = fieldNameText else { return ParsedLogLine(time: time, field: nil) }
        c.skipSpaces()
        let request = c.quoted()
        c.skipSpaces()
        let status = c.token()
        c.skipSpaces()
        let bytes = c.token()
        c.skipSpaces()
        let referer = c.quoted()
        c.skipSpaces()
        let agent = c.quoted()
        // `METHOD PATH PROTOCOL`, split only when one of them is asked for.
        func requestPart(_ index: Int) -> Range<Int>? {
            guard let request else { return nil }
            var parts: [Range<Int>] = []
            var r = ByteCursor(UnsafeBufferPointer(rebasing: c.bytes[request]))
            while let t = r.token() { parts.append((t.lowerBound + request.lowerBound)..<(t.upperBound + request.lowerBound)); r.skipSpaces() }
            return parts.count == 3 ? parts[index] : nil
        }
        let range: Range<Int>?
        switch name {
        case "host", "remote_addr", "client": range = host
        case "ident": range = ident
        case "user", "remote_user": range = user
        case "method": range = requestPart(0)
        case "path", "url", "uri": range = requestPart(1)
        case "protocol": range = requestPart(2)
        case "request": range = request
        case "status": range = status
        case "status_class":
            guard let status, status.count == 3 else { return ParsedLogLine(time: time, field: nil) }
            return ParsedLogLine(time: time, field: String(UnicodeScalar(c.bytes[status.lowerBound])) + "xx")
        case "bytes", "body_bytes_sent": range = bytes
        case "referer", "referrer": range = referer
        case "agent", "user_agent": range = agent
        default: return ParsedLogLine(time: time, field: logfmtField(c))
        }
        return ParsedLogLine(time: time, field: range.map { c.string($0) })
    }

    static let severityNames = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]

    /// `<PRI>` at the cursor: the priority number, or nil when absent or malformed.
    private static func priority(_ c: inout ByteCursor) -> Int? {
        let start = c.position
        guard c.skip(UInt8(ascii: "<")), let p = c.number(maxCount: 3), p <= 191, c.skip(UInt8(ascii: ">")) else {
            c.position = start
            return nil
        }
        return p
    }

    private func priorityField(_ p: Int?) -> String?? {
        if wants("priority") { return .some(p.map(String.init)) }
        if wants("severity") { return .some(p.map { LogLineParser.severityNames[$0 % 8] }) }
        if wants("facility") { return .some(p.map { String($0 / 8) }) }
        return .none
    }

    private mutating func parseRFC3164(_ c: inout ByteCursor) -> ParsedLogLine? {
        let pri = LogLineParser.priority(&c)
        guard let stamp = LogTimestamps.rfc3164(&c) else { return nil }
        // No year in the line: a jump back of more than half a year means the year turned.
        if lastMonth != 0 && stamp.month + 6 < lastMonth { year += 1 }
        if lastMonth == 0, let now = guessedYearNow,
           CivilDateTime(year: year, month: stamp.month, day: min(stamp.day, 28)).epochMilliseconds > now + 7 * 86_400_000 {
            year -= 1
        }
        lastMonth = stamp.month
        guard CivilDateTime.isValidDate(year: year, month: stamp.month, day: stamp.day) else { return nil }
        let time = CivilDateTime(year: year, month: stamp.month, day: stamp.day).epochMilliseconds + stamp.msOfDay
        guard fieldName != nil else { return ParsedLogLine(time: time, field: nil) }
        if let value = priorityField(pri) { return ParsedLogLine(time: time, field: value) }
        c.skipSpaces()
        let host = c.token()
        c.skipSpaces()
        let tagStart = c.position
        while let b = c.peek, b != UInt8(ascii: "[") && b != UInt8(ascii: ":") && b != UInt8(ascii: " ") { c.position += 1 }
        let app = c.position > tagStart ? tagStart..<c.position : nil
        var pid: Range<Int>? = nil
        if c.skip(UInt8(ascii: "[")) { pid = c.upTo(UInt8(ascii: "]")) }
        if wants("host") { return ParsedLogLine(time: time, field: host.map { c.string($0) }) }
        if wants("app") || wants("tag") { return ParsedLogLine(time: time, field: app.map { c.string($0) }) }
        if wants("pid") { return ParsedLogLine(time: time, field: pid.map { c.string($0) }) }
        return ParsedLogLine(time: time, field: logfmtField(c))
    }

    private func parseRFC5424(_ c: inout ByteCursor) -> ParsedLogLine? {
        guard let pri = LogLineParser.priority(&c), c.digits(1) == 1, c.skip(UInt8(ascii: " ")),
              let time = LogTimestamps.iso8601(&c), c.skip(UInt8(ascii: " ")) else { return nil }
        guard fieldName != nil else { return ParsedLogLine(time: time, field: nil) }
        if let value = priorityField(pri) { return ParsedLogLine(time: time, field: value) }
        var headers: [Range<Int>?] = []
        for _ in 0..<4 {
            let t = c.token()
            headers.append(t.flatMap { c.equals($0, [UInt8(ascii: "-")]) ? nil : $0 })
            c.skipSpaces()
        }
        for (i, name) in ["host", "app", "procid", "msgid"].enumerated() where wants(name) {
            return ParsedLogLine(time: time, field: headers[i].map { c.string($0) })
        }
        return ParsedLogLine(time: time, field: logfmtField(c))
    }
}
