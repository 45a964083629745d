import TimeFrames

/// Finds the season length of a series from its autocorrelation, among the cycles its sampling
/// interval makes plausible (24 and 168 for hourly data, 7 and 365 for daily, 5 for business
/// days, 12 for monthly…).
public enum SeasonDetection {
    /// Candidate season lengths for data sampled every `interval`, shortest first.
    public static func candidates(for interval: SamplingInterval?) -> [Int] {
        guard let interval else { return [] }
        switch interval {
        case .businessDays: return [5, 21, 252]
        case .months(1): return [12]
        case .months(3): return [4]
        case .months: return []
        case .fixed(let ms):
            switch ms {
            case 60_000: return [60, 1440]
            case 5 * 60_000: return [12, 288]
            case 10 * 60_000: return [6, 144]
            case 15 * 60_000: return [4, 96, 672]
            case 30 * 60_000: return [48, 336]
            case 3_600_000: return [24, 168]
            case 86_400_000: return [7, 365]
            case 7 * 86_400_000: return [52]
            default:
                // Any other fixed step: the day, if it is a whole number of steps.
                return ms > 0 && 86_400_000 % ms == 0 ? [Int(86_400_000 / ms)] : []
            }
        }
    }

    /// The detected season length, or 1 when no candidate shows a clear cycle.
    ///
    /// The test runs on the first differences `y_t − y_{t−1}`, which removes trends and slow
    /// wandering: on levels, a smooth series (a temperature, a random walk) is autocorrelated at
    /// every lag and would "detect" any candidate. A candidate `m` qualifies when the series holds
    /// at least three cycles and the autocorrelation of the differences at lag `m` is at least
    /// `threshold` and a local peak (above lags `m − 1` and `m + 1`). Among qualifiers the
    /// highest autocorrelation wins (24 over 168 on hourly data with both cycles, when the daily
    /// one is the stronger).
    /// - Complexity: O(T · candidates).
    public static func detect(_ values: [Double], interval: SamplingInterval?, threshold: Double = 0.1) -> Int {
        let differences = values.count > 1 ? (1..<values.count).map { values[$0] - values[$0 - 1] } : []
        var best = (period: 1, acf: -Double.infinity)
        for m in candidates(for: interval) where values.count >= 3 * m && m >= 2 {
            let r = autocorrelation(differences, lag: m)
            guard r >= threshold, r > autocorrelation(differences, lag: m - 1),
                  r > autocorrelation(differences, lag: m + 1) else { continue }
            if r > best.acf { best = (m, r) }
        }
        return best.period
    }

    /// Sample autocorrelation at `lag`: `Σ (y_t − ȳ)(y_{t−lag} − ȳ) / Σ (y_t − ȳ)²`, NaN pairs
    /// skipped; 0 for a constant or too short series.
    public static func autocorrelation(_ values: [Double], lag: Int) -> Double {
        let finite = values.filter(\.isFinite)
        guard lag >= 1, values.count > lag, !finite.isEmpty else { return 0 }
        let mean = finite.reduce(0, +) / Double(finite.count)
        var denominator = 0.0
        for v in finite { denominator += (v - mean) * (v - mean) }
        guard denominator > 0 else { return 0 }
        var numerator = 0.0
        for t in lag..<values.count {
            let p = (values[t] - mean) * (values[t - lag] - mean)
            if p.isFinite { numerator += p }
        }
        return numerator / denominator
    }
}
