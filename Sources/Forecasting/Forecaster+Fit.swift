import MatrixKernels
import TimeFrames

/// What ``Forecaster/fit(_:options:progress:)`` returns besides the forecaster.
public struct FitResult {
    public var forecaster: Forecaster
    /// Why each default was chosen (also stored in the model's training summary).
    public var choices: [String]
    /// Series left out because they were too short, with the reason.
    public var skippedSeries: [String]
    /// The naive check's verdict (``TrainingConfiguration/naiveCheck``), nil when it is off.
    public var naiveCheck: String? = nil
    /// True when the naive check failed and the model forecasts the last value.
    public var fellBackToNaive = false
}

extension Forecaster {
    /// Trains a forecaster on every series of `frame` (one global model; windows never cross series).
    ///
    /// The target is `frame.targetColumns[0]`; `frame.featureColumns` are covariates. Each series is
    /// scaled per column on its training rows only; the last `validationFraction` of each series is
    /// validation.
    /// - Parameter warmStart: a forecaster whose network has the same configuration (`network`
    ///   section) as the one resolved here; training starts from its weights instead of the seeded
    ///   initialisation. Everything else (scalers, validation split, residual quantiles) is still
    ///   fitted on `frame` alone. Used by rolling-origin backtests to carry weights forward.
    /// - Throws: ``ForecastDataError`` (too short, missing values), ``ConfigurationError``
    ///   (also when `warmStart`'s network differs), ``TrainingFailure`` (repeated divergence).
    public static func fit(_ frame: TimeFrame, options: ForecasterOptions,
                           progress: TrainingProgressSink? = nil, warmStart: Forecaster? = nil) throws -> FitResult {
        let resolved = try options.resolve(for: frame)
        return try fit(frame, resolved: resolved, progress: progress, warmStart: warmStart)
    }

    /// Trains with an already resolved configuration (benchmarks, tests, warm-started backtests).
    public static func fit(_ frame: TimeFrame, resolved: ResolvedConfiguration,
                           progress: TrainingProgressSink? = nil, warmStart: Forecaster? = nil) throws -> FitResult {
        guard frame.targetColumns.count <= 1 else { throw ForecastDataError.severalTargets(frame.targetColumns) }
        let config = resolved.configuration
        let net = config.network
        if let threads = config.training.threads { ComputeThreads.set(threads) }
        let dataset = try ForecastDataset(frame: frame, configuration: config)
        let skipped = dataset.windows.skippedSeries.map { "skipped series \($0.name): \($0.reason)" }
        let network = try makeNetwork(config, inputWidth: dataset.inputWidth)
        if let warmStart {
            guard warmStart.configuration.network == net, warmStart.network.parameterCount == network.parameterCount else {
                throw ConfigurationError.incompatible(
                    "warm start: the earlier model's network (\(warmStart.network.parameterCount) parameters) does not match "
                    + "this configuration's (\(network.parameterCount) parameters); fit without a warm start")
            }
            network.restore(warmStart.network.snapshot())
        }
        var choices = resolved.choices
        if net.linearSkip {
            let skipFit = try LinearSkipFit.fit(dataset)
            _ = network.setSkipWeights(skipFit.weights)
            choices.append(skipFit.description)
        }
        if let progress {
            // The choices come first, so a long run shows what it is training before it starts.
            if !choices.isEmpty {
                progress.report(.note("chosen from the data (each can be set with the option of that name):"))
                for c in choices { progress.report(.note("  " + c)) }
            }
            for note in skipped { progress.report(.note(note)) }
            for warning in dataset.windows.extremeValueWarnings { progress.report(.note("warning: " + warning)) }
        }
        let outcome = try train(network, on: dataset, configuration: config, progress: progress)

        var evaluation = try ValidationEvaluation.run(network, dataset: dataset, seasonalPeriod: resolved.seasonalPeriod)
        var naiveVerdict: String?, fellBack = false
        if let threshold = config.training.naiveCheck, threshold > 0 {
            let minimumGain = config.training.minimumGain ?? 0
            let check = evaluation.naiveCheck, passed = check.passes(threshold, minimumGain: minimumGain)
            // Zero head and skip path forecast the window's reference: the last value only under last-value.
            fellBack = !passed && net.windowNormalisation == .lastValue
            if fellBack {
                network.restore(naiveWeights(network))
                evaluation = try ValidationEvaluation.run(network, dataset: dataset, seasonalPeriod: resolved.seasonalPeriod)
            }
            let verdict = check.description(threshold: threshold, minimumGain: minimumGain, passed: passed, fellBack: fellBack)
            naiveVerdict = verdict
            choices.append(verdict)   // stored in the model; fit's report prints it
        }
        let kept = dataset.windows.frameIndices.map { frame.series[$0] }
        let columnIndices = ([frame.targetColumns[0]] + frame.featureColumns).compactMap { frame.valueColumns.firstIndex(of: $0) }
        let histories = kept.map { s -> SeriesHistory in
            let from = max(0, s.count - net.lookback)
            return SeriesHistory(key: s.key, timestamps: Array(s.timestamps[from...]),
                                 columns: columnIndices.map { Array(s.columns[$0][from...]) })
        }
        let lastTimestamps = kept.flatMap(\.timestamps)
        let metadata = ForecasterMetadata(
            configuration: config,
            columns: ModelColumns(time: frame.timeColumn, ids: frame.idColumns, target: frame.targetColumns[0],
                                  features: frame.featureColumns),
            calendar: ModelCalendar(interval: dataset.interval,
                                    dateOnly: lastTimestamps.allSatisfy { $0 % 86_400_000 == 0 },
                                    seasonalPeriod: resolved.seasonalPeriod),
            scalers: dataset.windows.scalers,
            training: TrainingSummary(
                epochs: outcome.epochs, bestEpoch: outcome.bestEpoch, bestValidationLoss: outcome.bestValidationLoss,
                stopReason: outcome.stopReason, divergences: outcome.divergences,
                trainingWindows: dataset.trainWindows.count, validationWindows: dataset.validationWindows.count,
                parameterCount: network.parameterCount, seconds: outcome.seconds,
                validation: evaluation.scores, choices: choices),
            residualQuantiles: evaluation.residualQuantiles,
            history: histories)
        let forecaster = Forecaster(metadata: metadata, network: network)
        // Intervals past the trained horizon: quantiles of rolled-out validation residuals.
        let rolled = try RolloutCalibration.residuals(forecaster, series: kept, columnIndices: columnIndices,
                                                      trainEnd: dataset.windows.trainEnd)
        if !rolled.isEmpty {
            forecaster.metadata.residualQuantiles = ResidualQuantiles(residuals: evaluation.residuals + rolled)
                .nonNarrowing(from: net.horizon)
        }
        return FitResult(forecaster: forecaster, choices: choices, skippedSeries: skipped,
                         naiveCheck: naiveVerdict, fellBackToNaive: fellBack)
    }

    /// The network's weights with the head and the skip path zeroed: under last-value window
    /// normalisation every architecture then forecasts the last value.
    static func naiveWeights(_ network: ForecastNetwork) -> [Float] {
        var values = network.snapshot(), offset = 0
        for tensor in network.stateDict() {
            if tensor.name.hasPrefix("head.") || tensor.name.hasPrefix("skip.") {
                for i in offset..<(offset + tensor.values.count) { values[i] = 0 }
            }
            offset += tensor.values.count
        }
        return values
    }
}
