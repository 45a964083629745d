/// Robust z-scores of the residual at several time scales, the largest of which is the score:
/// the residual itself (a spike or jump), its mean over the last `k` steps for each `k` in
/// `spans` (a sustained shift or a pattern that failed to happen), and the mean absolute
/// residual over the last `volatilitySpan` steps (a burst of noise). Each channel is judged
/// against its own history over `window` values, with the same novelty requirement as
/// `RobustZScorer`.
///
/// Calibration (`startCalibration` … `finishCalibration`, the later part of the learning span):
/// each channel's threshold is raised to `calibrationMargin` × the largest score it gave on
/// those rows, between the flag threshold and `calibrationCap` × it. A channel that is noisy on
/// this series (heavy tails, a quantised metric) then needs more to fire, while a quiet one keeps
/// the plain threshold. Scores are divided by these factors, so they stay in the threshold's units.
///
/// Heavy tails (`tailQuantile` > 0): the largest calibration score of a few hundred rows is a poor
/// guide to the largest of thousands when the residuals are heavy-tailed, and it is capped because
/// one incident in the learning span would otherwise blind the channel. So the first
/// `tailChannels` channels (the residual) also take the factor q̂ / q_N, where q̂ is the
/// `tailQuantile` quantile of their calibration scores and q_N the same quantile of |Z| for a
/// standard normal Z (1.96 at 0.95): about 1 for Gaussian residuals, about 1.5 for Laplace ones.
/// A quantile ignores the few rows one incident adds, so this factor is capped by `tailCap` only.
public struct MultiScaleScorer: ResidualScorer {
    private var channels: [RobustZScorer]
    /// Per-channel factor the threshold is raised by (1 until calibrated).
    private var thresholdFactors: [Double]
    /// Largest score per channel while calibrating; nil when not calibrating.
    private var calibrationMaxima: [Double]?
    /// Single-row scores per channel while calibrating (for the tail factor); nil when not recording.
    private var calibrationSamples: [[Double]]?
    private let tailQuantile: Double
    /// The heavy-tail factor's samples are scores without the novelty floor (the shape of the
    /// channel's own distribution); the largest score, with `maximumWithoutFloor`.
    private let tailWithoutFloor: Bool
    private let maximumWithoutFloor: Bool
    private let tailCap: Double
    private let tailChannels: Int
    private let threshold: Double
    private let calibrationMargin: Double
    private let calibrationCap: Double
    /// Level channel: residuals filtered by two boxcars of `levelSpan` (a triangle), which for
    /// the naive predictor is exactly mean(last k values) − mean(the k before them).
    private let levelSpan: Int
    private var boxes: [Double] = []      // last levelSpan residuals
    private var boxSums: [Double] = []    // last levelSpan boxcar sums
    private var boxSum = 0.0, boxSumOfSums = 0.0
    /// The level channel's input for the next residual (see `setLevelIncrement`); nil = the residual.
    private var pendingLevelIncrement: Double?
    private let spans: [Int]
    private let volatilitySpans: [Int]
    private var recent: [Double]
    private var head = 0
    private var seen = 0
    /// Rows the volatility and level channels must stay above a score to reach it (1 = off).
    private let sustainedRows: Int
    /// Per channel, its uncalibrated scores at the last `sustainedRows − 1` rows (0 where it had
    /// none), by row modulo; empty for channels that need no persistence.
    private var pastScores: [[Double]]

    /// - Parameters:
    ///   - window: history each channel is judged against.
    ///   - warmup: values a channel needs before it scores (default min(window, 30)).
    ///   - spans: lengths of the mean-residual channels (each ≥ 2).
    ///   - volatilitySpans: lengths of the mean-absolute-residual channels (each ≥ 2; spans below
    ///     2 are ignored).
    ///   - noveltyMargin: see `RobustZScorer.noveltyMargin`.
    ///   - threshold: the flag threshold (z units).
    ///   - calibrationMargin: multiple of a channel's largest calibration score its threshold is
    ///     raised to (0 = no calibration).
    ///   - calibrationCap: the most a channel's threshold is raised, as a multiple of `threshold`.
    ///   - sustainedRows: the volatility and level channels score the smallest of their last this
    ///     many rows' scores (1 = the row's own): they average a dozen rows or more, so a real
    ///     change of spread or level holds them up for many rows, while a single row over the
    ///     threshold is a borderline fluctuation or an old burst leaving the level channel's
    ///     older half. Calibration still records single-row scores.
    ///   - tailQuantile: quantile in (0, 1) for the heavy-tail factor (0 = off); see above.
    ///   - tailCap: the most the heavy-tail factor raises a threshold (≥ 1).
    ///   - tailChannels: how many channels, from the residual on, take the heavy-tail factor.
    ///   - floorSkipsWarmup: see `RobustZScorer.init`.
    ///   - tailWithoutFloor: the heavy-tail factor's quantile is taken over scores without the
    ///     novelty floor (`RobustZScorer.scoreWithoutNoveltyFloor`): the floor is a separate rule
    ///     (a repeat is not new), and scores it holds down say nothing about the tail's shape.
    ///   - maximumWithoutFloor: the same for the largest score (the max-based factor).
    public init(window: Int, warmup: Int? = nil, spans: [Int], volatilitySpans: [Int], levelSpan: Int = 0,
                noveltyMargin: Double, threshold: Double, calibrationMargin: Double = 0, calibrationCap: Double = 1,
                sustainedRows: Int = 1, tailQuantile: Double = 0, tailCap: Double = 1, tailChannels: Int = 1,
                floorSkipsWarmup: Bool = false, tailWithoutFloor: Bool = false, maximumWithoutFloor: Bool = false) {
        self.tailWithoutFloor = tailWithoutFloor
        self.maximumWithoutFloor = maximumWithoutFloor
        self.threshold = threshold
        self.tailQuantile = tailQuantile > 0 && tailQuantile < 1 ? tailQuantile : 0
        self.tailCap = max(1, tailCap)
        self.tailChannels = max(0, tailChannels)
        self.calibrationMargin = max(0, calibrationMargin)
        self.calibrationCap = max(1, calibrationCap)
        self.spans = spans.filter { $0 >= 2 }
        self.volatilitySpans = volatilitySpans.filter { $0 >= 2 }
        self.levelSpan = levelSpan >= 2 ? levelSpan : 0
        if self.levelSpan > 0 {
            boxes = Array(repeating: 0, count: self.levelSpan)
            boxSums = Array(repeating: 0, count: self.levelSpan)
        }
        let count = 1 + self.spans.count + self.volatilitySpans.count + (self.levelSpan > 0 ? 1 : 0)
        channels = Array(repeating: RobustZScorer(window: window, warmup: warmup, noveltyMargin: noveltyMargin, noveltyThreshold: threshold,
                                                  floorSkipsWarmup: floorSkipsWarmup), count: count)
        thresholdFactors = Array(repeating: 1, count: count)
        recent = Array(repeating: 0, count: max(self.spans.max() ?? 1, self.volatilitySpans.max() ?? 1, 1))
        let rows = max(1, sustainedRows), firstSustained = 1 + self.spans.count
        self.sustainedRows = rows
        pastScores = (0..<count).map { c in c >= firstSustained && rows > 1 ? Array(repeating: 0, count: rows - 1) : [] }
    }

    /// The same with one mean-absolute-residual channel of `volatilitySpan` rows (0 = none).
    public init(window: Int, spans: [Int], volatilitySpan: Int, levelSpan: Int = 0, noveltyMargin: Double, threshold: Double,
                calibrationMargin: Double = 0, calibrationCap: Double = 1) {
        self.init(window: window, spans: spans, volatilitySpans: volatilitySpan >= 2 ? [volatilitySpan] : [], levelSpan: levelSpan,
                  noveltyMargin: noveltyMargin, threshold: threshold, calibrationMargin: calibrationMargin, calibrationCap: calibrationCap)
    }

    public var units: ScoreUnits { .robustZ }

    /// Channel values if `residual` were the next one.
    private func features(with residual: Double) -> [Double]? {
        var out = [residual]
        func mean(over k: Int, _ transform: (Double) -> Double) -> Double? {
            guard seen >= k - 1 else { return nil }
            var sum = transform(residual)
            for lag in 1..<k { sum += transform(recent[(head - lag + recent.count * 2) % recent.count]) }
            return sum / Double(k)
        }
        for k in spans {
            guard let m = mean(over: k, { $0 }) else { return nil }
            out.append(m)
        }
        for k in volatilitySpans {
            guard let m = mean(over: k, { abs($0) }) else { return nil }
            out.append(m)
        }
        if levelSpan > 0 {
            guard seen >= 2 * levelSpan else { return nil }
            let k = levelSpan, slot = seen % k
            let newSum = boxSum - boxes[slot] + (pendingLevelIncrement ?? residual)
            let newSumOfSums = boxSumOfSums - boxSums[slot] + newSum
            out.append(newSumOfSums / Double(k * k) * 2)
        }
        return out
    }

    public func score(_ residual: Double) -> Double? {
        channelScores(residual).compactMap { $0 }.max()
    }

    /// The score is the largest channel's; the channel named is the residual whenever it reaches
    /// the threshold by itself (a spike also lifts the mean channel, often higher, but "the value
    /// is outside its band" is the plainer reason), else the largest.
    public func scoreWithChannel(_ residual: Double) -> (score: Double, channel: AnomalyChannel)? {
        let scores = channelScores(residual)
        var best: (score: Double, channel: AnomalyChannel)?
        for (c, s) in scores.enumerated() {
            guard let s, best.map({ s > $0.score }) ?? true else { continue }
            best = (s, channelKind(c))
        }
        if let b = best, let first = scores.first, let r = first, r >= threshold { return (b.score, .residual) }
        return best
    }

    /// What channel `c` measures: the residual, then the mean channels, the volatility channels
    /// and the level channel.
    private func channelKind(_ c: Int) -> AnomalyChannel {
        if c == 0 { return .residual }
        if c <= spans.count { return .mean }
        if c <= spans.count + volatilitySpans.count { return .volatility }
        return .level
    }

    /// Every channel takes the same floor: they are all in the series' units.
    public mutating func setScaleFloor(_ floor: Double) {
        for c in channels.indices { channels[c].setScaleFloor(floor) }
    }

    /// Channel `c`'s score of feature `x` before calibration, held down to its recent scores when
    /// the channel needs persistence.
    private func sustainedScore(_ c: Int, _ x: Double) -> Double? {
        guard let s = channels[c].score(x) else { return nil }
        return pastScores[c].reduce(s) { min($0, $1) }
    }

    /// Sets the level channel's input for the next `score`/`update`: the step of the series the
    /// level is measured on (by default, when never called, the residual itself: for the naive
    /// predictor the change of the value, for the seasonal-difference predictor the change of the
    /// season-on-season difference).
    public mutating func setLevelIncrement(_ increment: Double) { pendingLevelIncrement = increment }

    /// The factor each channel's threshold is raised by (all 1 before calibration).
    public var channelThresholdFactors: [Double] { thresholdFactors }

    public mutating func startCalibration() {
        if calibrationMargin > 0 { calibrationMaxima = Array(repeating: 0, count: channels.count) }
        if tailQuantile > 0 { calibrationSamples = Array(repeating: [], count: channels.count) }
    }

    public mutating func finishCalibration() {
        if let maxima = calibrationMaxima, threshold > 0 {
            thresholdFactors = maxima.map { min(max(calibrationMargin * $0 / threshold, 1), calibrationCap) }
        }
        if let samples = calibrationSamples {
            let gaussian = TailCalibration.gaussianAbsoluteQuantile(tailQuantile)
            for c in samples.indices where c < tailChannels {
                guard let q = TailCalibration.quantile(samples[c], tailQuantile), gaussian > 0 else { continue }
                thresholdFactors[c] = max(thresholdFactors[c], min(q / gaussian, tailCap))
            }
        }
        calibrationMaxima = nil
        calibrationSamples = nil
    }

    /// Each channel's score of `residual` (residual, mean channels, volatility, level), nil
    /// where a channel is still warming up. For diagnostics.
    public func channelScores(_ residual: Double) -> [Double?] {
        guard let f = features(with: residual) else { return [channels[0].score(residual).map { $0 / thresholdFactors[0] }] }
        return f.indices.map { c in sustainedScore(c, f[c]).map { $0 / thresholdFactors[c] } }
    }

    public func normalBand(threshold: Double) -> (lower: Double, upper: Double)? {
        channels[0].normalBand(threshold: threshold * thresholdFactors[0])
    }

    public mutating func update(_ residual: Double) {
        let f = features(with: residual)
        let single = f.map { f in channels.indices.map { channels[$0].score(f[$0]) } }
        // Scores without the floor cost a second median and MAD per channel: only while calibrating.
        let calibrating = calibrationMaxima != nil || calibrationSamples != nil
        let floorless = calibrating && (tailWithoutFloor || maximumWithoutFloor)
            ? f.map { f in channels.indices.map { channels[$0].scoreWithoutNoveltyFloor(f[$0]) } } : nil
        let forMaxima = maximumWithoutFloor ? floorless : single
        let forSamples = tailWithoutFloor ? floorless : single
        // In place (optional chaining), not through a local copy: a copy would duplicate the
        // recorded samples on every row of the learning span.
        if let forMaxima, calibrationMaxima != nil {
            for c in channels.indices { if let s = forMaxima[c], s.isFinite { calibrationMaxima![c] = max(calibrationMaxima![c], s) } }
        }
        if let forSamples, calibrationSamples != nil {
            for c in 0..<min(tailChannels, channels.count) { if let s = forSamples[c], s.isFinite { calibrationSamples![c].append(s) } }
        }
        for c in pastScores.indices where !pastScores[c].isEmpty {
            pastScores[c][seen % pastScores[c].count] = single?[c].flatMap { $0.isFinite ? $0 : nil } ?? 0
        }
        if let f {
            for i in channels.indices { channels[i].update(f[i]) }
        } else {
            channels[0].update(residual)
        }
        if levelSpan > 0 {
            let slot = seen % levelSpan, increment = pendingLevelIncrement ?? residual
            boxSum += increment - boxes[slot]
            boxes[slot] = increment
            boxSumOfSums += boxSum - boxSums[slot]
            boxSums[slot] = boxSum
        }
        recent[head] = residual
        head = (head + 1) % recent.count
        seen += 1
        pendingLevelIncrement = nil
    }
}
