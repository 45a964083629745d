import TimeFrames

/// How far past the threshold a point or event went, from its exceedance (score / threshold,
/// see `ScoreUnits.exceedance`): low below 2, medium below 4, high from 4.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case low, medium, high

    /// The severity for an exceedance ≥ 1; nil below 1 (not anomalous).
    public init?(exceedance: Double) {
        guard exceedance >= 1 else { return nil }
        self = exceedance >= 4 ? .high : exceedance >= 2 ? .medium : .low
    }

    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What made a point's score: the channel with the largest exceedance, or the rule that flagged
/// it. Output records name it, because a point flagged by an averaging channel or a rule often
/// looks normal by its own value and band (`value` = `expected`, inside `lower`…`upper`).
public enum AnomalyChannel: String, Sendable, CaseIterable {
    /// The one-step residual (a spike or jump); `lower`/`upper` are this channel's band.
    case residual
    /// The residual's mean over a few rows (a sustained offset).
    case mean
    /// The mean absolute residual (a burst of noise).
    case volatility
    /// The level: mean of the last values against the ones before (a shift of level).
    case level
    /// A stretch of values unlike any earlier one (`SubsequenceNovelty`).
    case shape
    /// A run of zeros after a non-zero level (the drop-to-zero rule).
    case dropToZero = "drop-to-zero"
    /// A run of one exact value longer than ever (the idle rule).
    case idle
    /// A quiet stretch far longer than any before on a series that bursts (the absence rule).
    case absence
    /// A missing value (with `flagMissing`).
    case missing
}

/// One point of a series after scoring.
public struct ScoredPoint: Sendable {
    /// Row index within the series (0-based).
    public var index: Int
    public var timestamp: EpochMilliseconds
    /// The observed value; NaN when missing.
    public var value: Double
    /// What the predictor expected; nil while it warmed up.
    public var expected: Double?
    /// The range of values the scorer considers normal at the threshold in force.
    public var lower: Double?
    public var upper: Double?
    /// The scorer's score, in its units; nil while warming up or for a missing value.
    public var score: Double?
    /// score relative to the threshold (≥ 1 is anomalous); 0 when there is no score.
    public var exceedance: Double
    /// True when this point is flagged (its exceedance ≥ 1 after the learning span, or it is
    /// missing and missing values are flagged).
    public var isAnomaly: Bool
    /// The channel or rule behind `exceedance` (nil with no score); for a flagged point, why.
    public var channel: AnomalyChannel? = nil
    /// True when the value is missing.
    public var isMissing: Bool { value.isNaN }
    /// Severity of a flagged point; nil otherwise (a flagged missing point is `.low`).
    public var severity: Severity? {
        guard isAnomaly else { return nil }
        return Severity(exceedance: exceedance) ?? .low
    }
}

/// A run of anomalous points merged into one incident.
public struct AnomalyEvent: Sendable {
    /// Row indices of the first and last anomalous point.
    public var startIndex: Int
    public var endIndex: Int
    public var start: EpochMilliseconds
    public var end: EpochMilliseconds
    /// The point with the highest exceedance.
    public var peak: ScoredPoint
    /// Number of flagged points inside the event.
    public var anomalousPoints: Int
    /// The severity of the peak.
    public var severity: Severity { peak.severity ?? .low }
}

/// Merges flagged points into events with hysteresis: an event opens at a flagged point, stays
/// open while points keep an exceedance of at least `releaseRatio` (below the threshold, so a
/// score hovering around it does not split one incident into many), and closes once
/// `maximumGap` consecutive points fell below that. Memory: one open event.
public struct EventBuilder: Sendable {
    /// Exceedance that keeps an open event alive (0 < releaseRatio ≤ 1).
    public let releaseRatio: Double
    /// Consecutive quiet points after which an open event is closed.
    public let maximumGap: Int
    /// A point whose exceedance reaches this multiple of the open event's peak closes that event
    /// and opens a new one (0 = never).
    public let escalation: Double
    /// An open event closes once this many consecutive points were not flagged, even if they
    /// kept the release level (0 = never): a slow ramp or a new normal can hold the channels at
    /// half the threshold for hours, and one event then swallows a later, separate incident.
    public let maximumUnflagged: Int
    private var open: AnomalyEvent?
    private var quiet = 0
    private var unflagged = 0

    /// - Parameters:
    ///   - releaseRatio: exceedance that keeps an event open (default 0.5).
    ///   - maximumGap: quiet points that close it (default 5).
    ///   - escalation: see `escalation` (default 0, never).
    ///   - maximumUnflagged: see `maximumUnflagged` (default 0, never).
    public init(releaseRatio: Double = 0.5, maximumGap: Int = 5, escalation: Double = 0, maximumUnflagged: Int = 0) {
        self.maximumUnflagged = max(0, maximumUnflagged)
        self.releaseRatio = min(max(releaseRatio, 0), 1)
        self.maximumGap = max(0, maximumGap)
        self.escalation = escalation >= 1 ? escalation : 0
    }

    /// True while an event is open.
    public var hasOpenEvent: Bool { open != nil }

    /// Feeds the next point; returns an event when this point closed one.
    public mutating func add(_ point: ScoredPoint) -> AnomalyEvent? {
        if point.isAnomaly {
            unflagged = 0
            if let event = open, escalation > 0, event.peak.exceedance >= 1, point.exceedance >= escalation * event.peak.exceedance {
                open = AnomalyEvent(startIndex: point.index, endIndex: point.index, start: point.timestamp,
                                    end: point.timestamp, peak: point, anomalousPoints: 1)
                quiet = 0
                return event
            }
            if var event = open {
                event.endIndex = point.index
                event.end = point.timestamp
                event.anomalousPoints += 1
                if point.exceedance > event.peak.exceedance { event.peak = point }
                open = event
            } else {
                open = AnomalyEvent(startIndex: point.index, endIndex: point.index, start: point.timestamp,
                                    end: point.timestamp, peak: point, anomalousPoints: 1)
            }
            quiet = 0
            return nil
        }
        guard open != nil else { return nil }
        unflagged += 1
        if maximumUnflagged > 0 && unflagged >= maximumUnflagged { return finish() }
        if point.exceedance >= releaseRatio && !point.isMissing {
            quiet = 0
            return nil
        }
        quiet += 1
        if quiet > maximumGap { return finish() }
        return nil
    }

    /// Closes and returns the open event, if any (end of stream).
    public mutating func finish() -> AnomalyEvent? {
        defer { open = nil; quiet = 0; unflagged = 0 }
        return open
    }
}
