import TimeFrames

/// Season detection by autocorrelation, among the cycles an interval makes plausible.
///
/// The same candidates as `Baselines.SeasonDetection` (which this module cannot import: it comes
/// later in the data flow), but tested on first differences, pooled over several series and
/// explained in words.
public enum Seasonality {
    /// One tested season length and its evidence.
    public struct Candidate: Sendable, Equatable {
        public var period: Int
        /// Mean sample autocorrelation of the first differences at `period`, over the series long
        /// enough to test it.
        public var autocorrelation: Double
        /// Whether it passed: at least three cycles, autocorrelation ≥ threshold, a local peak,
        /// above the half-cycle value by the threshold.
        public var detected: Bool
    }

    /// The outcome: the chosen season (nil if none), every candidate, and a reason.
    public struct Detection: Sendable, Equatable {
        public var period: Int?
        public var candidates: [Candidate]
        public var reason: String
        /// Detected periods, shortest first.
        public var detectedPeriods: [Int] { candidates.filter(\.detected).map(\.period) }
    }

    /// Candidate season lengths for data sampled every `interval`, shortest first: 24 and 168
    /// for hourly data, 7 and 365 daily, 5 (and 21, 252) business days, 12 monthly, 4
    /// quarterly, 52 weekly, 60 and 1440 per minute, the day for other sub-daily steps.
    public static func candidates(for interval: SamplingInterval?) -> [Int] {
        guard let interval else { return [] }
        switch interval {
        case .businessDays: return [5, 21, 252]
        case .months(1): return [12]
        case .months(3): return [4]
        case .months: return []
        case .fixed(let ms):
            switch ms {
            case 1000: return [60, 3600]
            case 60_000: return [60, 1440]
            case 5 * 60_000: return [12, 288]
            case 10 * 60_000: return [6, 144]
            case 15 * 60_000: return [4, 96, 672]
            case 30 * 60_000: return [48, 336]
            case 3_600_000: return [24, 168]
            case 86_400_000: return [7, 365]
            case 7 * 86_400_000: return [52]
            default: return ms > 0 && 86_400_000 % ms == 0 && ms < 86_400_000 ? [Int(86_400_000 / ms)] : []
            }
        }
    }

    /// Detects the season of `series` (each an array of target values, e.g. the training rows
    /// of every series; at most `maxSeries` are used).
    ///
    /// The test runs on first differences: a level that wanders (oil temperature, prices, a
    /// trend) makes the raw autocorrelation high at every lag and hides the cycle, while the
    /// differences keep the cycle and drop the wandering. A candidate `m` is detected when the
    /// mean autocorrelation of the differences at `m`, over series holding at least three
    /// cycles, reaches `threshold` (and 2.5 standard errors of white noise, 2.5/√n) and is a
    /// local peak, above lags `m − 1` and `m + 1`, and at least `threshold` above its value half a
    /// cycle away (`m / 2`, where a real cycle is in antiphase). The strongest detected candidate
    /// wins, unless a shorter detected one divides it and has at least half its autocorrelation:
    /// a multiple of a season (168 = 7 × 24) inherits its autocorrelation, and the shorter
    /// cycle is the one windows can cover.
    /// On ETTh1's oil temperature the raw autocorrelation is 0.93 at 23, 24 and 25 alike; the
    /// differences give 0.07, 0.16, 0.08.
    public static func detect(_ series: [[Double]], interval: SamplingInterval?, threshold: Double = 0.1,
                              maxSeries: Int = 50) -> Detection {
        let pool = series.prefix(maxSeries).map { v in v.count < 2 ? [] : (1..<v.count).map { v[$0] - v[$0 - 1] } }
        let tried = candidates(for: interval)
        guard let interval, !tried.isEmpty else {
            let what = interval.map { Seasonality.dataDescription($0) } ?? "data with an unknown interval"
            return Detection(period: nil, candidates: [], reason: "no season: no candidate season lengths for \(what)")
        }
        var results: [Candidate] = []
        for m in tried where m >= 2 {
            let usable = pool.filter { $0.count >= 3 * m }
            guard !usable.isEmpty else { continue }
            func mean(_ lag: Int) -> Double { usable.map { autocorrelation($0, lag: lag) }.reduce(0, +) / Double(usable.count) }
            let rows = usable.reduce(0) { $0 + $1.count }
            let r = mean(m)
            // Half a cycle away a real season is in antiphase; a smooth, slowly decaying
            // autocorrelation (no cycle) is higher there than at m.
            let half = (mean(m / 2) + mean((m + 1) / 2)) / 2
            let detected = r >= max(threshold, 2.5 / Double(rows).squareRoot()) && r > mean(m - 1) && r > mean(m + 1)
                && r - half >= threshold
            results.append(Candidate(period: m, autocorrelation: r, detected: detected))
        }
        let triedText = tried.map(String.init).joined(separator: ", ")
        guard let strongest = results.filter(\.detected).max(by: { $0.autocorrelation < $1.autocorrelation }) else {
            let detail = results.isEmpty ? "series shorter than three cycles of every candidate"
                : results.map { "\($0.period): \(format($0.autocorrelation))" }.joined(separator: ", ")
            return Detection(period: nil, candidates: results,
                             reason: "no season found in \(Seasonality.dataDescription(interval)) (autocorrelation of the differences at \(triedText) → \(detail); needs ≥ \(format(threshold)), a local peak, and \(format(threshold)) above the value half a cycle away)")
        }
        // A shorter season that divides the strongest and keeps half its strength wins: the
        // multiple inherits the shorter cycle's autocorrelation, and a shorter season fits windows.
        let best = results.first {
            $0.detected && strongest.period % $0.period == 0 && $0.autocorrelation >= 0.5 * strongest.autocorrelation
        } ?? strongest
        let others = results.filter { $0.detected && $0.period != best.period }.map { String($0.period) }
        return Detection(period: best.period, candidates: results,
                         reason: "season \(best.period) (autocorrelation of the differences \(format(best.autocorrelation)) at lag \(best.period); tried \(triedText) for \(Seasonality.dataDescription(interval))"
                            + (others.isEmpty ? ")" : "; also seen: \(others.joined(separator: ", ")))"))
    }

    /// Sample autocorrelation at `lag`: `Σ (y_t − ȳ)(y_{t−lag} − ȳ) / Σ (y_t − ȳ)²`, pairs with a
    /// NaN skipped; 0 for a constant or too short series.
    public static func autocorrelation(_ values: [Double], lag: Int) -> Double {
        guard lag >= 1, values.count > lag else { return 0 }
        var sum = 0.0, n = 0
        for v in values where v.isFinite { sum += v; n += 1 }
        guard n > 0 else { return 0 }
        let mean = sum / Double(n)
        var denominator = 0.0
        for v in values where v.isFinite { denominator += (v - mean) * (v - mean) }
        guard denominator > 0 else { return 0 }
        var numerator = 0.0
        for t in lag..<values.count {
            let p = (values[t] - mean) * (values[t - lag] - mean)
            if p.isFinite { numerator += p }
        }
        return numerator / denominator
    }

    /// "hourly data", "data sampled every 5m".
    public static func dataDescription(_ interval: SamplingInterval) -> String {
        let h = interval.humanDescription
        return h.hasPrefix("every ") ? "data sampled \(h)" : "\(h) data"
    }

    static func format(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }
}
