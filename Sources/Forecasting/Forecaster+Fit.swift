import MatrixKernels
import TimeFrames

/// What ``Forecaster/fit(_:options:progress:)`` returns besides the forecaster.
public struct FitResult {
    public var forecaster: Forecaster
    /// Why each default was chosen (also stored in the model's training summary).
    public var choices: [String]
    /// Series left out because they were too short, with the reason.
    public var skippedSeries: [String]
}

extension Forecaster {
    /// Trains a forecaster on every series of `frame` (one global model; windows never cross series).
    ///
    /// The target is `frame.targetColumns[0]`; `frame.featureColumns` are covariates. Each series is
    /// scaled per column on its training rows only; the last `validationFraction` of each series is
    /// validation.
    /// - Throws: ``ForecastDataError`` (too short, missing values), ``ConfigurationError``,
    ///   ``TrainingFailure`` (repeated divergence).
    public static func fit(_ frame: TimeFrame, options: ForecasterOptions,
                           progress: TrainingProgressSink? = nil) throws -> FitResult {
        let resolved = try options.resolve(for: frame)
        return try fit(frame, resolved: resolved, progress: progress)
    }

    /// Trains with an already resolved configuration (benchmarks, tests).
    public static func fit(_ frame: TimeFrame, resolved: ResolvedConfiguration,
                           progress: TrainingProgressSink? = nil) throws -> FitResult {
        let config = resolved.configuration
        let net = config.network
        if let threads = config.training.threads { ComputeThreads.set(threads) }
        var skipped: [String] = []
        let (dataset, kept) = try prepare(frame, configuration: config, skipped: &skipped)
        let network = try makeNetwork(config, inputWidth: dataset.inputWidth)
        if let note = skipped.first, let progress { progress.report(.note(note)) }
        let trainer = ForecasterTrainer(configuration: config.training, progress: progress)
        let outcome = try trainer.train(network, on: dataset)

        let evaluation = ValidationEvaluation.run(network, dataset: dataset, seasonalPeriod: resolved.seasonalPeriod)
        let histories = kept.map { s -> SeriesHistory in
            let from = max(0, s.count - net.lookback)
            return SeriesHistory(key: s.key, timestamps: Array(s.timestamps[from...]),
                                 columns: s.columns.map { Array($0[from...]) })
        }
        let lastTimestamps = kept.flatMap(\.timestamps)
        let metadata = ForecasterMetadata(
            configuration: config,
            columns: ModelColumns(time: frame.timeColumn, ids: frame.idColumns, target: frame.targetColumns[0],
                                  features: frame.featureColumns),
            calendar: ModelCalendar(interval: dataset.interval,
                                    dateOnly: lastTimestamps.allSatisfy { $0 % 86_400_000 == 0 },
                                    seasonalPeriod: resolved.seasonalPeriod),
            scalers: dataset.series.map(\.scalers),
            training: TrainingSummary(
                epochs: outcome.epochs, bestEpoch: outcome.bestEpoch, bestValidationLoss: outcome.bestValidationLoss,
                stopReason: outcome.stopReason, divergences: outcome.divergences,
                trainingWindows: dataset.trainWindows.count, validationWindows: dataset.validationWindows.count,
                parameterCount: network.parameterCount, seconds: outcome.seconds,
                validation: evaluation.scores, choices: resolved.choices),
            residualQuantiles: evaluation.residualQuantiles,
            history: histories)
        return FitResult(forecaster: Forecaster(metadata: metadata, network: network), choices: resolved.choices,
                         skippedSeries: skipped)
    }

    /// Scales each long-enough series on its training rows and builds the windows.
    static func prepare(_ frame: TimeFrame, configuration: ForecasterConfiguration,
                        skipped: inout [String]) throws -> (ForecastDataset, [TimeSeries]) {
        let net = configuration.network
        guard !frame.series.isEmpty, !frame.targetColumns.isEmpty else { throw ForecastDataError.noSeries }
        // A series needs one training window and a validation part at least one horizon long.
        let minimumValidation = net.horizon
        let needed = net.lookback + net.horizon + minimumValidation
        var prepared: [PreparedSeries] = []
        var kept: [TimeSeries] = []
        var interval: SamplingInterval?
        var firstTooShort: ForecastDataError?
        for s in frame.series {
            let name = s.name(idColumns: frame.idColumns)
            let columnCount = 1 + frame.featureColumns.count
            guard s.columns.count >= columnCount else { throw ForecastDataError.noSeries }
            for (c, column) in s.columns.prefix(columnCount).enumerated() {
                let missing = column.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
                if missing > 0 {
                    throw ForecastDataError.missingValues(series: name, column: frame.valueColumns[c], count: missing)
                }
            }
            guard s.count >= needed else {
                let error = ForecastDataError.tooShort(series: name, rows: s.count, needed: needed,
                                                       lookback: net.lookback, horizon: net.horizon)
                if firstTooShort == nil { firstTooShort = error }
                skipped.append("skipped: \(error)")
                continue
            }
            let validationRows = max(minimumValidation, Int((Double(s.count) * configuration.training.validationFraction).rounded()))
            let trainEnd = max(net.lookback + net.horizon, s.count - validationRows)
            let scalers = (0..<columnCount).map { c in ColumnScale.fit(s.columns[c][0..<trainEnd]) }
            let scaled = (0..<columnCount).map { c in s.columns[c].map { Float(scalers[c].apply($0)) } }
            prepared.append(PreparedSeries(key: s.key, timestamps: s.timestamps, scaled: scaled, scalers: scalers,
                                           trainEnd: trainEnd))
            kept.append(s)
            if interval == nil { interval = s.interval }
        }
        if prepared.isEmpty { throw firstTooShort ?? ForecastDataError.noSeries }
        guard let interval else { throw ForecastDataError.noInterval(series: kept[0].name(idColumns: frame.idColumns)) }
        var dataset = ForecastDataset(series: prepared, lookback: net.lookback, horizon: net.horizon,
                                      normalisation: net.windowNormalisation,
                                      calendar: CalendarEncoding(names: net.calendarFeatures), interval: interval)
        dataset.buildWindows(stride: net.stride)
        return (dataset, kept)
    }
}

extension ColumnScale {
    /// Mean and population standard deviation of `values` (a constant column gets scale 1).
    static func fit(_ values: ArraySlice<Double>) -> ColumnScale {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return ColumnScale(mean: 0, scale: 1) }
        let mean = finite.reduce(0, +) / Double(finite.count)
        let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count)
        let std = variance.squareRoot()
        return ColumnScale(mean: mean, scale: std > 1e-12 * max(1, abs(mean)) ? std : 1)
    }
}
