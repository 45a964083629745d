import TimeFrames
import Windowing

/// What to forecast: how far, which intervals, from which data.
public struct PredictionRequest: Sendable {
    /// Steps to forecast; nil is the trained horizon. Longer horizons roll out.
    public var horizon: Int?
    /// Central interval levels, e.g. `[0.8, 0.95]`.
    public var levels: [Double]
    /// New data with the training columns; nil forecasts after the history stored in the model.
    public var data: TimeFrame?

    public init(horizon: Int? = nil, levels: [Double] = [0.8, 0.95], data: TimeFrame? = nil) {
        self.horizon = horizon; self.levels = levels; self.data = data
    }
}

/// A forecast and what people should know about it (printed unless `--quiet`).
public struct Prediction: Sendable {
    public var output: ForecastOutput
    public var notes: [String]
}

extension Forecaster {
    /// Forecasts every series after the end of its history (stored, or `request.data`).
    ///
    /// Timestamps continue the series' calendar (`SamplingInterval.advance`: business days skip
    /// weekends, months keep the day of month). Intervals add the split-conformal residual
    /// quantiles of each step to the point forecast, in the series' scale.
    /// - Throws: ``ConfigurationError`` for a bad horizon or level; ``ForecastDataError`` when
    ///   `request.data` has other columns, another interval or too few rows.
    public func predict(_ request: PredictionRequest) throws -> Prediction {
        let net = configuration.network, meta = metadata
        let steps = request.horizon ?? net.horizon
        guard (1...100_000).contains(steps) else {
            throw ConfigurationError.outOfRange(option: "--horizon", value: "\(steps)", expected: "1...100000")
        }
        for level in request.levels where !(level > 0 && level <= ResidualQuantiles.maximumLevel) {
            throw ConfigurationError.outOfRange(option: "--interval", value: NumberText.significant(level, 6),
                                                expected: "levels between 0 and \(ResidualQuantiles.maximumLevel), e.g. 0.8,0.95")
        }
        var notes: [String] = []
        guard request.data != nil || !meta.history.isEmpty else { throw ForecastDataError.noSeries }
        let histories = try request.data.map { try seriesHistories(from: $0, notes: &notes) } ?? meta.history
        let layout = try net.windowLayout(target: meta.columns.target, features: meta.columns.features)
        let lookback = net.lookback, trained = net.horizon
        var work: [SeriesHistory] = []
        var scalers: [SeriesScalers] = []
        var names: [String] = []
        for history in histories {
            let name = history.key.isEmpty ? meta.columns.target : zip(meta.columns.ids, history.key).map { "\($0)=\($1)" }.joined(separator: "/")
            guard history.timestamps.count >= lookback else {
                throw ForecastDataError.tooShortToForecast(series: name, rows: history.timestamps.count, lookback: lookback)
            }
            if let index = meta.history.firstIndex(where: { $0.key == history.key }) {
                scalers.append(meta.scalers[index])
                // New data of another scale (a series ×1000) is forecast in the training scale:
                // intervals would be as wide as the training data's errors. Say so. (A recent
                // spread below the training one is normal for a trending series: not a sign.)
                let stored = meta.scalers[index].target
                let fresh = ColumnScaler.fit(Array(history.columns[0].suffix(max(lookback, 10 * trained))), method: .standard)
                let level = abs(fresh.center - stored.center) / stored.scale, ratio = fresh.scale / stored.scale
                if stored.scale > 0, level > 10 || ratio > 5 {
                    notes.append("series \(name): the data's recent level and spread (\(NumberText.significant(fresh.center, 4)) "
                        + "± \(NumberText.significant(fresh.scale, 4))) are far from the training data's "
                        + "(\(NumberText.significant(stored.center, 4)) ± \(NumberText.significant(stored.scale, 4))); forecasts and "
                        + "intervals are in the training scale, so they may not fit: fit a model on this data")
                }
            } else {
                scalers.append(SeriesScalers(target: ColumnScaler.fit(history.columns[0], method: .standard),
                                             features: history.columns.dropFirst().map { ColumnScaler.fit($0, method: .standard) }))
                notes.append("series \(name) was not in the training data: scaled on its own \(history.timestamps.count) rows")
            }
            let from = history.timestamps.count - lookback
            work.append(SeriesHistory(key: history.key, timestamps: Array(history.timestamps[from...]),
                                      columns: history.columns.map { Array($0[from...]) }))
            names.append(name)
        }
        // Roll out in chunks of the trained horizon: forecasts are appended to each history as if
        // observed (features held at their last value) and the next window ends with them.
        var scaledForecasts = [[Double]](repeating: [], count: work.count)
        var stamps = [[EpochMilliseconds]](repeating: [], count: work.count)
        while scaledForecasts[0].count < steps {
            let windows = work.indices.map { i in
                ForecastWindow(timestamps: work[i].timestamps, columns: work[i].columns, scalers: scalers[i], label: names[i])
            }
            let (outputs, calendars) = try forwardPass(windows, layout: layout)
            let take = min(trained, steps - scaledForecasts[0].count)
            for i in work.indices {
                for k in 0..<take {
                    let z = outputs[i][k]
                    scaledForecasts[i].append(z)
                    stamps[i].append(calendars[i][k])
                    work[i].timestamps.append(calendars[i][k])
                    work[i].columns[0].append(scalers[i].target.invert(z))
                    for c in 1..<work[i].columns.count { work[i].columns[c].append(work[i].columns[c][work[i].columns[c].count - 1]) }
                }
            }
        }
        if steps > net.horizon {
            notes.append("horizon \(steps) is longer than the trained \(net.horizon): steps \(net.horizon + 1)–\(steps) roll out "
                         + "by feeding forecasts back as inputs; " + Self.rolloutIntervalNote(steps: steps, trained: net.horizon,
                                                                                              calibrated: meta.residualQuantiles.steps))
        }
        if !meta.columns.features.isEmpty {
            notes.append("features \(meta.columns.features.joined(separator: ", ")) are held at their last value over the horizon")
        }
        let q = meta.residualQuantiles
        if !request.levels.isEmpty {
            let percent = { (level: Double) in NumberText.significant(level * 100, 4) + "%" }
            let levels = request.levels.map(percent).joined(separator: ", ")
            let residuals = q.minimumSampleCount == 1 ? "1 validation residual" : "\(q.minimumSampleCount) validation residuals"
            let short = request.levels.filter { q.minimumSampleCount < ResidualQuantiles.samplesNeeded(level: $0) }
            if short.isEmpty {
                notes.append("intervals (\(levels)): split-conformal, from \(residuals) per step; "
                             + "they cover at the stated rate if the future errs like the validation period did")
            } else {
                let needs = short.map { "\(percent($0)) needs \(ResidualQuantiles.samplesNeeded(level: $0))" }
                notes.append("intervals (\(levels)): split-conformal, from only \(residuals) per step, "
                             + "too few for \(short.map(percent).joined(separator: ", ")) (\(needs.joined(separator: ", "))): "
                             + "those are the widest residual seen and cover less than stated; fit on more data or a longer "
                             + "--validation share for calibrated intervals")
            }
        }
        let series = work.indices.map { i -> SeriesForecast in
            let target = scalers[i].target
            let scaled = scaledForecasts[i]
            let intervals = request.levels.map { level -> PredictionInterval in
                var lower: [Double] = [], upper: [Double] = []
                for k in 0..<steps {
                    let (lo, hi) = q.interval(step: k, level: level)
                    // A biased model's residual quantiles can both lie on one side of zero; the
                    // interval is widened to hold its own forecast (coverage can only grow).
                    lower.append(target.invert(scaled[k] + min(lo, 0))); upper.append(target.invert(scaled[k] + max(hi, 0)))
                }
                return PredictionInterval(level: level, lower: lower, upper: upper)
            }
            return SeriesForecast(key: work[i].key, timestamps: stamps[i], values: scaled.map(target.invert), intervals: intervals)
        }
        // A NaN printed as a forecast is a silently wrong answer: refuse it, naming the series.
        for (i, s) in series.enumerated() where !(s.values + s.intervals.flatMap { $0.lower + $0.upper }).allSatisfy(\.isFinite) {
            throw ForecastDataError.nonFiniteForecast(series: names[i])
        }
        return Prediction(output: ForecastOutput(timeColumn: meta.columns.time, idColumns: meta.columns.ids,
                                                 targetColumn: meta.columns.target, dateOnly: meta.calendar.dateOnly,
                                                 series: series),
                          notes: notes)
    }

    /// How the intervals of rolled-out steps were made: rolled-out validation residuals up to
    /// `calibrated` steps, a √ rule past them.
    static func rolloutIntervalNote(steps: Int, trained: Int, calibrated: Int) -> String {
        var parts: [String] = []
        if calibrated > trained {
            parts.append("intervals of steps \(trained + 1)–\(min(steps, calibrated)) are quantiles of rolled-out validation residuals")
        }
        if steps > calibrated {
            parts.append("intervals of steps \(calibrated + 1)–\(steps) widen by √(step/\(calibrated)), an assumption")
        }
        return parts.joined(separator: "; ")
    }

    /// Refuses a frame with a series sampled at another interval than the training data (a daily
    /// model on 5-minute data would forecast each row from a window it was never trained on).
    /// Series too short or too irregular to have an interval pass.
    /// - Throws: ``ForecastDataError/intervalMismatch(series:data:model:)``.
    public func checkInterval(of frame: TimeFrame) throws {
        for s in frame.series {
            if let interval = s.interval, interval != metadata.calendar.interval {
                throw ForecastDataError.intervalMismatch(series: s.name(idColumns: frame.idColumns, fallback: frame.targetColumns.first ?? metadata.columns.target),
                                                         data: "\(interval)", model: "\(metadata.calendar.interval)")
            }
        }
    }

    /// The series of new data, checked against the training columns and interval.
    private func seriesHistories(from frame: TimeFrame, notes: inout [String]) throws -> [SeriesHistory] {
        let columns = metadata.columns
        let expected = "time '\(columns.time)', target '\(columns.target)'"
            + (columns.ids.isEmpty ? "" : ", ids \(columns.ids)") + (columns.features.isEmpty ? "" : ", features \(columns.features)")
        let got = "time '\(frame.timeColumn)', target '\(frame.targetColumns.first ?? "none")'"
            + (frame.idColumns.isEmpty ? "" : ", ids \(frame.idColumns)") + (frame.featureColumns.isEmpty ? "" : ", features \(frame.featureColumns)")
        guard frame.timeColumn == columns.time, frame.targetColumns.first == columns.target,
              frame.idColumns == columns.ids, frame.featureColumns == columns.features else {
            throw ForecastDataError.columnMismatch(expected: expected, got: got)
        }
        guard !frame.series.isEmpty else { throw ForecastDataError.noSeries }
        try checkInterval(of: frame)
        return try frame.series.map { s in
            let columnCount = 1 + columns.features.count
            for (c, column) in s.columns.prefix(columnCount).enumerated() where column.suffix(configuration.network.lookback).contains(where: { !$0.isFinite }) {
                throw ForecastDataError.missingValues(series: s.name(idColumns: frame.idColumns, fallback: columns.target), column: frame.valueColumns[c],
                                                      count: column.filter { !$0.isFinite }.count)
            }
            return SeriesHistory(key: s.key, timestamps: s.timestamps, columns: Array(s.columns.prefix(columnCount)))
        }
    }
}

extension Forecaster {
    /// Forecasts of the trained horizon from many origins of one series, in original units: the
    /// forecast from origin `o` sees rows `o − lookback ..< o` only (evaluation, backtests).
    ///
    /// - Parameters:
    ///   - timestamps, columns: the series (target first, then the model's features), original units.
    ///   - scalers: the series' scalers (e.g. `metadata.scalers[i]`).
    ///   - origins: indices of the first forecast row, each `>= lookback` and `<= count`.
    /// - Returns: one array of `horizon` values per origin.
    /// - Throws: `WindowingError` for an origin with too little history.
    public func forecasts(timestamps: [EpochMilliseconds], columns: [[Double]], scalers: SeriesScalers,
                          origins: [Int]) throws -> [[Double]] {
        // The trained horizon is one pass of the rollout.
        try rolledOutForecasts(timestamps: timestamps, columns: columns, scalers: scalers, origins: origins,
                               steps: configuration.network.horizon)
    }
}

/// The rows a forecast starts from: the last `lookback` of them are the network's input window.
struct ForecastWindow {
    var timestamps: [EpochMilliseconds]
    /// The target, then the model's features, in original units.
    var columns: [[Double]]
    var scalers: SeriesScalers
    /// Names the window in errors (a series, an origin).
    var label: String
}

extension Forecaster {
    /// One forward pass over `windows`: the trained horizon's forecasts of each, in per-series
    /// scaled units (window normalisation undone), and the timestamps of those steps. The one place
    /// where prediction and evaluation build their input batches.
    /// - Throws: `WindowingError` when a window has fewer than `lookback` rows.
    func forwardPass(_ windows: [ForecastWindow], layout: WindowLayout) throws
        -> (values: [[Double]], timestamps: [[EpochMilliseconds]]) {
        let lookback = configuration.network.lookback, horizon = configuration.network.horizon
        let width = layout.inputWidth, b = windows.count
        var inputs = [Float](repeating: 0, count: b * lookback * width)
        var future = [Float](repeating: 0, count: b * horizon * width)
        var normalisers: [(location: Float, scale: Float)] = []
        var calendars: [[EpochMilliseconds]] = []
        for (i, w) in windows.enumerated() {
            let p = try inputs.withUnsafeMutableBufferPointer {
                try layout.encodeForecastInput(timestamps: w.timestamps, target: w.columns[0], features: Array(w.columns.dropFirst()),
                                               scalers: w.scalers, series: w.label, into: $0.baseAddress! + i * lookback * width)
            }
            normalisers.append((p.anchor, p.scale))
            // encodeForecastInput has checked that the window holds at least `lookback` ≥ 1 rows.
            let calendar = layout.futureCalendar(after: w.timestamps[w.timestamps.count - 1], interval: metadata.calendar.interval,
                                                 steps: horizon)
            calendars.append(calendar.timestamps)
            let lastRow = (i * lookback + lookback - 1) * width
            ForecastDataset.fillFuture(&future, window: i, steps: horizon, layout: layout,
                                       lastRow: Array(inputs[lastRow..<(lastRow + width)]), calendar: calendar.values)
        }
        let batch = ForecastBatch(count: b, lookback: lookback, horizon: horizon, width: width, inputs: inputs,
                                  targets: [Float](repeating: 0, count: b * horizon), futureSteps: horizon,
                                  future: future, normalisers: normalisers)
        let y = network.forecast(batch, steps: horizon)
        let values = (0..<b).map { i in
            (0..<horizon).map { k in Double(y[i * horizon + k] * normalisers[i].scale + normalisers[i].location) }
        }
        return (values, calendars)
    }
}
