import TimeFrames

/// Hand-written readers for the timestamp forms found in logs; each consumes the text it
/// understood and returns milliseconds since the epoch (UTC), or nil leaving nothing decided.
enum LogTimestamps {
    static let monthNames: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// ISO 8601 / RFC 3339: `YYYY-MM-DD[T ]HH:MM[:SS[(.|,)fff]][Z|±HH[:]MM]`. Without an offset
    /// the wall-clock time is read as UTC (the project-wide rule); with one it is converted to UTC.
    static func iso8601(_ c: inout ByteCursor) -> EpochMilliseconds? {
        let start = c.position
        guard let t = iso8601Body(&c) else { c.position = start; return nil }
        return t
    }

    private static func iso8601Body(_ c: inout ByteCursor) -> EpochMilliseconds? {
        guard let year = c.digits(4), c.skip(UInt8(ascii: "-")), let month = c.digits(2),
              c.skip(UInt8(ascii: "-")), let day = c.digits(2),
              CivilDateTime.isValidDate(year: year, month: month, day: day) else { return nil }
        guard c.skip(UInt8(ascii: "T")) || c.skip(UInt8(ascii: " ")) else { return nil }
        guard let hour = c.digits(2), hour < 24, c.skip(UInt8(ascii: ":")),
              let minute = c.digits(2), minute < 60 else { return nil }
        var second = 0, millisecond = 0
        if c.skip(UInt8(ascii: ":")) {
            guard let s = c.digits(2), s <= 60 else { return nil }
            second = min(s, 59) // a leap second is folded into the one before it
            let beforeFraction = c.position
            if c.skip(UInt8(ascii: ".")) || c.skip(UInt8(ascii: ",")) {
                // `12:00:00,INFO` in a CSV-like log: the comma was a separator, not a fraction.
                if let ms = fraction(&c) { millisecond = ms } else { c.position = beforeFraction }
            }
        }
        let local = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute,
                                  second: second, millisecond: millisecond).epochMilliseconds
        guard let offset = utcOffset(&c, allowZ: true) else { return nil }
        return local - offset
    }

    /// Fractional seconds of any length, truncated to milliseconds.
    private static func fraction(_ c: inout ByteCursor) -> Int? {
        var ms = 0, n = 0
        while let b = c.peek, b >= 48 && b <= 57 {
            if n < 3 { ms = ms * 10 + Int(b - 48) }
            n += 1; c.position += 1
        }
        guard n > 0 else { return nil }
        for _ in n..<max(n, 3) { ms *= 10 }
        return ms
    }

    /// `Z`, `±HH:MM`, `±HHMM` or nothing (0); the offset in milliseconds, nil when malformed.
    static func utcOffset(_ c: inout ByteCursor, allowZ: Bool) -> Int64? {
        if allowZ && (c.skip(UInt8(ascii: "Z")) || c.skip(UInt8(ascii: "z"))) { return 0 }
        guard let sign = c.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return 0 }
        c.position += 1
        guard let hh = c.digits(2) else { return nil }
        _ = c.skip(UInt8(ascii: ":"))
        guard let mm = c.digits(2), hh < 24, mm < 60 else { return nil }
        let ms = Int64(hh * 3_600_000 + mm * 60_000)
        return sign == UInt8(ascii: "+") ? ms : -ms
    }

    /// Apache/nginx `10/Oct/2000:13:55:36 -0700` (inside the brackets), converted to UTC.
    static func commonLog(_ c: inout ByteCursor) -> EpochMilliseconds? {
        guard let day = c.digits(2), c.skip(UInt8(ascii: "/")), let month = monthName(&c),
              c.skip(UInt8(ascii: "/")), let year = c.digits(4), c.skip(UInt8(ascii: ":")),
              let hour = c.digits(2), c.skip(UInt8(ascii: ":")), let minute = c.digits(2),
              c.skip(UInt8(ascii: ":")), let second = c.digits(2),
              hour < 24, minute < 60, second <= 60,
              CivilDateTime.isValidDate(year: year, month: month, day: day) else { return nil }
        c.skipSpaces()
        guard let offset = utcOffset(&c, allowZ: false) else { return nil }
        let local = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute,
                                  second: min(second, 59)).epochMilliseconds
        return local - offset
    }

    /// RFC 3164 `Oct 11 22:14:15` / `Oct  1 02:03:04` (no year, no zone): month, day and time.
    static func rfc3164(_ c: inout ByteCursor) -> (month: Int, day: Int, msOfDay: Int64)? {
        guard let month = monthName(&c), c.skip(UInt8(ascii: " ")) else { return nil }
        _ = c.skip(UInt8(ascii: " "))
        guard let day = c.number(maxCount: 2), (1...31).contains(day), c.skip(UInt8(ascii: " ")),
              let hour = c.digits(2), c.skip(UInt8(ascii: ":")), let minute = c.digits(2),
              c.skip(UInt8(ascii: ":")), let second = c.digits(2),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var ms = 0
        if c.skip(UInt8(ascii: ".")) { ms = fraction(&c) ?? 0 }
        return (month, day, Int64(hour * 3_600_000 + minute * 60_000 + min(second, 59) * 1000 + ms))
    }

    /// A three-letter English month name, 1...12.
    static func monthName(_ c: inout ByteCursor) -> Int? {
        guard c.position + 3 <= c.bytes.count else { return nil }
        for (i, name) in monthNames.enumerated() where c.equals(c.position..<(c.position + 3), name) {
            c.position += 3
            return i + 1
        }
        return nil
    }
}
