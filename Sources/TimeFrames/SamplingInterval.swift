/// The step between consecutive observations of a regular series.
///
/// Calendar months and trading days have no fixed length in milliseconds, so they are cases of
/// their own; everything else (seconds to weeks) is a fixed step.
public enum SamplingInterval: Hashable, Sendable, Codable {
    /// A fixed step: seconds, minutes, hours, days, weeks.
    case fixed(milliseconds: Int64)
    /// Monday to Friday, one step per weekday (stock data). Weekends are not gaps.
    case businessDays
    /// Calendar months: 1 monthly, 3 quarterly, 12 yearly. The day of month is kept (clamped to
    /// the month's length), except that the last day of a month steps to the last day of the
    /// target month (month-end series: Feb 28 → Mar 31, Apr 30 → May 31).
    case months(Int)

    public static let second = SamplingInterval.fixed(milliseconds: 1000)
    public static let minute = SamplingInterval.fixed(milliseconds: 60_000)
    public static let hour = SamplingInterval.fixed(milliseconds: 3_600_000)
    public static let day = SamplingInterval.fixed(milliseconds: 86_400_000)
    public static let week = SamplingInterval.fixed(milliseconds: 7 * 86_400_000)

    /// `t` moved by `months` calendar months, its day of month kept (clamped to the target month's
    /// length), or with `monthEnd` the target month's last day; the time of day is kept.
    static func addMonths(_ months: Int, to t: EpochMilliseconds, monthEnd: Bool) -> EpochMilliseconds {
        var c = CivilDateTime(epochMilliseconds: t)
        let total = c.year * 12 + (c.month - 1) + months
        c.year = total >= 0 ? total / 12 : (total - 11) / 12
        c.month = total - c.year * 12 + 1
        let length = CivilDateTime.daysInMonth(year: c.year, month: c.month)
        c.day = monthEnd ? length : min(c.day, length)
        return c.epochMilliseconds
    }

    /// The instant `steps` intervals after `t` (before it, for negative `steps`).
    public func advance(_ t: EpochMilliseconds, by steps: Int) -> EpochMilliseconds {
        switch self {
        case .fixed(let ms):
            return t + ms * Int64(steps)
        case .months(let n):
            let start = CivilDateTime(epochMilliseconds: t)
            let monthEnd = start.day == CivilDateTime.daysInMonth(year: start.year, month: start.month)
            return SamplingInterval.addMonths(n * steps, to: t, monthEnd: monthEnd)
        case .businessDays:
            let msPerDay: Int64 = 86_400_000
            var days = Int(t >= 0 ? t / msPerDay : (t - msPerDay + 1) / msPerDay)
            let timeOfDay = t - Int64(days) * msPerDay
            var remaining = abs(steps)
            let direction = steps >= 0 ? 1 : -1
            // A start on a weekend first moves to the adjacent weekday in the walking direction.
            while remaining > 0 {
                days += direction
                if CivilDateTime.weekday(ofDays: days) < 5 { remaining -= 1 }
            }
            return Int64(days) * msPerDay + timeOfDay
        }
    }

    /// The approximate length of one step, for ordering, defaults and display.
    public var nominalMilliseconds: Int64 {
        switch self {
        case .fixed(let ms): return ms
        case .businessDays: return 86_400_000
        case .months(let n): return Int64(n) * 2_629_746_000 // mean Gregorian month
        }
    }

    /// Parses a duration such as `30s`, `5m`, `1h`, `1d`, `1w`, `1mo`, `3mo`, `1q`, `1y`, `1b`
    /// (business day). A bare number is not accepted: the unit is never guessed.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: " ").lowercased()
        var digits = Substring(t).prefix(while: { $0.isASCII && $0.isNumber })
        let unit = t.dropFirst(digits.count)
        if digits.isEmpty { digits = "1" }
        guard let n = Int64(digits), n > 0, n < 1_000_000 else { return nil }
        switch unit {
        case "ms": self = .fixed(milliseconds: n)
        case "s", "sec": self = .fixed(milliseconds: n * 1000)
        case "m", "min": self = .fixed(milliseconds: n * 60_000)
        case "h", "hour": self = .fixed(milliseconds: n * 3_600_000)
        case "d", "day": self = .fixed(milliseconds: n * 86_400_000)
        case "w", "week": self = .fixed(milliseconds: n * 7 * 86_400_000)
        case "b", "bday": guard n == 1 else { return nil }; self = .businessDays
        case "mo", "month": self = .months(Int(n))
        case "q": self = .months(Int(n) * 3)
        case "y", "year": self = .months(Int(n) * 12)
        default: return nil
        }
    }
}

extension SamplingInterval: CustomStringConvertible {
    /// Short text that ``init(parsing:)`` reads back: `1h`, `15m`, `1d`, `1b`, `1mo`, `1y`.
    public var description: String {
        switch self {
        case .businessDays: return "1b"
        case .months(let n): return n % 12 == 0 ? "\(n / 12)y" : "\(n)mo"
        case .fixed(let ms):
            let units: [(Int64, String)] = [(7 * 86_400_000, "w"), (86_400_000, "d"), (3_600_000, "h"),
                                            (60_000, "m"), (1000, "s"), (1, "ms")]
            for (size, name) in units where ms % size == 0 { return "\(ms / size)\(name)" }
            return "\(ms)ms"
        }
    }

    /// Words for people: "hourly", "daily", "business days", "monthly", "every 15 minutes".
    public var humanDescription: String {
        switch self {
        case .businessDays: return "business days (Mon–Fri)"
        case .months(1): return "monthly"
        case .months(3): return "quarterly"
        case .months(12): return "yearly"
        case .months(let n): return "every \(n) months"
        case .fixed(60_000): return "every minute"
        case .fixed(3_600_000): return "hourly"
        case .fixed(86_400_000): return "daily"
        case .fixed(604_800_000): return "weekly"
        case .fixed: return "every \(description)"
        }
    }
}

private extension String {
    func trimmingCharacters(in c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
