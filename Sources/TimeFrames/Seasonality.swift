/// Season detection by autocorrelation, among the cycles an interval makes plausible.
///
/// It lives here, at the start of the data flow, because windowing defaults, baselines, backtests
/// and anomaly detection all need the same answer. Tested on first differences (and on levels for
/// slow cycles), pooled over several series, and explained in words.
public enum Seasonality {
    /// One tested season length and its evidence.
    public struct Candidate: Sendable, Equatable {
        public var period: Int
        /// Mean sample autocorrelation of the first differences at `period`, over the series long
        /// enough to test it.
        public var autocorrelation: Double
        /// The same for the values themselves.
        public var levelAutocorrelation: Double
        /// Whether either test passed (see ``Seasonality/detect(_:interval:threshold:maxSeries:)``).
        public var detected: Bool
        /// The autocorrelation of the test that passed (the larger if both); −1 if none.
        public var strength: Double
        /// "differences" or "levels": the test that detected it.
        public var evidence: String
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
    /// Two tests, on the mean autocorrelation over the series holding at least three cycles:
    /// - on first differences: a level that wanders (oil temperature, prices, a trend) makes the
    ///   raw autocorrelation high at every lag and hides a short cycle, while the differences
    ///   keep the cycle. Passed when the value at `m` reaches `threshold` (and 2.5/√n, 2.5
    ///   standard errors of white noise), is a local peak (above `m ± 1`) and is `threshold`
    ///   above its value half a cycle away, where a real cycle is in antiphase and a smooth
    ///   decay is higher. On ETTh1's oil temperature the raw values are 0.93 at lags 23, 24
    ///   and 25 alike; the differences give 0.07, 0.16, 0.08.
    /// - on the levels: differencing all but erases a slow cycle (the year in daily weather),
    ///   which the levels show plainly: passed when the value at `m` is at least 0.25 and 0.5
    ///   above the value half a cycle away (a wandering level or a trend is higher there).
    ///
    /// The strongest detected candidate wins, unless a shorter detected one divides it and has at
    /// least half its strength: a multiple of a season (168 = 7 × 24) inherits its
    /// autocorrelation, and the shorter cycle is the one windows can cover.
    public static func detect(_ series: [[Double]], interval: SamplingInterval?, threshold: Double = 0.1,
                              maxSeries: Int = 50) -> Detection {
        let levels = Array(series.prefix(maxSeries))
        let differences = levels.map { v in v.count < 2 ? [] : (1..<v.count).map { v[$0] - v[$0 - 1] } }
        let tried = candidates(for: interval)
        guard let interval, !tried.isEmpty else {
            let what = interval.map { Seasonality.dataDescription($0) } ?? "data with an unknown interval"
            return Detection(period: nil, candidates: [], reason: "no season: no candidate season lengths for \(what)")
        }
        var results: [Candidate] = []
        for m in tried where m >= 2 {
            let usable = differences.indices.filter { levels[$0].count >= 3 * m }
            guard !usable.isEmpty else { continue }
            func mean(_ pool: [[Double]], _ lag: Int) -> Double {
                usable.map { autocorrelation(pool[$0], lag: lag) }.reduce(0, +) / Double(usable.count)
            }
            func halfCycle(_ pool: [[Double]]) -> Double { (mean(pool, m / 2) + mean(pool, (m + 1) / 2)) / 2 }
            let rows = usable.reduce(0) { $0 + differences[$1].count }
            let r = mean(differences, m)
            let byDifferences = r >= max(threshold, 2.5 / Double(rows).squareRoot())
                && r > mean(differences, m - 1) && r > mean(differences, m + 1) && r - halfCycle(differences) >= threshold
            let level = mean(levels, m)
            let byLevels = level >= 0.25 && level - halfCycle(levels) >= 0.5
            let strength = max(byDifferences ? r : -1, byLevels ? level : -1)
            results.append(Candidate(period: m, autocorrelation: r, levelAutocorrelation: level,
                                     detected: byDifferences || byLevels, strength: strength,
                                     evidence: byDifferences ? "differences" : "levels"))
        }
        let triedText = tried.map(String.init).joined(separator: ", ")
        guard let strongest = results.filter(\.detected).max(by: { $0.strength < $1.strength }) else {
            let detail = results.isEmpty ? "series shorter than three cycles of every candidate"
                : results.map { "\($0.period): \(format($0.autocorrelation))" }.joined(separator: ", ")
            return Detection(period: nil, candidates: results,
                             reason: "no season found in \(Seasonality.dataDescription(interval)) (autocorrelation of the differences at \(triedText) → \(detail); needs ≥ \(format(threshold)), a local peak, and \(format(threshold)) above the value half a cycle away)")
        }
        let best = results.first {
            $0.detected && strongest.period % $0.period == 0 && $0.strength >= 0.5 * strongest.strength
        } ?? strongest
        let others = results.filter { $0.detected && $0.period != best.period }.map { String($0.period) }
        return Detection(period: best.period, candidates: results,
                         reason: "season \(best.period) (autocorrelation of the \(best.evidence) \(format(best.strength)) at lag \(best.period); tried \(triedText) for \(Seasonality.dataDescription(interval))"
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
