import TimeFrames

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
        let histories = try request.data.map { try seriesHistories(from: $0, notes: &notes) } ?? meta.history
        var prepared: [PreparedSeries] = []
        for history in histories {
            let name = history.key.isEmpty ? "series" : zip(meta.columns.ids, history.key).map { "\($0)=\($1)" }.joined(separator: "/")
            guard history.timestamps.count >= net.lookback else {
                throw ForecastDataError.tooShort(series: name, rows: history.timestamps.count, needed: net.lookback,
                                                 lookback: net.lookback, horizon: 0)
            }
            let scalers: [ColumnScale]
            if let index = meta.history.firstIndex(where: { $0.key == history.key }) {
                scalers = meta.scalers[index]
            } else {
                scalers = history.columns.map { ColumnScale.fit($0[...]) }
                notes.append("series \(name) was not in the training data: scaled on its own \(history.timestamps.count) rows")
            }
            let from = history.timestamps.count - net.lookback
            prepared.append(PreparedSeries(
                key: history.key, timestamps: Array(history.timestamps[from...]),
                scaled: zip(history.columns, scalers).map { column, s in column[from...].map { Float(s.apply($0)) } },
                scalers: scalers, trainEnd: net.lookback))
        }
        var dataset = ForecastDataset(series: prepared, lookback: net.lookback, horizon: net.horizon,
                                      normalisation: net.windowNormalisation,
                                      calendar: CalendarEncoding(names: net.calendarFeatures), interval: meta.calendar.interval)
        // Roll out in chunks of the trained horizon: forecasts are appended to each series as if
        // observed (features held at their last value) and the next window ends with them.
        var produced = 0
        while produced < steps {
            let windows = dataset.series.indices.map {
                WindowReference(series: Int32($0), start: Int32(dataset.series[$0].count - net.lookback))
            }
            let batch = dataset.batch(windows)
            let y = network.forecast(batch, steps: net.horizon)
            let take = min(net.horizon, steps - produced)
            for (i, window) in windows.enumerated() {
                let s = Int(window.series)
                let norm = batch.normalisers[i]
                var series = dataset.series[s]
                for k in 0..<take {
                    series.scaled[0].append(y[i * net.horizon + k] * norm.scale + norm.location)
                    for c in 1..<series.scaled.count { series.scaled[c].append(series.scaled[c][series.scaled[c].count - 1]) }
                    series.timestamps.append(meta.calendar.interval.advance(series.timestamps[series.timestamps.count - 1], by: 1))
                }
                dataset.series[s] = series
            }
            produced += take
        }
        if steps > net.horizon {
            notes.append("horizon \(steps) is longer than the trained \(net.horizon): steps \(net.horizon + 1)–\(steps) roll out "
                         + "by feeding forecasts back as inputs; their intervals widen by √(step/\(net.horizon)), an assumption")
        }
        if !meta.columns.features.isEmpty {
            notes.append("features \(meta.columns.features.joined(separator: ", ")) are held at their last value over the horizon")
        }
        let q = meta.residualQuantiles
        if !request.levels.isEmpty {
            let levels = request.levels.map { NumberText.significant($0 * 100, 4) + "%" }.joined(separator: ", ")
            notes.append("intervals (\(levels)): split-conformal, from \(q.minimumSampleCount) validation residuals per step; "
                         + "they cover at the stated rate if the future errs like the validation period did")
        }
        let series = dataset.series.map { s -> SeriesForecast in
            let target = s.scalers[0]
            let origin = s.count - steps
            let scaled = (0..<steps).map { Double(s.scaled[0][origin + $0]) }
            let values = scaled.map(target.invert)
            let intervals = request.levels.map { level -> PredictionInterval in
                var lower: [Double] = [], upper: [Double] = []
                for k in 0..<steps {
                    let (lo, hi) = q.interval(step: k, level: level)
                    lower.append(target.invert(scaled[k] + lo)); upper.append(target.invert(scaled[k] + hi))
                }
                return PredictionInterval(level: level, lower: lower, upper: upper)
            }
            return SeriesForecast(key: s.key, timestamps: Array(s.timestamps[origin...]), values: values, intervals: intervals)
        }
        return Prediction(output: ForecastOutput(timeColumn: meta.columns.time, idColumns: meta.columns.ids,
                                                 targetColumn: meta.columns.target, dateOnly: meta.calendar.dateOnly,
                                                 series: series),
                          notes: notes)
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
        return try frame.series.map { s in
            if let interval = s.interval, interval != metadata.calendar.interval {
                throw ForecastDataError.columnMismatch(expected: "data every \(metadata.calendar.interval)",
                                                       got: "series \(s.name(idColumns: frame.idColumns)) every \(interval)")
            }
            let columnCount = 1 + columns.features.count
            for (c, column) in s.columns.prefix(columnCount).enumerated() where column.suffix(configuration.network.lookback).contains(where: { !$0.isFinite }) {
                throw ForecastDataError.missingValues(series: s.name(idColumns: frame.idColumns), column: frame.valueColumns[c],
                                                      count: column.filter { !$0.isFinite }.count)
            }
            return SeriesHistory(key: s.key, timestamps: s.timestamps, columns: Array(s.columns.prefix(columnCount)))
        }
    }
}
