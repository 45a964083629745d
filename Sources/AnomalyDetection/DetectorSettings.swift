/// The scorer a detector uses, with its window.
public enum ScorerKind: String, Sendable, CaseIterable {
    /// `RobustZScorer`: robust z-score against a rolling median and MAD.
    case robustZ = "zscore"
    /// `ConformalScorer`: split-conformal p-value against calibration residuals.
    case conformal
    /// `GaussianNLLScorer`: Gaussian negative log-likelihood with a rolling scale.
    case gaussianNLL = "nll"
    /// `MultiScaleScorer`: robust z-scores of the residual at several time scales.
    case multiScale = "multiscale"

    /// The threshold used when neither `--threshold` nor `--contamination` is given.
    public var defaultThreshold: Double {
        switch self {
        case .robustZ: return 5
        case .multiScale: return 4.5
        case .conformal: return 0.001
        case .gaussianNLL: return 12
        }
    }

    /// A fresh scorer configured by `settings` (window, novelty margin, spans; threshold for
    /// the novelty scale).
    public func makeScorer(_ settings: DetectorSettings) -> any ResidualScorer {
        let window = settings.scoreWindow, threshold = settings.effectiveThreshold
        switch self {
        case .robustZ: return RobustZScorer(window: window, warmup: min(window, settings.scorerWarmup), noveltyMargin: settings.noveltyMargin, noveltyThreshold: threshold)
        // Not the short warm-up: a p-value from a dozen residuals cannot reach 0.001, and the
        // Gaussian NLL has no novelty floor, so a dozen residuals make every new pattern "anomalous".
        case .conformal: return ConformalScorer(calibrationSize: window)
        case .gaussianNLL: return GaussianNLLScorer(window: window)
        case .multiScale:
            return MultiScaleScorer(window: window, warmup: min(window, settings.scorerWarmup), spans: settings.spans, volatilitySpans: settings.volatilitySpans,
                                    levelSpan: settings.levelSpan, noveltyMargin: settings.noveltyMargin, threshold: threshold,
                                    calibrationMargin: settings.calibrationMargin, calibrationCap: settings.calibrationCap,
                                    sustainedRows: settings.sustainedRows, tailQuantile: settings.tailQuantile,
                                    tailCap: settings.tailCap, tailChannels: settings.tailChannels,
                                    floorSkipsWarmup: settings.floorSkipsWarmup,
                                    tailWithoutFloor: settings.tailWithoutFloor, maximumWithoutFloor: settings.calibrationMaximumWithoutFloor)
        }
    }
}

/// What turns scores into flags, and flags into events. The defaults are the configuration
/// evaluated on NAB in docs/anomaly-detection.md.
public struct DetectorSettings: Sendable {
    public var scorer: ScorerKind = .multiScale
    /// Residuals the scorer's rolling statistics cover.
    public var scoreWindow: Int = 1000
    /// Multi-scale scorer: lengths of the mean-residual channels.
    public var spans: [Int] = [12]
    /// Multi-scale scorer: lengths of the mean-absolute-residual channels (empty = none).
    public var volatilitySpans: [Int] = [12]
    /// Multi-scale scorer: span of the level channel (mean of the last k values against the k
    /// before, for the naive predictor); 0 = none.
    public var levelSpan: Int = 24
    /// Multi-scale scorer: the level channel measures the values themselves (mean of the last
    /// `levelSpan` against the `levelSpan` before) for predictors without a season, instead of the
    /// running sum of their residuals (the same thing for the naive predictor only).
    public var levelOnValues: Bool = true
    /// Flag threshold in the scorer's units; nil for the scorer's default (or `contamination`).
    public var threshold: Double?
    /// Expected share of anomalous points in (0, 0.5): sets the threshold to the matching
    /// quantile of the scores seen in the learning span. Overrides `threshold`.
    public var contamination: Double?
    /// Residuals come from forecasts made this many steps earlier (1 = one-step-ahead).
    public var horizon: Int = 1
    /// The first rows, which the predictor and scorer learn from and which are never flagged.
    public var learningSpan: Int = 0
    /// Multi-scale scorer: each channel's threshold is raised to this multiple of the largest
    /// score it gave in the calibration part of the learning span (0 = off).
    public var calibrationMargin: Double = 1.3
    /// Multi-scale scorer: the most a channel's threshold is raised, as a multiple of the threshold.
    public var calibrationCap: Double = 4.0 / 3.0
    /// Multi-scale scorer: rows the volatility and level channels must stay above a score to
    /// reach it (1 = off); see `MultiScaleScorer.init(…sustainedRows:)`.
    public var sustainedRows: Int = 4
    /// Multi-scale scorer, heavy tails: the residual channel's threshold is also raised by the
    /// ratio of this quantile of its calibration scores to the same quantile of |Z| for a
    /// Gaussian Z (0 = off). A quantile, unlike the largest score, is not moved by one incident in
    /// the learning span, so this factor may exceed `calibrationCap`. See `MultiScaleScorer`.
    public var tailQuantile: Double = 0.95
    /// Multi-scale scorer: the most the tail factor raises a channel's threshold (a guard for a
    /// quantised metric whose robust scale is tiny; never reached on the NAB corpus).
    public var tailCap: Double = 2
    /// Multi-scale scorer: the tail factor applies to the first this many channels (1 = the
    /// residual only: the other channels average 12–48 rows, and a quantile of ~400 such
    /// overlapping averages is too noisy to correct a threshold with).
    public var tailChannels: Int = 1
    /// Where calibration starts, as a share of the learning span (the scorers' windows fill up
    /// before it, so their first, unsettled scores are not taken as the series' normal range).
    public var calibrationStart: Double = 0.3
    /// Exceedance that keeps an event open (hysteresis).
    public var releaseRatio: Double = 0.5
    /// Quiet points that close an event.
    public var eventGap: Int = 20
    /// Consecutive unflagged points that close an event even while they stay above the release
    /// level (0 = never); see `EventBuilder.maximumUnflagged`.
    public var eventHold: Int = 120
    /// An open event is split, raising a new alert, at a point whose exceedance reaches this
    /// multiple of the event's peak so far (0 = never): a long low-grade event must not hide a
    /// far larger incident that starts while it is open.
    public var escalation: Double = 3
    /// Robust z-score only: a residual must also exceed this multiple of the largest deviation
    /// in the window to be flagged (0 = off); see `RobustZScorer.noveltyMargin`.
    public var noveltyMargin: Double = 0.9
    /// Multi-scale scorer: residuals that arrive while a channel warms up (before it scores) stay
    /// out of its novelty floor.
    public var floorSkipsWarmup: Bool = true
    /// Multi-scale scorer: the heavy-tail factor's quantile is taken over the calibration span's
    /// scores without the novelty floor: the shape of the residuals' own distribution, not
    /// scores held down by an earlier large deviation.
    public var tailWithoutFloor: Bool = true
    /// Multi-scale scorer: the max-based calibration factor, too, from scores without the novelty
    /// floor (off).
    public var calibrationMaximumWithoutFloor: Bool = false
    /// Drop to zero: flag (severity medium) each row of a run of k exact zeros once k × the level
    /// expected before the run reaches this value, the −log probability of k zeros from a
    /// Poisson count at that level (14 ≈ one chance in a million). A count or rate that stops is
    /// an outage even when noise at that scale is as large as the drop. 0 = off.
    public var zeroDropEvidence: Double = 14
    /// Idle rule: flag (severity medium) each row of a run of one exact value once the run is
    /// longer than every such run that ended before it (learning span included) and than this
    /// many rows; only on series whose longest ended run is at least 2 rows. 0 = off (the
    /// default: for an error count, where 0 is the healthy state, a long quiet spell is good news;
    /// on the sample log's 5xx count the rule flags the quiet night and merges the day's incidents).
    public var idleRunMinimum: Int = 0
    /// Shape channel (`SubsequenceNovelty`): values per stretch whose distance to the nearest
    /// earlier stretch is scored (0 = off).
    public var shapeLength: Int = 48
    /// Shape channel: block means each stretch is reduced to.
    public var shapeSegments: Int = 8
    /// Shape channel: earlier stretches kept as candidates (bounds cost and memory).
    public var shapeHistory: Int = 2000
    /// Shape channel: a stretch is flagged when its nearest distance reaches this multiple of the
    /// largest one seen in the calibration part of the learning span.
    public var shapeMargin: Double = 1.5
    /// Shape channel: compare stretches with their mean removed, so a level never seen before is
    /// not by itself a new shape (trends and level shifts are the level channel's job).
    public var shapeCentred: Bool = false
    /// Shape channel: a distance must also reach the largest of the last this many rows' (0 =
    /// off), so a trend or new normal that keeps every stretch new does not alert row after row.
    public var shapeFloorWindow: Int = 300
    /// Smallest residual scale, as a share of the spread of the last 30 values (of their level
    /// when they do not vary; see `StreamingDetector`): a series predicted exactly (no noise) has
    /// no residual spread, and a departure must still get a finite score (0 = off: the scorers'
    /// absolute floor, 1e-9, only).
    public var scaleFloorShare: Double = 1e-3
    /// Residuals the robust-z scorers (`multiscale`, `zscore`) need before they score: 30, or the
    /// learning span when that is shorter (at least 10), so a short series is scored from the end
    /// of its learning span. (`conformal` and `nll` keep 30.)
    public var scorerWarmup: Int { learningSpan > 0 ? min(30, max(10, learningSpan)) : 30 }
    /// Seasonal predictors, one step ahead: a residual outside the residual channel's band is
    /// taken instead against the nearest of the forecasts with the season shifted by up to this
    /// many rows either way (`OneStepPredictor.nearestForecast`), so a daily spike that comes a
    /// row or two early or late is not an anomaly (0 = the plain forecast only; at most
    /// `SeasonalDifferencePredictor.maximumShift`). NAB: 74.5 → 75.2 (1, 2, 3 and 4 all help).
    public var seasonalShifts: Int = 3
    /// With `seasonalShifts`: the shifted forecasts are tried only for a residual outside the
    /// residual channel's band at this multiple of the threshold (0 = for every row, which
    /// shrinks the residuals' scale with the noise: NAB 72.1).
    public var seasonalShiftGate: Double = 1
    /// With `seasonalShifts`: only the row's own score uses the shifted residual; the scorer's
    /// history (scale, novelty floor, averaging channels) keeps the plain one, so an absent
    /// seasonal edge that a shifted season explained for a row still reaches the mean channel and
    /// the novelty floor (off: the same 75.2 on NAB but one more false alert on half 0).
    public var shiftHistoryPlain: Bool = true
    /// A flagged row reaches the predictor through `observeFlagged` (a seasonal predictor then
    /// remembers the expected value, so the anomaly is not replayed one season later) instead of
    /// `observe`. Off: NAB 71.3 with it. (Before this setting, `observeFlagged` was declared in
    /// a protocol extension only, so the detector always reached the default, `observe`.)
    public var seasonRemembersExpected: Bool = false
    /// Absence rule (`BurstAbsence`): on a series whose learning span held at least
    /// `absenceMinimumBursts` bursts (residuals of `absenceBurstScore` robust z or more), a quiet
    /// stretch longer than this multiple of the longest before it (learning span included) is
    /// flagged (severity medium, channel `absence`). 0 = off, the default: on NAB the rule with
    /// margin 1 adds two windows (75.5 → 77.9) but 13 false alerts of its 17, and its margin fails
    /// the held-out check in one direction (chosen on half 1, 1.5, it costs half 0 1.0); and for an
    /// error count a quiet stretch longer than ever is good news. Opt-in: 1.
    public var absenceMargin: Double = 0
    /// Absence rule: the robust z (against the learning span's residuals) of a burst.
    public var absenceBurstScore: Double = 10
    /// Absence rule: bursts the learning span must hold for the rule to apply.
    public var absenceMinimumBursts: Int = 3
    /// Absence rule: flag only the first row past the limit (one short event), not every row
    /// until the next burst (a long event that swallows the windows after it: NAB 73.3).
    public var absenceFirstRowOnly: Bool = true
    /// Flag missing values (as low-severity points) instead of skipping them.
    public var flagMissing: Bool = false

    public init() {}

    /// The threshold in force before any contamination-based calibration.
    public var effectiveThreshold: Double { threshold ?? scorer.defaultThreshold }
}

/// A setting that cannot work, with the option it came from.
public enum DetectorSettingsError: Error, CustomStringConvertible, Equatable {
    case invalid(option: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .invalid(option, value, expected):
            return "invalid value '\(value)' for \(option): expected \(expected)"
        }
    }
}

extension DetectorSettings {
    /// Checks every field; throws the first problem found.
    public func validate() throws {
        if let t = threshold {
            if !t.isFinite || (scorer == .conformal && !(t > 0 && t < 1)) || (scorer != .conformal && scorer != .gaussianNLL && !(t > 0)) {
                throw DetectorSettingsError.invalid(option: "--threshold", value: "\(t)",
                    expected: scorer == .conformal ? "a p-value in (0, 1)" : "a positive number")
            }
        }
        if let c = contamination {
            guard c > 0, c < 0.5 else {
                throw DetectorSettingsError.invalid(option: "--contamination", value: "\(c)", expected: "a share in (0, 0.5), e.g. 0.01")
            }
            guard learningSpan > 0 else {
                throw DetectorSettingsError.invalid(option: "--contamination", value: "\(c)",
                    expected: "a learning span (--train-size) to calibrate on")
            }
        }
        guard horizon >= 1 else {
            throw DetectorSettingsError.invalid(option: "--horizon", value: "\(horizon)", expected: "an integer ≥ 1")
        }
        guard scoreWindow >= 2 else {
            throw DetectorSettingsError.invalid(option: "--window", value: "\(scoreWindow)", expected: "an integer ≥ 2")
        }
        guard calibrationMargin >= 0, calibrationCap >= 1, (0...1).contains(calibrationStart) else {
            throw DetectorSettingsError.invalid(option: "calibration", value: "\(calibrationMargin), \(calibrationCap), \(calibrationStart)",
                                                expected: "a margin ≥ 0, a cap ≥ 1 and a start share in [0, 1]")
        }
        guard idleRunMinimum >= 0 else {
            throw DetectorSettingsError.invalid(option: "idle run", value: "\(idleRunMinimum)", expected: "an integer ≥ 0 (0 = off)")
        }
        guard sustainedRows >= 1 else {
            throw DetectorSettingsError.invalid(option: "sustained rows", value: "\(sustainedRows)", expected: "an integer ≥ 1 (1 = off)")
        }
        guard escalation == 0 || escalation >= 1 else {
            throw DetectorSettingsError.invalid(option: "escalation", value: "\(escalation)", expected: "0 (off) or a ratio ≥ 1")
        }
        guard zeroDropEvidence >= 0 else {
            throw DetectorSettingsError.invalid(option: "--zero-drop", value: "\(zeroDropEvidence)", expected: "a number ≥ 0 (0 = off)")
        }
        guard shapeLength == 0 || (shapeLength >= 2 && shapeSegments >= 1 && shapeHistory >= 1 && shapeMargin > 0) else {
            throw DetectorSettingsError.invalid(option: "shape", value: "\(shapeLength), \(shapeSegments), \(shapeHistory), \(shapeMargin)",
                                                expected: "length 0 (off) or ≥ 2, segments ≥ 1, history ≥ 1, margin > 0")
        }
        guard (0...SeasonalDifferencePredictor.maximumShift).contains(seasonalShifts), seasonalShiftGate >= 0 else {
            throw DetectorSettingsError.invalid(option: "seasonal shifts", value: "\(seasonalShifts), gate \(seasonalShiftGate)",
                                                expected: "shifts in 0...\(SeasonalDifferencePredictor.maximumShift) and a gate ≥ 0")
        }
        guard absenceMargin == 0 || (absenceMargin >= 1 && absenceBurstScore > 0 && absenceMinimumBursts >= 1) else {
            throw DetectorSettingsError.invalid(option: "absence rule", value: "margin \(absenceMargin), burst \(absenceBurstScore), bursts \(absenceMinimumBursts)",
                                                expected: "margin 0 (off) or ≥ 1, a burst score > 0 and at least 1 burst")
        }
        guard eventHold >= 0 else {
            throw DetectorSettingsError.invalid(option: "--event-hold", value: "\(eventHold)", expected: "an integer ≥ 0 (0 = never)")
        }
        guard eventGap >= 0 else {
            throw DetectorSettingsError.invalid(option: "--event-gap", value: "\(eventGap)", expected: "an integer ≥ 0")
        }
    }
}
