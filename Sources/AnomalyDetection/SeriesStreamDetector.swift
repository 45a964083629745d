import TimeFrames

/// A streaming detector that first learns: it holds the first `settings.learningSpan` rows
/// (bounded memory), chooses its predictor on them, then replays them through a
/// `StreamingDetector` and passes every later row straight through. Batch runs and `--follow`
/// share it, so both flag exactly the same points.
public struct SeriesStreamDetector {
    /// Name of the series in outputs.
    public let series: String
    private let makePredictor: (_ timestamps: [EpochMilliseconds], _ training: [Double]) throws -> any OneStepPredictor
    private let fallback: PredictorChoice
    private let settings: DetectorSettings
    private var buffered: [(EpochMilliseconds, Double)] = []
    private var detector: StreamingDetector?

    /// - Parameters:
    ///   - series: the name written in outputs.
    ///   - predictor: how to choose the predictor from the learning span.
    ///   - settings: detector settings; `learningSpan` rows are held before the first output.
    /// - Throws: `DetectorSettingsError` for invalid settings.
    public init(series: String, predictor: PredictorChoice, settings: DetectorSettings) throws {
        try self.init(series: series, settings: settings) { predictor.makePredictor(training: $0) }
    }

    /// A detector whose predictor is built from the learning span's timestamps and values and may
    /// fail (a model fitted on the fly): on failure the `fallback` choice is used and
    /// `fallbackReason` says why.
    /// - Throws: `DetectorSettingsError` for invalid settings.
    public init(series: String, settings: DetectorSettings, fallback: PredictorChoice = .auto,
                buildPredictor: @escaping (_ timestamps: [EpochMilliseconds], _ training: [Double]) throws -> any OneStepPredictor) throws {
        try settings.validate()
        self.series = series
        self.makePredictor = buildPredictor
        self.fallback = fallback
        self.settings = settings
        if settings.learningSpan == 0 { detector = try StreamingDetector(predictor: Self.predictor([], [], buildPredictor, fallback, &fallbackReason), settings: settings) }
    }

    /// Why the predictor is the fallback one (building it from the learning span failed); nil otherwise.
    public private(set) var fallbackReason: String?

    private static func predictor(_ t: [EpochMilliseconds], _ v: [Double],
                                  _ make: (_ timestamps: [EpochMilliseconds], _ training: [Double]) throws -> any OneStepPredictor,
                                  _ fallback: PredictorChoice, _ reason: inout String?) -> any OneStepPredictor {
        do {
            return try make(t, v)
        } catch {
            reason = "\(error)"
            return fallback.makePredictor(training: v)
        }
    }

    /// - Parameters:
    ///   - series: the name written in outputs.
    ///   - settings: detector settings; `learningSpan` rows are held before the first output.
    ///   - makePredictor: a fresh predictor from the learning rows (e.g. a loaded model's).
    /// - Throws: `DetectorSettingsError` for invalid settings.
    public init(series: String, settings: DetectorSettings, makePredictor: @escaping (_ training: [Double]) -> any OneStepPredictor) throws {
        try self.init(series: series, settings: settings, buildPredictor: { _, values in makePredictor(values) })
    }

    /// The predictor in use, once chosen.
    public var predictorName: String? { detector?.predictorName }

    /// The threshold in force, once learning is over.
    public var threshold: Double? { detector?.threshold }

    /// Feeds one row. Returns the points scored by it (none while learning, all the learning
    /// rows when learning ends) and the events they closed.
    public mutating func process(timestamp: EpochMilliseconds, value: Double) -> (points: [ScoredPoint], closed: [AnomalyEvent]) {
        if detector == nil {
            buffered.append((timestamp, value))
            guard buffered.count >= settings.learningSpan else { return ([], []) }
            return startDetecting()
        }
        let (point, closed) = detector!.process(timestamp: timestamp, value: value)
        return ([point], closed.map { [$0] } ?? [])
    }

    /// Ends the stream: scores rows still held (a stream shorter than the learning span) and
    /// closes the open event.
    public mutating func finish() -> (points: [ScoredPoint], closed: [AnomalyEvent]) {
        var out: (points: [ScoredPoint], closed: [AnomalyEvent]) = ([], [])
        if detector == nil && !buffered.isEmpty { out = startDetecting() }
        if let last = detector?.finish() { out.closed.append(last) }
        return out
    }

    private mutating func startDetecting() -> (points: [ScoredPoint], closed: [AnomalyEvent]) {
        let training = buffered.map(\.1)
        let predictor = Self.predictor(buffered.map(\.0), training, makePredictor, fallback, &fallbackReason)
        // Settings were validated in init; a failure here cannot happen, but stays an empty result.
        guard var d = try? StreamingDetector(predictor: predictor, settings: settings) else {
            buffered = []
            return ([], [])
        }
        var points: [ScoredPoint] = [], closed: [AnomalyEvent] = []
        for (t, v) in buffered {
            let (p, c) = d.process(timestamp: t, value: v)
            points.append(p)
            if let c { closed.append(c) }
        }
        buffered = []
        detector = d
        return (points, closed)
    }
}
