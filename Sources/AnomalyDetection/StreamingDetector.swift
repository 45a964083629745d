import TimeFrames

/// Flags anomalies in one series, one point at a time: the predictor's forecast for the point,
/// the residual, its score against the residuals before it, the flag, and events. Each point
/// costs O(window) at most and memory stays bounded, so it runs as well over a file as over
/// `tail -F`.
///
/// Usage: call `process` for each row in time order; it returns the scored point at once and
/// any event that point closed. Call `finish` at the end of the stream for the last open event.
public struct StreamingDetector {
    public private(set) var settings: DetectorSettings
    private var predictor: any OneStepPredictor
    private var scorer: any ResidualScorer
    /// Shape channel on the values themselves (nil when `settings.shapeLength` is 0).
    private var shape: SubsequenceNovelty?
    /// Absence rule (nil when `settings.absenceMargin` is 0 or there is no learning span).
    private var absence: BurstAbsence?
    private var events: EventBuilder
    /// Forecasts made `horizon` steps earlier, by target row modulo horizon.
    private var pending: [OneStepForecast?]
    private var index = 0
    /// Scores seen in the learning span, kept only when `contamination` calibrates the threshold.
    private var calibrationScores: [Double] = []
    /// Consecutive zeros since the last non-zero value, and the level expected at the first.
    private var zeroRun = 0
    private var levelBeforeZeros = 0.0
    /// Recent present values: their median is the level a drop to zero is measured from (not the
    /// last value, which may be a spike).
    private var recentValues = RollingWindow(capacity: 30)
    /// The longest run of zeros in the learning span: runs up to it are normal for this series.
    private var longestLearnedZeroRun = 0
    /// Zeros in the learning span: where they are half of it or more, 0 is this series' resting
    /// state (an error count), and a return to it after an incident is not an outage.
    private var learnedZeros = 0
    /// The last value that was not missing (the level channel's step is measured from it).
    private var lastPresentValue: Double?
    /// Rows in the current run of one exact value, the longest such run that has ended, and that
    /// record when the current run began (the idle rule compares with it).
    private var idleRun = 0
    private var longestEndedIdleRun = 0
    private var idleRecordAtRunStart = 0
    /// The threshold in force (replaced once after the learning span when calibrating).
    public private(set) var threshold: Double
    /// Diagnostics: when true, `lastChannelScores` is filled for each processed row.
    public var recordsChannels = false
    /// Diagnostics (with `recordsChannels`): the last row's residual scorer channels (in
    /// threshold units after calibration; nil where a channel had no score).
    public private(set) var lastChannelScores: [Double?] = []
    /// Diagnostics (with `recordsChannels`): the last row's shape-channel exceedance.
    public private(set) var lastShapeScore: Double?

    /// - Parameters:
    ///   - predictor: a predictor that has observed nothing yet (or exactly the rows before the
    ///     first one passed to `process`).
    ///   - settings: validated with `DetectorSettings.validate()`.
    /// - Throws: `DetectorSettingsError` for invalid settings.
    public init(predictor: any OneStepPredictor, settings: DetectorSettings) throws {
        try settings.validate()
        self.settings = settings
        self.predictor = predictor
        scorer = settings.scorer.makeScorer(settings)
        if settings.shapeLength >= 2 {
            shape = SubsequenceNovelty(length: settings.shapeLength, segments: settings.shapeSegments,
                                       history: settings.shapeHistory, margin: settings.shapeMargin,
                                       centred: settings.shapeCentred, floorWindow: settings.shapeFloorWindow)
        }
        // The rule learns its burst level from the learning span; without one it has nothing to
        // compare with (and would keep collecting residuals).
        if settings.absenceMargin > 0 && settings.learningSpan > 0 {
            absence = BurstAbsence(burstScore: settings.absenceBurstScore, margin: settings.absenceMargin,
                                   minimumBursts: settings.absenceMinimumBursts)
            absence?.flagsFirstRowOnly = settings.absenceFirstRowOnly
        }
        events = EventBuilder(releaseRatio: settings.releaseRatio, maximumGap: settings.eventGap, escalation: settings.escalation,
                             maximumUnflagged: settings.eventHold)
        pending = Array(repeating: nil, count: settings.horizon)
        threshold = settings.effectiveThreshold
        if settings.horizon == 1 { pending[0] = predictor.forecast(steps: 1) }
    }

    /// Name of the predictor in use.
    public var predictorName: String { predictor.name }

    /// Scores the next row.
    /// - Returns: the scored point, and the event it closed, if any.
    public mutating func process(timestamp: EpochMilliseconds, value: Double) -> (point: ScoredPoint, closed: AnomalyEvent?) {
        if index == Int(settings.calibrationStart * Double(settings.learningSpan)) && index < settings.learningSpan {
            scorer.startCalibration()
            shape?.startCalibration()
        }
        let slot = index % settings.horizon
        let plain = pending[slot]
        let forecast = shiftTolerantForecast(plain, value: value)
        let learning = index < settings.learningSpan
        if recordsChannels { lastChannelScores = []; lastShapeScore = nil }
        var point = ScoredPoint(index: index, timestamp: timestamp, value: value, expected: forecast?.expected,
                                lower: nil, upper: nil, score: nil, exceedance: 0, isAnomaly: false)
        if let expected = forecast?.expected {
            // The floor first, so the band shows the scale the score uses.
            scorer.setScaleFloor(scaleFloor(residual: value.isNaN ? .nan : value - expected))
            if let band = scorer.normalBand(threshold: threshold) {
                point.lower = expected + band.lower
                point.upper = expected + band.upper
            }
            if !value.isNaN {
                let residual = value - expected
                if settings.levelOnValues && !predictor.removesSeason, let previous = lastPresentValue {
                    scorer.setLevelIncrement(value - previous)
                } else if predictor.removesSeason, let plainExpected = plain?.expected, plainExpected != expected {
                    // The level is the running sum of the unshifted residuals (the season-on-season
                    // change); shifted ones do not add up to it.
                    scorer.setLevelIncrement(value - plainExpected)
                }
                if let scored = scorer.scoreWithChannel(residual) {
                    point.score = scored.score
                    point.channel = scored.channel
                }
                if recordsChannels { lastChannelScores = scorer.channelScores(residual) }
                if settings.shiftHistoryPlain, let plainExpected = plain?.expected {
                    scorer.update(value - plainExpected)
                } else {
                    scorer.update(residual)
                }
            }
        }
        if let score = point.score {
            point.exceedance = scorer.units.exceedance(score, threshold: threshold)
            if learning {
                if settings.contamination != nil { calibrationScores.append(score) }
            } else {
                point.isAnomaly = point.exceedance >= 1
            }
        }
        // The predictor holds back only what the residual flagged: a novel shape is still a
        // value the predictor should follow.
        var shapeOnly = false
        if !value.isNaN, shape != nil {
            shape?.update(value)
            if recordsChannels { lastShapeScore = shape?.score }
            if !learning, let s = shape?.score, s > point.exceedance {
                // Reported in the scorer's units, so score, threshold and severity agree.
                point.exceedance = s
                point.score = scorer.units.score(forExceedance: s, threshold: threshold)
                point.channel = .shape
                shapeOnly = !point.isAnomaly && s >= 1
                point.isAnomaly = point.isAnomaly || s >= 1
            }
        }
        if value.isNaN && settings.flagMissing && !learning { point.isAnomaly = true; shapeOnly = false; point.channel = .missing }
        if !value.isNaN {
            if value == 0 {
                if zeroRun == 0 { levelBeforeZeros = abs(recentValues.median ?? 0) }
                zeroRun += 1
                if learning {
                    longestLearnedZeroRun = max(longestLearnedZeroRun, zeroRun)
                    learnedZeros += 1
                }
            } else {
                zeroRun = 0
            }
            // Idle: one exact value held for longer than any such run that ended before (a stuck
            // metric, a job that stopped, a bursty count that stays at its idle value far longer
            // than ever). Only on series that have gone idle and come back before (a record of at
            // least 2 rows): a continuous metric never repeats a reading for long, and a series
            // that never moved has no idle spell to compare with.
            if value == lastPresentValue {
                idleRun += 1
            } else {
                if lastPresentValue != nil { longestEndedIdleRun = max(longestEndedIdleRun, idleRun) }
                idleRun = 1
                idleRecordAtRunStart = longestEndedIdleRun
            }
            if !learning, settings.idleRunMinimum > 0, idleRecordAtRunStart >= 2,
               idleRun > max(idleRecordAtRunStart, settings.idleRunMinimum) {
                raiseByRule(&point, .idle)
                shapeOnly = false
            }
            if absence != nil {
                let r = plain.map { value - $0.expected } ?? .nan
                if absence?.update(r) == true, !learning {
                    raiseByRule(&point, .absence)
                    shapeOnly = false
                }
            }
            recentValues.append(value)
            lastPresentValue = value
            // A drop to zero that a count at the level before it would almost never show
            // (Poisson: P(k zeros at rate λ) = e^(−kλ)), whatever the residual scorer says: a
            // predictor that follows the new level forgets an outage after a few rows.
            // Runs no longer than the learning span's longest are this series' normal, and so is
            // any run on a series that rested at 0 for half its learning span or more.
            if !learning, settings.zeroDropEvidence > 0, zeroRun > longestLearnedZeroRun,
               Double(zeroRun) * levelBeforeZeros >= settings.zeroDropEvidence,
               2 * learnedZeros < settings.learningSpan {
                raiseByRule(&point, .dropToZero)
                shapeOnly = false
            }
        }
        if settings.seasonRemembersExpected && point.isAnomaly && !shapeOnly, let expected = point.expected, !value.isNaN {
            predictor.observeFlagged(value, expected: expected, at: timestamp)
        } else {
            predictor.observe(value, at: timestamp)
        }
        pending[slot] = predictor.forecast(steps: settings.horizon)
        index += 1
        if index == settings.learningSpan {
            scorer.finishCalibration()
            shape?.finishCalibration()
            absence?.finishLearning()
            calibrateThreshold()
        }
        return (point, events.add(point))
    }

    /// The forecast the residual is taken against: `plain`, or (`seasonalShifts` > 0, one step
    /// ahead) the nearest of the forecasts with the season shifted by a few rows, when the plain
    /// residual lies outside the residual channel's band at `seasonalShiftGate` × the threshold.
    /// The gate keeps ordinary rows on the plain residual: the nearest of several forecasts is
    /// always closer, and taking it everywhere shrinks the residuals' scale with the noise.
    private func shiftTolerantForecast(_ plain: OneStepForecast?, value: Double) -> OneStepForecast? {
        guard settings.seasonalShifts > 0, settings.horizon == 1, predictor.removesSeason, let plain, !value.isNaN else { return plain }
        if settings.seasonalShiftGate > 0 {
            guard let band = scorer.normalBand(threshold: threshold * settings.seasonalShiftGate) else { return plain }
            let r = value - plain.expected
            if r >= band.lower && r <= band.upper { return plain }
        }
        return predictor.nearestForecast(to: value, shifts: settings.seasonalShifts) ?? plain
    }

    /// Closes the stream: the event still open, if any.
    public mutating func finish() -> AnomalyEvent? { events.finish() }

    /// Flags `point` by a rule (severity medium unless a channel scored higher), with a score in
    /// the scorer's units that matches (not the 0 of a residual the predictor got right).
    private func raiseByRule(_ point: inout ScoredPoint, _ rule: AnomalyChannel) {
        let wasFlagged = point.isAnomaly
        point.isAnomaly = true
        if point.exceedance < 2 || !wasFlagged {
            point.exceedance = max(point.exceedance, 2)
            point.score = scorer.units.score(forExceedance: point.exceedance, threshold: threshold)
            point.channel = rule
        }
    }

    /// The scale floor for the next residual: `scaleFloorShare` × the robust spread
    /// (1.4826 · MAD) of the last 30 values; when they do not vary, × their level |median|; when
    /// that is 0 too (a series of exact zeros so far), × |residual|, so any departure scores
    /// 1 / `scaleFloorShare`. Without it a series the predictor gets exactly right has a scale
    /// of 1e-9 or of rounding error: a spike then scores 1e11, or nothing after a rounding blip
    /// fills the novelty floor.
    private func scaleFloor(residual: Double) -> Double {
        let share = settings.scaleFloorShare
        guard share > 0 else { return 0 }
        if let center = recentValues.median, let mad = recentValues.medianAbsoluteDeviation(from: center) {
            if mad > 0 { return share * 1.4826 * mad }
            if center != 0 { return share * abs(center) }
        }
        return residual.isFinite ? share * abs(residual) : 0
    }

    /// Sets the threshold from the learning span's scores when `contamination` is set.
    private mutating func calibrateThreshold() {
        guard let share = settings.contamination, !calibrationScores.isEmpty else { return }
        var window = RollingWindow(capacity: calibrationScores.count)
        for s in calibrationScores { window.append(s) }
        let q = scorer.units == .pValue ? share : 1 - share
        if let t = window.quantile(q), t > 0 { threshold = t }
        calibrationScores = []
    }
}
