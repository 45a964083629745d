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

    public init() {}
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
        let defaults = try WindowDefaults.choose(
            series: frame.series.map { ($0.name(idColumns: frame.idColumns, fallback: frame.targetColumns[0]), $0.columns[targetIndex]) },
            interval: interval, validationFraction: validationFraction,
            lookback: lookback, horizon: horizon, stride: stride, calendar: calendar)
        for choice in [defaults.horizon.automatic ? defaults.horizon.reason : nil,
                       defaults.lookback.automatic ? defaults.lookback.reason : nil,
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
        let configuration = ForecasterConfiguration(network: net, training: train)
        try configuration.validate()
        return ResolvedConfiguration(configuration: configuration, seasonalPeriod: period, choices: choices)
    }
}
