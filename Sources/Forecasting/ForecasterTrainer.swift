import Training

/// Training failed for good (divergence kept coming back, or nothing to train on).
public enum TrainingFailure: Error, CustomStringConvertible {
    case diverged(times: Int, lastLearningRate: Double)
    case noTrainingWindows(String)

    public var description: String {
        switch self {
        case let .diverged(times, lr):
            return "training diverged \(times) times (NaN or Inf in the loss or gradients) even after restoring the best "
                + "weights and halving the learning rate down to \(NumberText.significant(lr, 3)); try a smaller --lr, "
                + "a smaller --hidden, or check the data for extreme values"
        case let .noTrainingWindows(text):
            return text
        }
    }
}

/// The outcome of ``ForecasterTrainer/train``.
struct TrainingOutcome {
    var epochs: [EpochRecord]
    var bestEpoch: Int
    var bestValidationLoss: Double
    var stopReason: String
    var divergences: Int
    var seconds: Double
}

/// The training loop: shuffled mini-batches, Adam, clipping, a plateau schedule, early stopping
/// with restore of the best weights, divergence recovery, and a clean stop on Ctrl-C.
///
/// Epoch 0 is the untrained network's validation loss: with last-value window normalisation and
/// a zero-initialised head that is exactly the naive forecast's loss, so the weights kept are
/// never worse than the naive forecast on validation.
struct ForecasterTrainer {
    var configuration: TrainingConfiguration
    var progress: TrainingProgressSink?
    /// Checked before every batch; true stops training as Ctrl-C does.
    var shouldStop: () -> Bool = { TrainingInterrupt.isRequested }

    /// Trains `network` on the dataset's windows; leaves the best weights in the network.
    func train(_ network: ForecastNetwork, on data: ForecastDataset) throws -> TrainingOutcome {
        let cfg = configuration
        guard !data.trainWindows.isEmpty else {
            throw TrainingFailure.noTrainingWindows("no training windows: every series is shorter than lookback + horizon")
        }
        let started = MonotonicClock.seconds()
        var generator = SeededGenerator(seed: cfg.seed)
        var optimizer = try cfg.makeOptimizer(parameterCount: network.trainedParameterCount, learningRate: cfg.learningRate)
        var schedule = try ReduceOnPlateau(learningRate: cfg.learningRate, factor: 0.5, patience: 1)
        var learningRate = cfg.learningRate

        let startLoss = try validationLoss(network, data)
        var state = EarlyStoppingState(network, startLoss: startLoss)
        let bar = (cfg.minimumGain ?? 0) > 0 && startLoss.isFinite ? startLoss * (1 - (cfg.minimumGain ?? 0)) : Double.infinity
        var bestSeen = (loss: Double.infinity, epoch: 0)   // for the note when no epoch clears the bar
        var divergences = 0
        var stopReason = "completed"
        progress?.report(.note("epoch 0 (untrained): validation loss \(NumberText.significant(startLoss, 4))"))

        let perEpoch = min(data.trainWindows.count, cfg.maxWindowsPerEpoch ?? Int.max)
        var shuffler = try BatchShuffler(count: data.trainWindows.count, batchSize: cfg.batchSize)
        let batches = (perEpoch + cfg.batchSize - 1) / cfg.batchSize
        var teacherForcing = cfg.teacherForcing

        epochLoop: for epoch in 1...cfg.epochs {
            let epochStart = MonotonicClock.seconds()
            shuffler.shuffle(using: &generator)
            var lossSum = 0.0, lossCount = 0
            for b in 0..<batches {
                if shouldStop() { stopReason = "interrupted"; break epochLoop }
                let indices = shuffler.batch(b).prefix(perEpoch - b * cfg.batchSize)
                let batch = try data.batch(indices.map { data.trainWindows[$0] })
                var context = TrainingStepContext(generator: generator, teacherForcing: teacherForcing)
                let loss = network.trainStep(batch, context: &context)
                generator = context.generator
                if !clippedOptimizerStep(network, optimizer: &optimizer, clipNorm: cfg.clipNorm, lossIsFinite: loss.isFinite) {
                    try recoverFromDivergence(network, state: state, at: "epoch \(epoch), batch \(b + 1)", configuration: cfg,
                                              divergences: &divergences, learningRate: &learningRate,
                                              optimizer: &optimizer, schedule: &schedule, progress: progress)
                    continue
                }
                lossSum += loss; lossCount += 1
                progress?.report(.batch(epoch: epoch, epochs: cfg.epochs, batch: b + 1, batches: batches,
                                        trainLoss: lossSum / Double(lossCount)))
            }
            let validation = try validationLoss(network, data)
            if validation.isFinite && validation < bestSeen.loss { bestSeen = (validation, epoch) }
            // An epoch counts as progress only if it beats the best so far and clears the min-gain
            // bar below the start: weights that do not clear it are discarded at the end anyway, so
            // `patience` epochs without clearing it end training (most of the time on noisy data).
            let improved = validation.isFinite && validation < min(state.bestLoss, bar)
            let record = state.record(network, epoch: epoch, improved: improved,
                                      trainLoss: lossCount > 0 ? lossSum / Double(lossCount) : .nan,
                                      validationLoss: validation, learningRate: learningRate,
                                      seconds: MonotonicClock.seconds() - epochStart)
            progress?.report(.epoch(record))
            if state.epochsWithoutImprovement >= cfg.patience {
                stopReason = "early-stopped"
                break
            }
            learningRate = schedule.step(metric: validation.isFinite ? validation : .infinity)
            optimizer.learningRate = learningRate
            teacherForcing *= cfg.teacherForcingDecay
        }
        if let gain = cfg.minimumGain, gain > 0, state.bestEpoch == 0, bestSeen.epoch > 0 {
            let lowered = bestSeen.loss < startLoss
                ? "lowered the validation loss by only " + NumberText.significant(100 * (1 - bestSeen.loss / startLoss), 3) + "%"
                : "did not lower the validation loss"
            progress?.report(.note("training " + lowered + " (best epoch \(bestSeen.epoch): "
                + "\(NumberText.significant(bestSeen.loss, 4)) vs \(NumberText.significant(startLoss, 4)) untrained), less than the "
                + NumberText.significant(100 * gain, 2) + "% required (--min-gain): keeping the untrained start"))
        }
        return state.finish(network, stopReason: stopReason, patience: cfg.patience, divergences: divergences,
                            started: started, progress: progress)
    }

    /// Mean squared error of the validation forecasts, in per-series scaled units.
    func validationLoss(_ network: ForecastNetwork, _ data: ForecastDataset) throws -> Double {
        var sum = 0.0, count = 0
        try data.forEachValidationForecast(network) { _, forecast, actual in
            for (f, a) in zip(forecast, actual) { sum += (f - a) * (f - a); count += 1 }
        }
        return count > 0 ? sum / Double(count) : .infinity
    }
}
