import TimeFrames
import Windowing

/// What the user asked for; every nil is chosen from the data by ``resolve(for:)``, with a reason.
public struct ForecasterOptions: Sendable {
    public var architecture: ForecastArchitecture?
    public var cell: ForecastCell?
    public var hidden: Int?
    public var layers: Int?
    public var bidirectional: Bool?
    public var dropout: Double?
    public var lookback: Int?
    public var horizon: Int?
    public var stride: Int?
    public var windowNormalisation: WindowNormalisation?
    /// The ridge-fitted linear skip path (many-to-one); nil: on for many-to-one.
    public var linearSkip: Bool?
    /// false turns calendar features off; nil chooses them from the interval.
    public var calendarFeatures: Bool?
    public var epochs: Int?
    public var batchSize: Int?
    public var learningRate: Double?
    public var patience: Int?
    public var clipNorm: Double??
    public var validationFraction: Double?
    public var seed: UInt64?
    public var threads: Int?
    public var maxWindowsPerEpoch: Int?
    /// Share by which training must lower the start's validation loss to be kept; nil: 0.02.
    public var minimumGain: Double?
    /// Standard errors by which the final forecaster must beat the naive forecast on validation
    /// MAE, else `fit` falls back to naive; nil: ``defaultNaiveCheck``, 0: no check.
    public var naiveCheck: Double?

    public init() {}

    /// The default of ``naiveCheck``: about a one-sided 2.3% test, stricter than the usual 5%
    /// because the penalty, the epoch and the min-gain decision were all chosen on the same
    /// validation windows, which makes their gain look larger than it is.
    public static let defaultNaiveCheck = 2.0

    /// The lookback when no season is found: one horizon, at least 16 steps. Without a cycle to
    /// cover, the past that helps is short (autocorrelated noise, a local trend); a longer window
    /// adds lag and parameters, which on per-minute metrics cost more than they gave (lookback
    /// 240 lost to naive where 60 did not; docs/forecasting.md) and made epochs 4× slower.
    public static func noSeasonLookback(horizon: Int) -> Int { max(horizon, 16) }
}

extension ForecasterOptions {
    /// Checks the values that were given against the ranges of ``ForecasterConfiguration/validate()``
    /// before any data is read, so a bad option does not wait for a large file to be parsed.
    /// - Throws: ``ConfigurationError`` naming the option, the value and what was expected.
    public func validateGivenValues() throws {
        var net = NetworkConfiguration(), train = TrainingConfiguration()
        if let v = hidden { net.hidden = v }
        if let v = layers { net.layers = v }
        if let v = dropout { net.dropout = v }
        if let v = lookback { net.lookback = v }
        if let v = horizon { net.horizon = v }
        if let v = stride { net.stride = v }
        if let v = epochs { train.epochs = v }
        if let v = batchSize { train.batchSize = v }
        if let v = learningRate { train.learningRate = v }
        if let v = patience { train.patience = v }
        if let v = clipNorm { train.clipNorm = v }
        if let v = validationFraction { train.validationFraction = v }
        train.threads = threads
        train.maxWindowsPerEpoch = maxWindowsPerEpoch
        train.minimumGain = minimumGain
        train.naiveCheck = naiveCheck
        try ForecasterConfiguration(network: net, training: train).validate()
    }
}

/// A resolved configuration and why each default was taken.
public struct ResolvedConfiguration: Sendable {
    public var configuration: ForecasterConfiguration
    public var seasonalPeriod: Int
    /// One line per choice made from the data, e.g. "lookback 48: two seasonal periods (24)".
    public var choices: [String]
}

extension ForecasterOptions {
    /// Fills every unset option from the data: the sampling interval, the seasonal period (from
    /// the autocorrelation of the training part of the longest series) and the series' lengths.
    /// - Throws: ``ForecastDataError`` when the frame has no series or no interval;
    ///   ``ConfigurationError`` for values out of range.
    public func resolve(for frame: TimeFrame) throws -> ResolvedConfiguration {
        guard !frame.series.isEmpty, frame.series.contains(where: { $0.count > 0 }) else { throw ForecastDataError.noSeries }
        guard let interval = frame.series.first(where: { $0.interval != nil })?.interval else {
            throw ForecastDataError.noInterval(series: frame.series[0].name(idColumns: frame.idColumns, fallback: frame.targetColumns.first ?? "series"))
        }
        guard let targetIndex = frame.valueColumns.firstIndex(of: frame.targetColumns.first ?? "") else {
            throw ForecastDataError.noSeries
        }
        var choices: [String] = []
        var net = NetworkConfiguration(), train = TrainingConfiguration()
        let validationFraction = self.validationFraction ?? 0.2
        let calendar: [CalendarFeature]? = calendarFeatures == false ? [] : nil
        let targets = frame.series.map { ($0.name(idColumns: frame.idColumns, fallback: frame.targetColumns[0]), $0.columns[targetIndex]) }
        var defaults = try WindowDefaults.choose(
            series: targets, interval: interval, validationFraction: validationFraction,
            lookback: lookback, horizon: horizon, stride: stride, calendar: calendar)
        var lookbackReason = defaults.lookback.reason
        let shortLookback = Self.noSeasonLookback(horizon: defaults.horizon.value)
        if lookback == nil, defaults.season.value == nil, shortLookback < defaults.lookback.value {
            defaults = try WindowDefaults.choose(
                series: targets, interval: interval, validationFraction: validationFraction,
                lookback: shortLookback, horizon: horizon, stride: stride, calendar: calendar)
            lookbackReason = "lookback \(shortLookback): one horizon, at least 16 (no season to cover: a longer window "
                + "adds lag, not information)"
        }
        for choice in [defaults.horizon.automatic ? defaults.horizon.reason : nil,
                       lookback == nil ? lookbackReason : nil,
                       defaults.season.automatic ? defaults.season.reason : nil,
                       defaults.calendar.automatic ? defaults.calendar.reason : nil].compactMap({ $0 }) {
            choices.append(choice)
        }
        net.horizon = defaults.horizon.value
        net.lookback = defaults.lookback.value
        net.stride = defaults.stride.value
        net.calendarFeatures = defaults.calendar.value.map(\.rawValue)
        let period = defaults.season.value ?? 1
        net.architecture = architecture ?? .manyToOne
        net.cell = cell ?? .lstm
        net.bidirectional = bidirectional ?? false
        net.dropout = dropout ?? 0
        net.windowNormalisation = windowNormalisation ?? .lastValue
        if windowNormalisation == nil {
            choices.append("window normalisation last-value: each window is shifted by its last value, so a level that "
                           + "drifts away from the training span does not matter, and the untrained network is the naive forecast")
        }
        net.linearSkip = linearSkip ?? (net.architecture == .manyToOne)
        if linearSkip == nil && net.linearSkip {
            choices.append("linear skip on: a linear forecast from the window, fitted by ridge regression, is added to the "
                           + "network's output, so the network learns what a linear model misses")
        }
        let estimatedWindows = frame.series.reduce(0) { total, s in
            total + max(0, (Int(Double(s.count) * (1 - validationFraction)) - net.lookback - net.horizon) / net.stride + 1)
        }
        let small = estimatedWindows < 2000
        if let h = hidden { net.hidden = h } else {
            net.hidden = small ? 32 : 64
            choices.append("hidden \(net.hidden): \(small ? "small data" : "enough data") (about \(estimatedWindows) training windows)")
        }
        if let l = layers { net.layers = l } else {
            net.layers = small ? 1 : 2
            choices.append("layers \(net.layers): \(small ? "one layer for small data" : "two stacked layers")")
        }
        train.epochs = epochs ?? 30
        train.batchSize = batchSize ?? (small ? 32 : 64)
        train.learningRate = learningRate ?? 1e-3
        train.patience = patience ?? 5
        if let c = clipNorm { train.clipNorm = c }
        train.validationFraction = validationFraction
        train.seed = seed ?? 42
        train.threads = threads
        train.maxWindowsPerEpoch = maxWindowsPerEpoch
        train.minimumGain = minimumGain ?? 0.02
        // On by default only where falling back is possible: a zero output is the last value
        // under last-value normalisation alone (streaming and mean-std fits are left as they were).
        train.naiveCheck = naiveCheck ?? (net.windowNormalisation == .lastValue ? Self.defaultNaiveCheck : nil)
        if naiveCheck == nil && net.windowNormalisation == .lastValue {
            choices.append("naive check \(NumberText.significant(Self.defaultNaiveCheck, 2)): the final forecast is kept only if its "
                           + "validation MAE beats the naive forecast's by \(NumberText.significant(Self.defaultNaiveCheck, 2)) standard errors, else fit falls back to naive")
        }
        let configuration = ForecasterConfiguration(network: net, training: train)
        try configuration.validate()
        return ResolvedConfiguration(configuration: configuration, seasonalPeriod: period, choices: choices)
    }
}
