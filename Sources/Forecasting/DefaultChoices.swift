import TimeFrames
import Baselines

// TEMPORARY home: moves to Windowing's default choices when that module lands.
/// Defaults taken from a series' interval and values.
enum DefaultChoices {
    /// The season length by autocorrelation, or 1.
    static func seasonalPeriod(_ values: [Double], interval: SamplingInterval) -> Int {
        SeasonDetection.detect(values, interval: interval)
    }

    /// A horizon that is one natural cycle of the interval, and why.
    static func horizon(for interval: SamplingInterval) -> (Int, String) {
        switch interval {
        case .businessDays: return (5, "one trading week for business-day data")
        case .months(1): return (12, "one year for monthly data")
        case .months(3): return (4, "one year for quarterly data")
        case .months: return (3, "three steps for data sampled every few months or years")
        case .fixed(let ms):
            if ms >= 7 * 86_400_000 { return (4, "about a month for weekly data") }
            if ms >= 86_400_000 { return (7, "one week for daily data") }
            if ms >= 3_600_000 { return (Int(86_400_000 / ms), "one day for \(interval.humanDescription) data") }
            if ms >= 60_000 { return (Int(min(60, 3_600_000 / ms)), "one hour for data every \(interval)") }
            return (60, "60 steps for sub-minute data")
        }
    }

    /// Calendar features that vary at this interval.
    static func calendarFeatures(for interval: SamplingInterval) -> [String] {
        CalendarEncoding.defaultNames(for: interval)
    }
}
