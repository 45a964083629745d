import TimeFrames

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

    public init() {}
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
        guard let longest = frame.series.max(by: { $0.count < $1.count }), longest.count > 0 else {
            throw ForecastDataError.noSeries
        }
        guard let interval = longest.interval else {
            throw ForecastDataError.noInterval(series: longest.name(idColumns: frame.idColumns))
        }
        var choices: [String] = []
        var net = NetworkConfiguration(), train = TrainingConfiguration()
        let rows = longest.count
        let shortest = frame.series.map(\.count).filter { $0 > 0 }.min() ?? rows
        let validationFraction = self.validationFraction ?? 0.2
        let trainRows = Int(Double(rows) * (1 - validationFraction))
        let target = Array(longest.columns[0].prefix(trainRows))
        let period = DefaultChoices.seasonalPeriod(target, interval: interval)

        // Horizon: a natural cycle of the interval, capped so validation still holds windows.
        if let h = horizon { net.horizon = h } else {
            let (h, why) = DefaultChoices.horizon(for: interval)
            let cap = max(1, shortest / 10)
            net.horizon = min(h, cap)
            choices.append(net.horizon == h ? "horizon \(h): \(why)"
                           : "horizon \(net.horizon): \(why) would be \(h), capped at a tenth of the shortest series (\(shortest) rows)")
        }
        if let l = lookback { net.lookback = l } else {
            let wanted = max(2 * period, 3 * net.horizon, 8)
            let capped = min(wanted, 168, max(2, Int(Double(shortest) * (1 - validationFraction)) / 2 - net.horizon))
            net.lookback = max(2, capped)
            let why = period > 1 ? "two seasonal periods (\(period), by autocorrelation) or three horizons, whichever is longer"
                                 : "no clear season found, so three horizons"
            choices.append("lookback \(net.lookback): \(why)" + (net.lookback < wanted ? ", capped by series length and speed" : ""))
        }
        net.architecture = architecture ?? .manyToOne
        net.cell = cell ?? .lstm
        net.stride = stride ?? 1
        net.bidirectional = bidirectional ?? false
        net.dropout = dropout ?? 0
        net.windowNormalisation = windowNormalisation ?? .lastValue
        if windowNormalisation == nil {
            choices.append("window normalisation last-value: each window is shifted by its last value, so levels that drift "
                           + "away from the training span do not matter and an untrained network starts as the naive forecast")
        }
        if calendarFeatures ?? true {
            net.calendarFeatures = DefaultChoices.calendarFeatures(for: interval)
            if calendarFeatures == nil && !net.calendarFeatures.isEmpty {
                choices.append("calendar features \(net.calendarFeatures.joined(separator: ", ")): from the \(interval.humanDescription) interval")
            }
        }
        let estimatedWindows = frame.series.reduce(0) { total, s in
            total + max(0, (Int(Double(s.count) * (1 - validationFraction)) - net.lookback - net.horizon) / net.stride + 1)
        }
        if let h = hidden { net.hidden = h } else {
            net.hidden = estimatedWindows < 2000 ? 32 : 64
            choices.append("hidden \(net.hidden): \(estimatedWindows < 2000 ? "small data (\(estimatedWindows) training windows)" : "\(estimatedWindows) training windows")")
        }
        if let l = layers { net.layers = l } else {
            net.layers = estimatedWindows < 2000 ? 1 : 2
            choices.append("layers \(net.layers)")
        }
        train.epochs = epochs ?? 30
        train.batchSize = batchSize ?? (estimatedWindows < 2000 ? 32 : 64)
        train.learningRate = learningRate ?? 1e-3
        train.patience = patience ?? 5
        if let c = clipNorm { train.clipNorm = c }
        train.validationFraction = validationFraction
        train.seed = seed ?? 42
        train.threads = threads
        train.maxWindowsPerEpoch = maxWindowsPerEpoch
        let configuration = ForecasterConfiguration(network: net, training: train)
        try configuration.validate()
        return ResolvedConfiguration(configuration: configuration, seasonalPeriod: period, choices: choices)
    }
}
