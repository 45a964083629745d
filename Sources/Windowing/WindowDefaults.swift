import TimeFrames

/// A setting and why it has its value, for the CLI to print ("horizon 24: one day of hourly data").
public struct Choice<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    /// A sentence for people.
    public var reason: String
    /// False when the user gave the value.
    public var automatic: Bool

    public init(_ value: Value, reason: String, automatic: Bool = true) {
        self.value = value
        self.reason = reason
        self.automatic = automatic
    }
}

/// Window settings chosen from the data: season, horizon, lookback, stride and calendar
/// features, each with its reason. Values the user gave are kept (and checked against the
/// series' length).
public struct WindowDefaults: Sendable, Equatable {
    public var season: Choice<Int?>
    public var horizon: Choice<Int>
    public var lookback: Choice<Int>
    public var stride: Choice<Int>
    public var calendar: Choice<[CalendarFeature]>
    public var seasonDetection: Seasonality.Detection

    /// Lookbacks above this cost more time than they bring for a recurrent network on a CPU.
    public static let maxLookback = 256

    /// The sentences to print, one per setting.
    public var reasons: [String] { [season.reason, horizon.reason, lookback.reason, stride.reason, calendar.reason] }

    /// A ready ``WindowSpec``.
    public var spec: WindowSpec { get throws { try WindowSpec(lookback: lookback.value, horizon: horizon.value, stride: stride.value) } }

    /// The horizon for data sampled every `interval`, with its reason: 24 hourly, 7 daily, 5
    /// business days, 12 monthly, 60 per minute or second; sub-hourly steps cover an hour (at
    /// least 4 steps), other sub-daily steps a day; weekly 13 and quarterly 8 (as in M4),
    /// yearly 6; 12 when the interval is unknown.
    public static func horizon(for interval: SamplingInterval?) -> Choice<Int> {
        guard let interval else { return Choice(12, reason: "horizon 12 steps: the sampling interval is unknown") }
        let (h, why): (Int, String)
        switch interval {
        case .businessDays: (h, why) = (5, "one trading week")
        case .months(1): (h, why) = (12, "one year")
        case .months(3): (h, why) = (8, "two years")
        case .months(let n): (h, why) = n >= 12 ? (6, "six periods") : (max(1, 12 / n), "one year")
        case .fixed(let ms):
            let hour: Int64 = 3_600_000, day: Int64 = 86_400_000
            if ms <= 1000 { (h, why) = (60, "sixty steps") }
            else if ms == 60_000 { (h, why) = (60, "one hour") }
            else if ms < hour { (h, why) = (max(4, Int(hour / ms)), hour / ms >= 4 ? "one hour" : "four steps") }
            else if ms < day { (h, why) = (max(1, Int(day / ms)), "one day") }
            else if ms == day { (h, why) = (7, "one week") }
            else if ms == 7 * day { (h, why) = (13, "one quarter") }
            else { (h, why) = (8, "eight steps") }
        }
        return Choice(h, reason: "horizon \(h): \(why) of \(Seasonality.dataDescription(interval))")
    }

    /// Chooses every setting not given.
    ///
    /// - Parameters:
    ///   - series: the target values of each series (whole series; the validation share is
    ///     left out of season detection so validation data chooses nothing).
    ///   - interval: the frame's sampling interval.
    ///   - validationFraction: the share of each series kept for validation.
    ///   - lookback, horizon, stride, season, calendar: the user's values, if any.
    /// - Throws: ``WindowingError/seriesTooShort`` naming the shortest series when no window fits;
    ///   ``WindowingError/invalidOption`` for a non-positive value given.
    public static func choose(series: [(name: String, values: [Double])], interval: SamplingInterval?, validationFraction: Double = 0.2,
                              lookback givenLookback: Int? = nil, horizon givenHorizon: Int? = nil, stride givenStride: Int? = nil,
                              season givenSeason: Int? = nil, calendar givenCalendar: [CalendarFeature]? = nil) throws -> WindowDefaults {
        guard let shortest = series.min(by: { $0.values.count < $1.values.count }) else { throw WindowingError.emptyFrame }
        for (option, value) in [("--lookback", givenLookback), ("--horizon", givenHorizon), ("--stride", givenStride), ("--season", givenSeason)] {
            if let v = value, v < 1 { throw WindowingError.invalidOption(option: option, value: String(v), expected: "a positive integer") }
        }
        let n = shortest.values.count

        // Season, from the training part only.
        let training = series.map { Array($0.values.prefix(max(0, $0.values.count - Int((validationFraction * Double($0.values.count)).rounded())))) }
        let detection = Seasonality.detect(training, interval: interval)
        let season: Choice<Int?> = givenSeason.map { Choice($0, reason: "season \($0) (given)", automatic: false) }
            ?? Choice(detection.period, reason: detection.reason)

        // Horizon: from the interval, capped at a fifth of the shortest series.
        var horizon = givenHorizon.map { Choice($0, reason: "horizon \($0) (given)", automatic: false) } ?? Self.horizon(for: interval)
        if horizon.automatic, horizon.value > max(1, n / 5) {
            let capped = max(1, n / 5)
            horizon = Choice(capped, reason: "horizon \(capped): capped at a fifth of the shortest series (\(shortest.name), \(n) rows) instead of \(horizon.reason)")
        }
        let h = horizon.value

        // Lookback: three cycles of the shortest detected season (two when it is over 24), else
        // four horizons; clamped to [max(h, 8), 256]; then capped by the training rows.
        var lookback: Choice<Int>
        if let given = givenLookback {
            lookback = Choice(given, reason: "lookback \(given) (given)", automatic: false)
        } else {
            let periods = givenSeason.map { [$0] } ?? detection.detectedPeriods
            let lower = max(h, 8)
            if let p = periods.first(where: { $0 * ($0 <= 24 ? 3 : 2) <= maxLookback }) {
                let k = p <= 24 ? 3 : 2
                let v = min(max(k * p, lower), maxLookback)
                lookback = Choice(v, reason: "lookback \(v): \(k) cycles of the season \(p)" + (v != k * p ? ", clamped to \(lower)...\(maxLookback)" : ""))
            } else {
                let v = min(max(4 * h, lower, 16), maxLookback)
                let why = periods.isEmpty ? "no season" : "seasons \(periods.map(String.init).joined(separator: ", ")) too long to cover"
                lookback = Choice(v, reason: "lookback \(v): four horizons (\(why)), at least 16")
            }
        }
        let validationRows = max(h, Int((validationFraction * Double(n)).rounded()))
        let trainingRows = n - validationRows
        if lookback.automatic, lookback.value + h > trainingRows, trainingRows - h >= 2 {
            let v = trainingRows - h
            lookback = Choice(v, reason: "lookback \(v): capped so one window fits the \(trainingRows) training rows of \(shortest.name) instead of \(lookback.reason)")
        }
        guard lookback.value + h <= trainingRows else {
            throw WindowingError.seriesTooShort(series: shortest.name, rows: n, needed: lookback.value + h + validationRows,
                                                lookback: lookback.value, horizon: h, validationRows: validationRows)
        }
        let stride = givenStride.map { Choice($0, reason: "stride \($0) (given)", automatic: false) }
            ?? Choice(1, reason: "stride 1: a training window from every origin")
        let calendarDefault = CalendarFeature.defaults(for: interval)
        let calendar = givenCalendar.map { Choice($0, reason: "calendar features \($0.map(\.rawValue).joined(separator: ", ")) (given)", automatic: false) }
            ?? Choice(calendarDefault.features, reason: calendarDefault.reason)
        return WindowDefaults(season: season, horizon: horizon, lookback: lookback, stride: stride, calendar: calendar, seasonDetection: detection)
    }
}
