import TimeFrames

/// Hand-written parsers for the built-in timestamp forms, reading bytes in place (no String, no
/// DateFormatter). Each returns epoch milliseconds (UTC), or nil when the bytes do not match.
enum TimestampParser {
    @inline(__always)
    static func digit(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        let d = p[i] &- 0x30
        return d < 10 ? Int(d) : nil
    }

    @inline(__always)
    static func two(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        guard let a = digit(p, i), let b = digit(p, i + 1) else { return nil }
        return a * 10 + b
    }

    @inline(__always)
    static func four(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
        guard let a = two(p, i), let b = two(p, i + 2) else { return nil }
        return a * 100 + b
    }

    @inline(__always)
    static func instant(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ms: Int) -> Int64? {
        guard mo >= 1 && mo <= 12 && d >= 1 && (d <= 28 || d <= CivilDateTime.daysInMonth(year: y, month: mo)),
              h <= 23, mi <= 59, s <= 59 else { return nil }
        let days = CivilDateTime.days(fromCivilYear: y, month: mo, day: d)
        return Int64(days) * 86_400_000 + Int64(h * 3_600_000 + mi * 60_000 + s * 1000 + ms)
    }

    /// `HH:MM[:SS[.fff]]` at `i`; returns (h, m, s, ms, next index).
    @inline(__always)
    static func clock(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (Int, Int, Int, Int, Int)? {
        guard i + 5 <= n, let h = two(p, i), p[i + 2] == 0x3A, let mi = two(p, i + 3) else { return nil }
        var j = i + 5, s = 0, ms = 0
        if j + 3 <= n && p[j] == 0x3A {
            guard let sec = two(p, j + 1) else { return nil }
            s = sec; j += 3
            if j < n && (p[j] == 0x2E || p[j] == 0x2C) {
                j += 1
                var scale = 100, digits = 0
                while j < n, let d = digit(p, j) {
                    ms += d * scale; scale /= 10; digits += 1; j += 1   // beyond milliseconds: truncated
                }
                guard digits > 0 else { return nil }
            }
        }
        return (h, mi, s, ms, j)
    }

    /// ISO 8601: `YYYY-MM`, `YYYY-MM-DD`, then `T` or space, `HH:MM[:SS[.f…]]`, then `Z` or `±HH[:MM]`.
    @inline(__always)
    static func parseISO(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n >= 7, let y = four(p, 0), p[4] == 0x2D, let mo = two(p, 5) else { return nil }
        if n == 7 { return instant(y, mo, 1, 0, 0, 0, 0) }
        guard n >= 10, p[7] == 0x2D, let d = two(p, 8), let midnight = instant(y, mo, d, 0, 0, 0, 0) else { return nil }
        if n == 10 { return midnight }
        return isoTimeOfDay(p, n, midnight: midnight)
    }

    /// The date of the previous ISO timestamp: rows sorted by time repeat it many times over,
    /// so its 10 bytes are compared as two integers instead of being parsed again.
    struct ISODateCache {
        var head: UInt64 = 0
        var tail: UInt16 = 0
        var midnight: Int64 = 0
        var valid = false
    }

    /// ``parseISO(_:_:)`` with the date part taken from `cache` when the first 10 bytes repeat.
    @inline(__always)
    static func parseISO(_ p: UnsafePointer<UInt8>, _ n: Int, cache: inout ISODateCache) -> Int64? {
        guard n >= 10 else { return parseISO(p, n) }
        let head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        let tail = UnsafeRawPointer(p + 8).loadUnaligned(as: UInt16.self)
        if !(cache.valid && head == cache.head && tail == cache.tail) {
            guard let midnight = parseISO(p, 10) else { return nil }
            cache = ISODateCache(head: head, tail: tail, midnight: midnight, valid: true)
        }
        return n == 10 ? cache.midnight : isoTimeOfDay(p, n, midnight: cache.midnight)
    }

    /// The part after `YYYY-MM-DD` (at byte 10): separator, clock, optional offset.
    @inline(__always)
    static func isoTimeOfDay(_ p: UnsafePointer<UInt8>, _ n: Int, midnight: Int64) -> Int64? {
        guard p[10] == 0x54 || p[10] == 0x20, let (h, mi, s, ms, j0) = clock(p, 11, n),
              h <= 23, mi <= 59, s <= 59 else { return nil }
        let base = midnight + Int64(h * 3_600_000 + mi * 60_000 + s * 1000 + ms)
        var j = j0
        if j == n { return base }
        if p[j] == 0x20 { j += 1; guard j < n else { return nil } }   // "… 13:45:00 +01:00"
        if p[j] == 0x5A && j + 1 == n { return base }                  // Z
        guard p[j] == 0x2B || p[j] == 0x2D, j + 3 <= n, let oh = two(p, j + 1) else { return nil }
        var om = 0, k = j + 3
        if k < n {
            if p[k] == 0x3A { k += 1 }
            guard k + 2 == n, let m = two(p, k) else { return nil }
            om = m
        }
        guard oh <= 18, om <= 59 else { return nil }
        let offset = Int64(oh * 3_600_000 + om * 60_000)
        return p[j] == 0x2B ? base - offset : base + offset
    }

    /// `DD.MM.YYYY` with an optional ` HH:MM[:SS]`.
    static func parseDotted(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        guard let (d, i1) = upTo2(p, i, n), i1 < n, p[i1] == 0x2E, let (mo, i2) = upTo2(p, i1 + 1, n),
              i2 + 5 <= n, p[i2] == 0x2E, let y = four(p, i2 + 1) else { return nil }
        i = i2 + 5
        if i == n { return instant(y, mo, d, 0, 0, 0, 0) }
        guard p[i] == 0x20 || p[i] == 0x54, let (h, mi, s, ms, j) = clock(p, i + 1, n), j == n else { return nil }
        return instant(y, mo, d, h, mi, s, ms)
    }

    /// `YYYY/MM/DD` with an optional time.
    static func parseSlashYearFirst(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n >= 8, let y = four(p, 0), p[4] == 0x2F, let (mo, i1) = upTo2(p, 5, n), i1 < n, p[i1] == 0x2F,
              let (d, i2) = upTo2(p, i1 + 1, n) else { return nil }
        if i2 == n { return instant(y, mo, d, 0, 0, 0, 0) }
        guard p[i2] == 0x20 || p[i2] == 0x54, let (h, mi, s, ms, j) = clock(p, i2 + 1, n), j == n else { return nil }
        return instant(y, mo, d, h, mi, s, ms)
    }

    /// `A/B/YYYY` or `A/B/YY` with an optional time, packed as decimal digits
    /// `A BB YYYY HH MM SS mmm` until the day/month order is known (see ``unpackSlash``).
    static func parseSlashPacked(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard let (a, i1) = upTo2(p, 0, n), i1 < n, p[i1] == 0x2F, let (b, i2) = upTo2(p, i1 + 1, n),
              i2 < n, p[i2] == 0x2F else { return nil }
        var i = i2 + 1
        var y: Int
        if i + 4 <= n, let y4 = four(p, i), i + 4 == n || p[i + 4] == 0x20 || p[i + 4] == 0x54 { y = y4; i += 4 }
        else if i + 2 <= n, let y2 = two(p, i), i + 2 == n || p[i + 2] == 0x20 { y = y2 < 69 ? 2000 + y2 : 1900 + y2; i += 2 }
        else { return nil }
        var h = 0, mi = 0, s = 0, ms = 0
        if i < n {
            guard let (hh, mm, ss, mss, j) = clock(p, i + 1, n), j == n, hh <= 23, mm <= 59, ss <= 59 else { return nil }
            (h, mi, s, ms) = (hh, mm, ss, mss)
        }
        guard a >= 1, b >= 1, a <= 31, b <= 31, a <= 12 || b <= 12 else { return nil }
        var v = Int64(a)
        for (value, width) in [(b, 100), (y, 10_000), (h, 100), (mi, 100), (s, 100), (ms, 1000)] {
            v = v * Int64(width) + Int64(value)
        }
        return v
    }

    /// Splits a packed slash value into (first, second, year, h, m, s, ms).
    static func unpackSlash(_ v: Int64) -> (Int, Int, Int, Int, Int, Int, Int) {
        var x = v
        let ms = Int(x % 1000); x /= 1000
        let s = Int(x % 100); x /= 100
        let mi = Int(x % 100); x /= 100
        let h = Int(x % 100); x /= 100
        let y = Int(x % 10_000); x /= 10_000
        let b = Int(x % 100); x /= 100
        return (Int(x), b, y, h, mi, s, ms)
    }

    /// One or two digits at `i`.
    @inline(__always)
    static func upTo2(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (Int, Int)? {
        guard i < n, let a = digit(p, i) else { return nil }
        if i + 1 < n, let b = digit(p, i + 1) { return (a * 10 + b, i + 2) }
        return (a, i + 1)
    }

    /// Digits, optionally `.` and more digits: (integer digit count, value in milliseconds-capable form).
    static func epochShape(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Int)? {
        var i = 0
        while i < n, digit(p, i) != nil { i += 1 }
        let intDigits = i
        guard intDigits > 0 else { return nil }
        if i < n {
            guard p[i] == 0x2E else { return nil }
            i += 1
            while i < n, digit(p, i) != nil { i += 1 }
            guard i == n else { return nil }
        }
        return (intDigits, n - intDigits)
    }

    /// Epoch seconds (with optional fraction) or milliseconds as an integer.
    @inline(__always)
    static func parseEpoch(_ p: UnsafePointer<UInt8>, _ n: Int, milliseconds: Bool) -> Int64? {
        var i = 0, v: Int64 = 0
        while i < n, let d = digit(p, i) { v = v * 10 + Int64(d); i += 1; if i > 15 { return nil } }
        guard i > 0 else { return nil }
        if milliseconds { return i == n && (i >= 12 && i <= 13) ? v : nil }
        guard i >= 8 && i <= 11 else { return nil }
        var ms: Int64 = 0
        if i < n {
            guard p[i] == 0x2E else { return nil }
            i += 1
            var scale: Int64 = 100
            while i < n, let d = digit(p, i) { ms += Int64(d) * scale; scale /= 10; i += 1 }
            guard i == n else { return nil }
        }
        return v * 1000 + ms
    }
}
