import TimeFrames

/// The written form of the timestamps in a file. One form is detected from the first timestamp
/// (or given with `--time-format`) and every later row must match it.
enum TimestampForm: Sendable, Equatable {
    /// `2024-03-01`, `2024-03`, `2024-03-01T13:45`, `2024-03-01 13:45:00.250+01:00`, `…Z`.
    case iso
    /// `01.03.2024`, `01.03.2024 13:45:00` (day first, as in German-speaking countries).
    case dotted
    /// `2024/03/01` (year first), optionally with a time.
    case slashYearFirst
    /// `03/01/2024` or `01/03/24`: which of the first two numbers is the day is decided over the
    /// whole file (a number above 12 settles it). Until then values are stored packed.
    case slashUndecided
    case epochSeconds
    case epochMilliseconds
    case custom(TimeFormat)

    /// Name used in messages and in `inspect`.
    var name: String {
        switch self {
        case .iso: return "ISO 8601"
        case .dotted: return "DD.MM.YYYY"
        case .slashYearFirst: return "YYYY/MM/DD"
        case .slashUndecided: return "slash date (day/month order from the data)"
        case .epochSeconds: return "Unix epoch seconds"
        case .epochMilliseconds: return "Unix epoch milliseconds"
        case .custom(let f): return "--time-format \(f.text)"
        }
    }

    /// What a value of this form looks like, for "expected …" in messages.
    var example: String {
        switch self {
        case .iso: return "an ISO 8601 date or date-time such as 2024-03-01 or 2024-03-01T13:45:00Z"
        case .dotted: return "DD.MM.YYYY such as 01.03.2024 or 01.03.2024 13:45:00"
        case .slashYearFirst: return "YYYY/MM/DD such as 2024/03/01"
        case .slashUndecided: return "a slash date such as 03/01/2024 or 01/03/24"
        case .epochSeconds: return "Unix epoch seconds such as 1709251200"
        case .epochMilliseconds: return "Unix epoch milliseconds such as 1709251200000"
        case .custom(let f): return "a time matching \(f.text)"
        }
    }

    /// The form of one sample value, or nil when it is none of the built-in forms. Epoch numbers
    /// are recognised only when `allowEpoch` (a column chosen by name), since any number would do.
    static func detect(_ text: String, allowEpoch: Bool) -> TimestampForm? {
        let b = Array(text.utf8)
        return b.withUnsafeBufferPointer { p -> TimestampForm? in
            guard let base = p.baseAddress, !p.isEmpty else { return nil }
            let n = p.count
            if TimestampParser.parseISO(base, n) != nil { return .iso }
            if TimestampParser.parseDotted(base, n) != nil { return .dotted }
            if TimestampParser.parseSlashYearFirst(base, n) != nil { return .slashYearFirst }
            if TimestampParser.parseSlashPacked(base, n) != nil { return .slashUndecided }
            if allowEpoch, let (intDigits, _) = TimestampParser.epochShape(base, n) {
                if intDigits >= 12 && intDigits <= 13 { return .epochMilliseconds }
                if intDigits >= 8 && intDigits <= 11 { return .epochSeconds }
            }
            return nil
        }
    }
}
