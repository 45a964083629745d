/// Milliseconds since 1970-01-01T00:00:00Z. Every timestamp in a ``TimeFrame`` is one of these;
/// local times without an offset are read as UTC wall-clock times.
public typealias EpochMilliseconds = Int64

/// A proleptic-Gregorian calendar date and time of day, in UTC.
///
/// Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days`, exact for every year
/// representable here, with no Foundation calendar and no allocation.
public struct CivilDateTime: Hashable, Sendable {
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second; self.millisecond = millisecond
    }

    /// The civil time of an instant.
    public init(epochMilliseconds t: EpochMilliseconds) {
        let msPerDay: Int64 = 86_400_000
        var days = t / msPerDay
        var rest = t % msPerDay
        if rest < 0 { rest += msPerDay; days -= 1 }
        let (y, m, d) = CivilDateTime.civil(fromDays: Int(days))
        let msInDay = Int(rest)
        self.init(year: y, month: m, day: d,
                  hour: msInDay / 3_600_000, minute: (msInDay / 60_000) % 60,
                  second: (msInDay / 1000) % 60, millisecond: msInDay % 1000)
    }

    /// The instant, in milliseconds since the Unix epoch.
    public var epochMilliseconds: EpochMilliseconds {
        let days = Int64(CivilDateTime.days(fromCivilYear: year, month: month, day: day))
        return days * 86_400_000 + Int64(hour) * 3_600_000 + Int64(minute) * 60_000
            + Int64(second) * 1000 + Int64(millisecond)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday (ISO 8601 order).
    public var weekday: Int { CivilDateTime.weekday(ofDays: CivilDateTime.days(fromCivilYear: year, month: month, day: day)) }

    /// Whether `year`-`month`-`day` names a real date (leap years included).
    public static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= daysInMonth(year: year, month: month)
    }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    @inlinable
    public static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Monday … 6 = Sunday for a count of days since 1970-01-01 (a Thursday).
    public static func weekday(ofDays days: Int) -> Int {
        let w = (days + 3) % 7
        return w < 0 ? w + 7 : w
    }
}

extension CivilDateTime: CustomStringConvertible {
    /// ISO 8601: `2024-03-01` at midnight, `2024-03-01T13:45:00` otherwise, with `.sss` when needed.
    public var description: String { ISO8601Text.format(self, dateOnly: hour == 0 && minute == 0 && second == 0 && millisecond == 0) }
}

/// Formats civil times as ISO 8601 text without Foundation.
public enum ISO8601Text {
    public static func format(_ c: CivilDateTime, dateOnly: Bool) -> String {
        var s = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
        if dateOnly { return s }
        s += "T" + pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if c.millisecond != 0 { s += "." + pad(c.millisecond, 3) }
        return s
    }

    /// ISO 8601 text of an instant; date only when every timestamp of its series falls on midnight.
    public static func format(_ t: EpochMilliseconds, dateOnly: Bool) -> String {
        format(CivilDateTime(epochMilliseconds: t), dateOnly: dateOnly)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let digits = String(abs(v))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return v < 0 ? "-" + padded : padded
    }
}
