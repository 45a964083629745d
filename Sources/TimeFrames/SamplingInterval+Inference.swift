/// The result of looking for one sampling interval in a series' timestamps.
public enum IntervalInference: Sendable, Equatable {
    /// Fewer than two distinct timestamps: no interval can be told.
    case tooShort
    /// Every step is a whole number of `interval`s (steps of more than one are gaps).
    case regular(SamplingInterval)
    /// The most common step is `candidate`, but the step from `previous` to `next` is not a
    /// whole number of it.
    case irregular(candidate: SamplingInterval, previous: EpochMilliseconds, next: EpochMilliseconds)
}

extension SamplingInterval {
    /// Infers the sampling interval of sorted, distinct timestamps.
    ///
    /// Calendar months (same day of month, or every one a month end) and trading days (weekdays
    /// only, with at least one step over a weekend) are recognised before fixed steps; the fixed
    /// step is the most common difference, and every other difference must be a multiple of it.
    /// - Complexity: O(n) plus a dictionary of distinct differences.
    public static func infer(fromSorted t: [EpochMilliseconds]) -> IntervalInference {
        guard t.count >= 2 else { return .tooShort }
        if let months = inferMonths(t) { return check(t, .months(months)) }
        if isTradingDays(t) { return check(t, .businessDays) }
        // The common case, every step the same, needs no table of steps.
        let first = t[1] - t[0]
        var i = 2
        while i < t.count && t[i] - t[i - 1] == first { i += 1 }
        if i == t.count { return first > 0 ? .regular(.fixed(milliseconds: first)) : .irregular(candidate: .fixed(milliseconds: 1), previous: t[0], next: t[1]) }
        var counts: [Int64: Int] = [:]
        for i in 1..<t.count { counts[t[i] - t[i - 1], default: 0] += 1 }
        // Most common step; ties go to the smaller step so that gaps never hide the real one.
        let mode = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
        return check(t, .fixed(milliseconds: mode))
    }

    private static func check(_ t: [EpochMilliseconds], _ interval: SamplingInterval) -> IntervalInference {
        for i in 1..<t.count where interval.steps(from: t[i - 1], to: t[i]) == nil {
            return .irregular(candidate: interval, previous: t[i - 1], next: t[i])
        }
        return .regular(interval)
    }

    private static let msPerDay: Int64 = 86_400_000

    private static func timeOfDay(_ t: EpochMilliseconds) -> Int64 { ((t % msPerDay) + msPerDay) % msPerDay }

    /// The month step when every timestamp sits on the same day of month (or every one on a month
    /// end) at the same time of day, spanning at least two months.
    private static func inferMonths(_ t: [EpochMilliseconds]) -> Int? {
        let first = CivilDateTime(epochMilliseconds: t[0])
        let tod = timeOfDay(t[0])
        var sameDay = true, allMonthEnds = true
        var g = 0
        var previousIndex = first.year * 12 + first.month - 1
        for ms in t {
            let c = CivilDateTime(epochMilliseconds: ms)
            if timeOfDay(ms) != tod { return nil }
            if c.day != first.day { sameDay = false }
            if c.day != CivilDateTime.daysInMonth(year: c.year, month: c.month) { allMonthEnds = false }
            if !sameDay && !allMonthEnds { return nil }
            let index = c.year * 12 + c.month - 1
            g = gcd(g, index - previousIndex)
            previousIndex = index
        }
        guard g > 0 else { return nil }
        // A month end on the 31st also counts as "same day"; a day <= 28 is unambiguous.
        if allMonthEnds && !sameDay { return g }
        return first.day <= 28 || allMonthEnds ? g : nil
    }

    /// Weekdays only, one time of day, some steps of one day and at least one over a weekend.
    private static func isTradingDays(_ t: [EpochMilliseconds]) -> Bool {
        let tod = timeOfDay(t[0])
        var sawOneDay = false, sawWeekend = false
        for i in t.indices {
            if timeOfDay(t[i]) != tod { return false }
            let day = Int((t[i] - tod) / msPerDay)
            if CivilDateTime.weekday(ofDays: day) >= 5 { return false }
            if i > 0 {
                let diff = t[i] - t[i - 1]
                if diff % msPerDay != 0 { return false }
                if diff == msPerDay { sawOneDay = true }
                let previousWeekday = CivilDateTime.weekday(ofDays: Int((t[i - 1] - tod) / msPerDay))
                // A step of under a week that passes a Saturday (Fri → Mon, or Thu → Mon over a holiday).
                if diff < 7 * msPerDay && previousWeekday + Int(diff / msPerDay) > 4 { sawWeekend = true }
            }
        }
        return sawOneDay && sawWeekend
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// How many steps lead from `a` to `b` (b > a) on this interval's grid; nil when `b` is not on
    /// the grid through `a`.
    public func steps(from a: EpochMilliseconds, to b: EpochMilliseconds) -> Int? {
        guard b > a else { return nil }
        switch self {
        case .fixed(let ms):
            let d = b - a
            return d % ms == 0 ? Int(d / ms) : nil
        case .months(let n):
            let ca = CivilDateTime(epochMilliseconds: a), cb = CivilDateTime(epochMilliseconds: b)
            let months = (cb.year * 12 + cb.month) - (ca.year * 12 + ca.month)
            guard months > 0, months % n == 0 else { return nil }
            let k = months / n
            // Either reading of a month step: the day kept (the 30th: Apr 30 → May 30) or the
            // month's end kept (Apr 30 → May 31, what `advance` does from a last day).
            if advance(a, by: k) == b || SamplingInterval.addMonths(months, to: a, monthEnd: false) == b { return k }
            // Month-end series: Jan 31 → Feb 29 → Mar 31 clamps on the way but is still regular.
            let aEnd = ca.day == CivilDateTime.daysInMonth(year: ca.year, month: ca.month)
            let bEnd = cb.day == CivilDateTime.daysInMonth(year: cb.year, month: cb.month)
            let sameTime = (a % SamplingInterval.msPerDay) == (b % SamplingInterval.msPerDay)
            return aEnd && bEnd && sameTime ? k : nil
        case .businessDays:
            let d = b - a
            guard d % SamplingInterval.msPerDay == 0 else { return nil }
            let startDay = Int((a - SamplingInterval.timeOfDay(a)) / SamplingInterval.msPerDay)
            let days = Int(d / SamplingInterval.msPerDay)
            guard CivilDateTime.weekday(ofDays: startDay + days) < 5 else { return nil }
            // Weekdays in (startDay, startDay + days]: whole weeks give 5 each, then walk the rest.
            var k = (days / 7) * 5
            var day = startDay + (days / 7) * 7
            while day < startDay + days {
                day += 1
                if CivilDateTime.weekday(ofDays: day) < 5 { k += 1 }
            }
            return k
        }
    }

    /// The start of the resampling bucket holding `t`: a multiple of the step since the epoch for
    /// fixed steps, the first of the month (months counted from year 0) or the day for trading days.
    public func bucketStart(_ t: EpochMilliseconds) -> EpochMilliseconds {
        switch self {
        case .fixed(let ms):
            let r = t % ms
            return r >= 0 ? t - r : t - r - ms
        case .businessDays:
            return t - SamplingInterval.timeOfDay(t)
        case .months(let n):
            let c = CivilDateTime(epochMilliseconds: t)
            let index = c.year * 12 + c.month - 1
            let start = index - ((index % n) + n) % n
            return CivilDateTime(year: start / 12, month: start % 12 + 1, day: 1).epochMilliseconds
        }
    }
}
