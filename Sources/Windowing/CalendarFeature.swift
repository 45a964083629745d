import Foundation
import TimeFrames

/// A cyclic calendar input, encoded as a sine/cosine pair so that 23:00 sits next to 00:00 and
/// December next to January.
public enum CalendarFeature: String, Codable, Sendable, CaseIterable {
    /// Fraction of the day: `(hour + minute/60) / 24`.
    case hourOfDay = "hour_of_day"
    /// Monday = 0 … Sunday = 6, over 7.
    case dayOfWeek = "day_of_week"
    /// January = 0 … December = 11, over 12.
    case monthOfYear = "month_of_year"

    /// The position in the cycle, in `0..<1`.
    public func phase(of c: CivilDateTime) -> Double {
        switch self {
        case .hourOfDay: return (Double(c.hour) + Double(c.minute) / 60 + Double(c.second) / 3600) / 24
        case .dayOfWeek: return Double(c.weekday) / 7
        case .monthOfYear: return Double(c.month - 1) / 12
        }
    }

    /// The two input column names: `hour_of_day_sin`, `hour_of_day_cos`.
    public var columnNames: [String] { [rawValue + "_sin", rawValue + "_cos"] }

    /// The features that vary for data sampled every `interval`, with the reason, for printing.
    ///
    /// Sub-daily steps get hour of day, day of week and month; daily and business-day steps day
    /// of week and month; weekly to quarterly steps month; longer steps (and unknown intervals)
    /// none, since a feature that never changes teaches nothing. Hour of day needs a step that
    /// divides the day into several parts, so 12-hour data still gets it but 1-day data does not.
    public static func defaults(for interval: SamplingInterval?) -> (features: [CalendarFeature], reason: String) {
        guard let interval else { return ([], "no calendar features: the sampling interval is unknown") }
        let features: [CalendarFeature]
        switch interval {
        case .businessDays: features = [.dayOfWeek, .monthOfYear]
        case .months(let n): features = n < 12 ? [.monthOfYear] : []
        case .fixed(let ms):
            if ms < 86_400_000 { features = [.hourOfDay, .dayOfWeek, .monthOfYear] }
            else if ms == 86_400_000 { features = [.dayOfWeek, .monthOfYear] }
            else if ms < 92 * 86_400_000 { features = [.monthOfYear] }
            else { features = [] }
        }
        let names = features.map { $0.rawValue.replacingUnderscores() }
        let reason = features.isEmpty
            ? "no calendar features: \(Seasonality.dataDescription(interval)) has no cycle they would describe"
            : "calendar features \(names.joined(separator: ", ")) (sine/cosine pairs) for \(Seasonality.dataDescription(interval))"
        return (features, reason)
    }

    /// Writes the sine/cosine pairs of `features` at instant `t` to `out[0 ..< 2 * features.count]`.
    public static func encode(_ features: [CalendarFeature], at t: EpochMilliseconds, into out: UnsafeMutablePointer<Float>) {
        guard !features.isEmpty else { return }
        let c = CivilDateTime(epochMilliseconds: t)
        for (i, f) in features.enumerated() {
            let angle = 2 * Double.pi * f.phase(of: c)
            out[2 * i] = Float(sin(angle))
            out[2 * i + 1] = Float(cos(angle))
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
