import TimeFrames

/// Reads the top level of a one-line JSON object without building it: finds the time key and,
/// optionally, one field. Nested objects and arrays are skipped over, never decoded.
enum JSONLineScanner {
    static func parse(_ c: inout ByteCursor, timeKeys: [[UInt8]], fieldName: [UInt8]?) -> ParsedLogLine? {
        guard c.skip(UInt8(ascii: "{")) else { return nil }
        var timeValue: (priority: Int, value: Value)? = nil
        var field: String? = nil
        c.skipSpaces()
        if c.skip(UInt8(ascii: "}")) { return nil }
        while true {
            c.skipSpaces()
            guard let key = c.quoted() else { return nil }
            c.skipSpaces()
            guard c.skip(UInt8(ascii: ":")) else { return nil }
            c.skipSpaces()
            guard let value = scanValue(&c) else { return nil }
            if let p = timeKeys.firstIndex(where: { c.equals(key, $0) }), timeValue.map({ p < $0.priority }) ?? true {
                timeValue = (p, value)
            }
            if let fieldName, c.equals(key, fieldName) { field = text(of: value, in: c) }
            c.skipSpaces()
            if c.skip(UInt8(ascii: ",")) { continue }
            guard c.skip(UInt8(ascii: "}")) else { return nil }
            break
        }
        guard let timeValue, let time = self.time(of: timeValue.value, in: c) else { return nil }
        return ParsedLogLine(time: time, field: field)
    }

    enum Value {
        case string(Range<Int>), number(Range<Int>), other(Range<Int>)
    }

    private static func scanValue(_ c: inout ByteCursor) -> Value? {
        guard let b = c.peek else { return nil }
        if b == UInt8(ascii: "\"") { return c.quoted().map(Value.string) }
        if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { return skipNested(&c).map(Value.other) }
        let start = c.position
        while let b = c.peek, b != UInt8(ascii: ",") && b != UInt8(ascii: "}") && b != UInt8(ascii: " ") { c.position += 1 }
        guard c.position > start else { return nil }
        let first = c.bytes[start]
        let isNumber = first == UInt8(ascii: "-") || (first >= 48 && first <= 57)
        return isNumber ? .number(start..<c.position) : .other(start..<c.position)
    }

    /// Skips a nested object or array, honouring strings, and returns its range.
    private static func skipNested(_ c: inout ByteCursor) -> Range<Int>? {
        let start = c.position
        var depth = 0
        while let b = c.peek {
            if b == UInt8(ascii: "\"") { guard c.quoted() != nil else { return nil }; continue }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { c.position += 1; return start..<c.position }
            }
            c.position += 1
        }
        return nil
    }

    /// A scalar's text (strings with their common escapes decoded); nil for objects and arrays.
    private static func text(of value: Value, in c: ByteCursor) -> String? {
        switch value {
        case .number(let r): return c.string(r)
        case .other(let r):
            let s = c.string(r)
            return s.first == "{" || s.first == "[" || s == "null" ? nil : s
        case .string(let r):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(r.count)
            var i = r.lowerBound
            while i < r.upperBound {
                let b = c.bytes[i]
                if b == UInt8(ascii: "\\"), i + 1 < r.upperBound {
                    let e = c.bytes[i + 1]
                    switch e {
                    case UInt8(ascii: "n"): bytes.append(10)
                    case UInt8(ascii: "t"): bytes.append(9)
                    case UInt8(ascii: "r"): bytes.append(13)
                    default: bytes.append(e) // \" \\ \/ ; \uXXXX is kept as the letter u and digits
                    }
                    i += 2
                } else {
                    bytes.append(b); i += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// ISO 8601 text, or epoch seconds / milliseconds (a number or a string of digits). A
    /// magnitude of 1e11 or more is read as milliseconds: 1e11 s is the year 5138, 1e11 ms is 1973.
    private static func time(of value: Value, in c: ByteCursor) -> EpochMilliseconds? {
        let range: Range<Int>
        switch value {
        case .string(let r), .number(let r): range = r
        case .other: return nil
        }
        var cursor = ByteCursor(UnsafeBufferPointer(rebasing: c.bytes[range]))
        if let t = LogTimestamps.iso8601(&cursor), cursor.atEnd { return t }
        guard let number = Double(c.string(range)), number.isFinite, abs(number) < 1e16 else { return nil }
        return abs(number) >= 1e11 ? EpochMilliseconds(number.rounded()) : EpochMilliseconds((number * 1000).rounded())
    }
}
