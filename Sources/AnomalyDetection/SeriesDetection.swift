import TimeFrames

/// Which predictor produces the expected values.
public enum PredictorChoice: Sendable, Equatable {
    /// Chosen on the training span by one-step error among naive, moving median and (when the
    /// span shows a clear season) seasonal difference.
    case auto
    case naive
    /// Moving median over this many values.
    case median(Int)
    /// Seasonal difference with this period, or the period found in the training span.
    case seasonal(Int?)

    /// Window of the moving-median candidate used by `.auto`.
    public static let autoMedianWindow = 5

    /// Reads `auto`, `naive`, `median`, `median:K`, `seasonal`, `seasonal:P`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        let argument = parts.count == 2 ? Int(parts[1]) : nil
        if parts.count == 2 && (argument ?? 0) < 2 { return nil }
        switch parts.first {
        case "auto" where parts.count == 1: self = .auto
        case "naive" where parts.count == 1: self = .naive
        case "median": self = .median(argument ?? Self.autoMedianWindow)
        case "seasonal": self = .seasonal(argument)
        default: return nil
        }
    }

    /// A fresh predictor for a series whose training span is `training`.
    public func makePredictor(training: [Double]) -> any OneStepPredictor {
        switch self {
        case .naive: return NaivePredictor()
        case .median(let k): return MovingMedianPredictor(window: k)
        case .seasonal(let p):
            if let period = p ?? PredictorSelection.dominantPeriod(of: training) { return SeasonalDifferencePredictor(period: period) }
            return NaivePredictor()
        case .auto:
            var candidates: [any OneStepPredictor] = [NaivePredictor(), MovingMedianPredictor(window: Self.autoMedianWindow)]
            if let period = PredictorSelection.dominantPeriod(of: training) {
                candidates.append(SeasonalDifferencePredictor(period: period))
            }
            return candidates[PredictorSelection.choose(among: candidates, training: training)]
        }
    }
}

/// The outcome of detection over one whole series.
public struct DetectionRun: Sendable {
    /// Every row, scored.
    public var points: [ScoredPoint]
    /// Events in time order.
    public var events: [AnomalyEvent]
    /// The predictor used.
    public var predictorName: String
    /// The threshold in force after the learning span.
    public var threshold: Double

    /// One flag per row: true at each event's first row (the moment an alert is raised).
    public var alerts: [Bool] {
        var flags = [Bool](repeating: false, count: points.count)
        for e in events where e.startIndex < flags.count { flags[e.startIndex] = true }
        return flags
    }
}

/// Detection over a series held in memory: the streaming detector run from start to end.
public enum SeriesDetection {
    /// Scores every row and collects the events.
    /// - Parameters:
    ///   - timestamps: one per value, ascending.
    ///   - values: the series; NaN marks a missing value.
    ///   - predictor: a fresh predictor.
    ///   - settings: detector settings.
    /// - Throws: `DetectorSettingsError` for invalid settings.
    public static func run(timestamps: [EpochMilliseconds], values: [Double], predictor: any OneStepPredictor,
                           settings: DetectorSettings) throws -> DetectionRun {
        var detector = try StreamingDetector(predictor: predictor, settings: settings)
        var points: [ScoredPoint] = []
        var events: [AnomalyEvent] = []
        points.reserveCapacity(values.count)
        for (t, v) in zip(timestamps, values) {
            let (point, closed) = detector.process(timestamp: t, value: v)
            points.append(point)
            if let closed { events.append(closed) }
        }
        if let last = detector.finish() { events.append(last) }
        return DetectionRun(points: points, events: events, predictorName: detector.predictorName, threshold: detector.threshold)
    }
}

