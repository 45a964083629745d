/// How much history each fit sees.
public enum TrainingWindow: String, Sendable, Codable, CaseIterable {
    /// Everything from the start of the series up to the origin.
    case expanding
    /// The last `trainSize` values before the origin.
    case sliding
}

/// When models are refitted as the origin rolls forward.
public enum RetrainPolicy: Sendable, Equatable, Codable, CustomStringConvertible {
    /// At every origin, warm-started from the previous fit.
    case every
    /// At the first origin only; later origins reuse that fit with their longer history.
    case once
    /// At origins 0, K, 2K, …, warm-started from the previous fit.
    case everyK(Int)

    /// Parses `every`, `once`, or a whole number K ≥ 1.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "every": self = .every
        case "once": self = .once
        default:
            guard let k = Int(text), k >= 1 else { return nil }
            self = k == 1 ? .every : .everyK(k)
        }
    }

    /// Whether fold `fold` (0-based) refits.
    public func refits(atFold fold: Int) -> Bool {
        switch self {
        case .every: return true
        case .once: return fold == 0
        case .everyK(let k): return fold % k == 0
        }
    }

    public var description: String {
        switch self {
        case .every: return "every"
        case .once: return "once"
        case .everyK(let k): return "\(k)"
        }
    }

    /// Encoded as its text: `"every"`, `"once"` or `"3"`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let policy = RetrainPolicy(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "retrain policy \(text)"))
        }
        self = policy
    }
}

/// The rolling-origin design of a backtest.
///
/// Origins are counted back from the end of each series: the last fold's forecast ends at the
/// last value, and each earlier fold's origin is `step` values earlier. Fold `k` of `folds`
/// (0-based) has origin `count − horizon − (folds − 1 − k) · step`; the model sees values
/// `[start, origin)` and is scored on `[origin, origin + horizon)`.
public struct BacktestSettings: Sendable, Equatable, Codable {
    public var folds: Int = 5
    /// Values forecast from each origin.
    public var horizon: Int
    /// Values between consecutive origins; defaults to the horizon (test windows tile the end).
    public var step: Int
    public var window: TrainingWindow = .expanding
    /// For a sliding window: values per fit. For an expanding window: nil, or the least history
    /// the first fold must have (checked).
    public var trainSize: Int?
    public var retrain: RetrainPolicy = .every
    /// Nominal coverage of prediction intervals, in (0, 1).
    public var coverage: Double = 0.9
    /// Season length for every series; nil detects it per series from the data before the first origin.
    public var season: Int?
    /// Worker threads; results do not depend on it.
    public var threads: Int = 2

    public init(horizon: Int, folds: Int = 5, step: Int? = nil, window: TrainingWindow = .expanding,
                trainSize: Int? = nil, retrain: RetrainPolicy = .every, coverage: Double = 0.9,
                season: Int? = nil, threads: Int = 2) {
        self.horizon = horizon; self.folds = folds; self.step = step ?? horizon; self.window = window
        self.trainSize = trainSize; self.retrain = retrain; self.coverage = coverage; self.season = season
        self.threads = threads
    }

    /// Checks every setting on its own.
    /// - Throws: ``BacktestError/invalidSetting(name:value:expected:)``.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ expected: String) throws {
            if !ok { throw BacktestError.invalidSetting(name: name, value: "\(value)", expected: expected) }
        }
        try check(horizon >= 1, "--horizon", horizon, "a whole number ≥ 1")
        try check(folds >= 1, "--folds", folds, "a whole number ≥ 1")
        try check(step >= 1, "--step", step, "a whole number ≥ 1")
        try check(coverage > 0 && coverage < 1, "--coverage", coverage, "a fraction in (0, 1), e.g. 0.9")
        if let trainSize { try check(trainSize >= 2, "--train-size", trainSize, "a whole number ≥ 2") }
        try check(window != .sliding || trainSize != nil, "--train-size", "(none)", "a value with --window sliding")
        if let season { try check(season >= 1, "--season", season, "a whole number ≥ 1 (1 = no season)") }
        if case .everyK(let k) = retrain { try check(k >= 1, "--retrain", k, "every, once, or a whole number ≥ 1") }
        try check(threads >= 1, "--threads", threads, "a whole number ≥ 1")
    }

    /// The origin of `fold` in a series of `count` values.
    public func origin(fold: Int, count: Int) -> Int { count - horizon - (folds - 1 - fold) * step }

    /// The first index the fit at `origin` sees.
    public func trainingStart(origin: Int) -> Int {
        window == .sliding ? max(0, origin - (trainSize ?? origin)) : 0
    }
}
