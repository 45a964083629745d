import Foundation

/// The units a scorer's scores (and so `--threshold`) are in, and which way is anomalous.
public enum ScoreUnits: String, Sendable {
    /// Robust z-score: |residual − median| / (1.4826 · MAD); larger is more anomalous.
    case robustZ = "z"
    /// Conformal p-value in (0, 1]; smaller is more anomalous.
    case pValue = "p"
    /// Gaussian negative log-likelihood in nats; larger is more anomalous.
    case nats = "nll"

    /// How far `score` is past `threshold` as a ratio: ≥ 1 means anomalous, 2 means twice as far
    /// (for p-values, on the −log scale: p = threshold² gives 2). 0 for a nil score.
    public func exceedance(_ score: Double?, threshold: Double) -> Double {
        guard let score, !score.isNaN else { return 0 }
        switch self {
        case .robustZ, .nats:
            return threshold > 0 ? score / threshold : (score > threshold ? .infinity : 0)
        case .pValue:
            let t = min(max(threshold, 1e-300), 1 - 1e-12)
            return -log(max(score, 1e-300)) / -log(t)
        }
    }

    /// The score whose `exceedance` against `threshold` is `exceedance` (its inverse).
    public func score(forExceedance exceedance: Double, threshold: Double) -> Double {
        switch self {
        case .robustZ, .nats: return exceedance * threshold
        case .pValue: return pow(min(max(threshold, 1e-300), 1 - 1e-12), exceedance)
        }
    }
}

/// Scores a residual against the residuals seen before it. `score` reads the state; `update`
/// adds the residual afterwards, so a point is never judged against itself.
public protocol ResidualScorer {
    /// The units of `score` and of thresholds.
    var units: ScoreUnits { get }
    /// The score of `residual` (value − expected), or nil while the scorer is still warming up.
    func score(_ residual: Double) -> Double?
    /// The residual range whose scores stay within `threshold`: (lowest, highest) residual.
    func normalBand(threshold: Double) -> (lower: Double, upper: Double)?
    /// Adds a residual to the state.
    mutating func update(_ residual: Double)
    /// Starts recording the scores of the residuals that follow (the later part of the learning
    /// span) for `finishCalibration`. Scorers without calibration ignore it.
    mutating func startCalibration()
    /// Ends the learning span: scorers that calibrate set their thresholds from what they
    /// recorded since `startCalibration`.
    mutating func finishCalibration()
    /// The score of `residual` per channel (nil where a channel is still warming up), for
    /// diagnostics; scorers with one channel return `[score(residual)]`.
    func channelScores(_ residual: Double) -> [Double?]
    /// Sets the input of a level channel for the next residual (the series' step, see
    /// `MultiScaleScorer.setLevelIncrement`); scorers without one ignore it.
    mutating func setLevelIncrement(_ increment: Double)
    /// The score of `residual` and the channel that gave it (the largest, for several channels);
    /// nil while warming up.
    func scoreWithChannel(_ residual: Double) -> (score: Double, channel: AnomalyChannel)?
    /// Sets the smallest scale (in the series' units) the next scores use, on top of each
    /// scorer's own absolute floor: see `StreamingDetector` (a share of the values' spread), so
    /// a series predicted exactly still gives finite, comparable scores. Scorers without a
    /// scale ignore it.
    mutating func setScaleFloor(_ floor: Double)
}

extension ResidualScorer {
    public mutating func startCalibration() {}
    public mutating func finishCalibration() {}
    public func channelScores(_ residual: Double) -> [Double?] { [score(residual)] }
    public mutating func setLevelIncrement(_ increment: Double) {}
    public func scoreWithChannel(_ residual: Double) -> (score: Double, channel: AnomalyChannel)? {
        score(residual).map { ($0, .residual) }
    }
    public mutating func setScaleFloor(_ floor: Double) {}
}

/// Robust z-score against the median and MAD of the last `window` residuals.
///
/// When the MAD is 0 (a series that mostly repeats its value), the scale falls back to the
/// mean absolute deviation, then to `minimumScale`: a change on a flat series is anomalous,
/// but the score stays finite.
public struct RobustZScorer: ResidualScorer {
    private var recent: RollingWindow
    /// Residuals needed before scores are given.
    public let warmup: Int
    /// Smallest scale used, in the series' units.
    public let minimumScale: Double
    /// A floor set from outside (`setScaleFloor`), e.g. from the spread of the series' values; 0 = none.
    public private(set) var scaleFloor = 0.0
    /// Novelty requirement: with a value m and threshold T, a residual only reaches T when it is
    /// also at least m times the largest deviation held in the window (the scale is raised to
    /// m · max|deviation| / T). 0 turns it off.
    public let noveltyMargin: Double
    /// The threshold the novelty scale is expressed against.
    public let noveltyThreshold: Double
    /// The residuals the novelty floor is taken over with `floorSkipsWarmup` (nil: the whole
    /// window): those that arrived once the scorer was warm.
    private var floorResiduals: RollingWindow?
    /// The residuals that arrived while the scorer was warming up (no score yet) stay out of the
    /// novelty floor.
    public let floorSkipsWarmup: Bool

    /// - Parameters:
    ///   - window: residuals the median and MAD are taken over.
    ///   - warmup: residuals needed before scoring; defaults to min(window, 30).
    ///   - minimumScale: scale floor (default 1e-9).
    ///   - noveltyMargin: see `noveltyMargin` (default 0, off).
    ///   - noveltyThreshold: the flag threshold in z units (needed with a novelty margin).
    ///   - floorSkipsWarmup: residuals that arrive before the scorer is warm (the start of a
    ///     series, often a start-up transient) count in the median and scale but not in the
    ///     novelty floor.
    public init(window: Int, warmup: Int? = nil, minimumScale: Double = 1e-9, noveltyMargin: Double = 0,
                noveltyThreshold: Double = 1, floorSkipsWarmup: Bool = false) {
        recent = RollingWindow(capacity: window)
        self.warmup = warmup ?? min(window, 30)
        self.minimumScale = minimumScale
        self.noveltyMargin = noveltyMargin
        self.noveltyThreshold = noveltyThreshold
        self.floorSkipsWarmup = floorSkipsWarmup
        if floorSkipsWarmup && noveltyMargin > 0 { floorResiduals = RollingWindow(capacity: window) }
    }

    public var units: ScoreUnits { .robustZ }

    /// Median and robust scale (1.4826 · MAD, or the mean absolute deviation's when the MAD is
    /// 0) of the residuals held, once warm, without the novelty floor.
    private var robustLocation: (center: Double, scale: Double)? {
        guard recent.count >= max(1, warmup) else { return nil }
        return recent.robustLocation(minimumScale: minimumScale)
    }

    /// Median and robust scale of the residuals held, once warm, the scale raised by the novelty
    /// floor and the scale floors.
    public var location: (center: Double, scale: Double)? {
        guard let (center, robustScale) = robustLocation else { return nil }
        var scale = robustScale
        let floorWindow = floorResiduals ?? recent
        if noveltyMargin > 0, let low = floorWindow.quantile(0), let high = floorWindow.maximum {
            scale = max(scale, noveltyMargin * max(high - center, center - low) / max(noveltyThreshold, 1e-12))
        }
        return (center, max(scale, minimumScale, scaleFloor))
    }

    public mutating func setScaleFloor(_ floor: Double) { scaleFloor = floor.isFinite ? max(0, floor) : 0 }

    /// The score of `residual` against the median and robust scale alone, without the novelty
    /// floor (nil while warming up).
    public func scoreWithoutNoveltyFloor(_ residual: Double) -> Double? {
        guard let (center, scale) = robustLocation else { return nil }
        return abs(residual - center) / max(scale, minimumScale, scaleFloor)
    }

    public func score(_ residual: Double) -> Double? {
        guard let (center, scale) = location else { return nil }
        return abs(residual - center) / scale
    }

    public func normalBand(threshold: Double) -> (lower: Double, upper: Double)? {
        guard let (center, scale) = location else { return nil }
        return (center - threshold * scale, center + threshold * scale)
    }

    public mutating func update(_ residual: Double) {
        if floorResiduals != nil && recent.count >= max(1, warmup) { floorResiduals?.append(residual) }
        recent.append(residual)
    }
}

/// Split-conformal p-value: the share of calibration residuals at least as large (in absolute
/// value) as this one, `(1 + #{|c| ≥ |r|}) / (n + 1)`. The calibration set is the first
/// `calibrationSize` residuals and then stays fixed, as split conformal prediction prescribes;
/// with `rolling` it is instead the last `calibrationSize` residuals (adapts to drift).
public struct ConformalScorer: ResidualScorer {
    private var calibration: RollingWindow
    private let rolling: Bool
    /// Residuals needed before p-values are given.
    public let warmup: Int

    /// - Parameters:
    ///   - calibrationSize: residuals in the calibration set.
    ///   - rolling: keep the calibration set as a sliding window instead of the first residuals.
    ///   - warmup: residuals needed before scoring; defaults to min(calibrationSize, 30).
    public init(calibrationSize: Int, rolling: Bool = false, warmup: Int? = nil) {
        calibration = RollingWindow(capacity: calibrationSize)
        self.rolling = rolling
        self.warmup = warmup ?? min(calibrationSize, 30)
    }

    public var units: ScoreUnits { .pValue }

    public func score(_ residual: Double) -> Double? {
        guard calibration.count >= max(1, warmup) else { return nil }
        let magnitude = abs(residual)
        let values = calibration.sorted
        // Calibration holds absolute residuals, sorted: count those ≥ magnitude.
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < magnitude { low = mid + 1 } else { high = mid }
        }
        return Double(1 + values.count - low) / Double(values.count + 1)
    }

    public func normalBand(threshold: Double) -> (lower: Double, upper: Double)? {
        guard calibration.count >= max(1, warmup) else { return nil }
        // The residual whose p-value equals the threshold: the (1 − threshold) quantile.
        guard let q = calibration.quantile(1 - threshold) else { return nil }
        return (-q, q)
    }

    public mutating func update(_ residual: Double) {
        if rolling || calibration.count < calibration.capacity { calibration.append(abs(residual)) }
    }
}

/// Gaussian negative log-likelihood of the residual under a normal distribution whose mean and
/// variance are exponentially weighted over roughly the last `window` residuals:
/// `0.5·log(2πσ²) + (r − μ)² / (2σ²)`, in nats.
public struct GaussianNLLScorer: ResidualScorer {
    private let alpha: Double
    private var mean = 0.0
    private var variance = 0.0
    private var seen = 0
    /// Residuals needed before scores are given.
    public let warmup: Int
    /// Variance floor, so a perfectly predicted stretch does not make the next residual infinite.
    public let minimumVariance: Double

    /// - Parameters:
    ///   - window: effective window of the exponential weights, α = 2 / (window + 1).
    ///   - warmup: residuals needed before scoring; defaults to min(window, 30).
    ///   - minimumVariance: variance floor (default 1e-12).
    public init(window: Int, warmup: Int? = nil, minimumVariance: Double = 1e-12) {
        alpha = 2 / (Double(max(1, window)) + 1)
        self.warmup = warmup ?? min(window, 30)
        self.minimumVariance = minimumVariance
    }

    public var units: ScoreUnits { .nats }

    private var sigmaSquared: Double { max(variance, minimumVariance) }

    public func score(_ residual: Double) -> Double? {
        guard seen >= max(1, warmup) else { return nil }
        let d = residual - mean
        return 0.5 * log(2 * Double.pi * sigmaSquared) + d * d / (2 * sigmaSquared)
    }

    public func normalBand(threshold: Double) -> (lower: Double, upper: Double)? {
        guard seen >= max(1, warmup) else { return nil }
        let room = threshold - 0.5 * log(2 * Double.pi * sigmaSquared)
        let half = room > 0 ? (2 * sigmaSquared * room).squareRoot() : 0
        return (mean - half, mean + half)
    }

    public mutating func update(_ residual: Double) {
        guard !residual.isNaN else { return }
        if seen == 0 {
            mean = residual
        } else {
            // West's exponentially weighted mean and variance.
            let d = residual - mean
            let increment = alpha * d
            mean += increment
            variance = (1 - alpha) * (variance + d * increment)
        }
        seen += 1
    }
}
