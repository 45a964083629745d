import Training

/// The pieces of a training loop that ``ForecasterTrainer`` (windows) and ``StreamingTrainer``
/// (carried state) share: how an optimiser is made, how one batch's gradients become a step, and
/// how a run ends.
extension TrainingConfiguration {
    /// Adam, or AdamW when `weightDecay` > 0, over `count` trained parameters.
    func makeOptimizer(parameterCount count: Int, learningRate: Double) throws -> Adam<Float> {
        weightDecay > 0
            ? try Adam<Float>.adamW(parameterCount: count, learningRate: learningRate, weightDecay: weightDecay)
            : try Adam<Float>(parameterCount: count, learningRate: learningRate)
    }
}

/// Checks the gradients already in `network`, clips them by global norm (`clipNorm`, nil: no
/// clipping) and takes one optimiser step. Returns false, with no step taken, when the loss or the
/// gradients are not finite (the caller's divergence recovery takes over).
func clippedOptimizerStep(_ network: ForecastNetwork, optimizer: inout Adam<Float>, clipNorm: Double?,
                          lossIsFinite: Bool) -> Bool {
    var finite = lossIsFinite
    network.withParametersAndGradients { parameters, gradients in
        let norm = GradientClipping.globalNorm(UnsafeBufferPointer(gradients))
        finite = finite && norm.isFinite
        guard finite else { return }
        if let clip = clipNorm { GradientClipping.clipGlobalNorm(gradients, maxNorm: clip) }
        optimizer.step(parameters: parameters, gradients: UnsafeBufferPointer(gradients))
    }
    return finite
}

/// Best-so-far bookkeeping for early stopping: the best weights, their loss and epoch, the epochs
/// since the last improvement and the per-epoch records.
struct EarlyStoppingState {
    var best: [Float]
    var bestLoss: Double
    var bestEpoch = 0
    var epochsWithoutImprovement = 0
    var records: [EpochRecord] = []

    init(_ network: ForecastNetwork, startLoss: Double) {
        best = network.snapshot()
        bestLoss = startLoss
    }

    /// Records an epoch; when `improved`, its weights become the best. Returns the record.
    mutating func record(_ network: ForecastNetwork, epoch: Int, improved: Bool, trainLoss: Double,
                         validationLoss: Double, learningRate: Double, seconds: Double) -> EpochRecord {
        if improved {
            best = network.snapshot(); bestLoss = validationLoss; bestEpoch = epoch
            epochsWithoutImprovement = 0
        } else {
            epochsWithoutImprovement += 1
        }
        let record = EpochRecord(epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss,
                                 learningRate: learningRate, seconds: seconds, isBest: improved)
        records.append(record)
        return record
    }

    /// Ends a run: restores the best weights, says why training stopped, returns the outcome.
    func finish(_ network: ForecastNetwork, stopReason: String, patience: Int, divergences: Int,
                started: Double, progress: TrainingProgressSink?) -> TrainingOutcome {
        network.restore(best)
        if stopReason == "interrupted" {
            progress?.report(.note("interrupted: keeping the best weights so far (epoch \(bestEpoch))"))
        } else if stopReason == "early-stopped" {
            progress?.report(.note("early stop: no validation improvement for \(patience) epochs; best epoch \(bestEpoch)"))
        }
        return TrainingOutcome(epochs: records, bestEpoch: bestEpoch, bestValidationLoss: bestLoss,
                               stopReason: stopReason, divergences: divergences,
                               seconds: MonotonicClock.seconds() - started)
    }
}

/// Divergence recovery (NaN or Inf in the loss or gradients at `place`, e.g. "epoch 3, batch 7"):
/// the best weights come back, the learning rate is halved, the optimiser and its plateau
/// schedule start afresh, and the progress sink is told. Throws ``TrainingFailure/diverged`` once
/// it has happened more than `maxDivergences` times.
func recoverFromDivergence(_ network: ForecastNetwork, state: EarlyStoppingState, at place: String,
                           configuration cfg: TrainingConfiguration, divergences: inout Int,
                           learningRate: inout Double, optimizer: inout Adam<Float>,
                           schedule: inout ReduceOnPlateau, progress: TrainingProgressSink?) throws {
    divergences += 1
    learningRate /= 2
    network.restore(state.best)
    if divergences > cfg.maxDivergences {
        throw TrainingFailure.diverged(times: divergences, lastLearningRate: learningRate)
    }
    optimizer = try cfg.makeOptimizer(parameterCount: network.trainedParameterCount, learningRate: learningRate)
    schedule = try ReduceOnPlateau(learningRate: learningRate, factor: 0.5, patience: 1)
    progress?.report(.note("\(place): NaN/Inf in the loss or gradients; restored the best weights (epoch "
        + "\(state.bestEpoch)) and halved the learning rate to \(NumberText.significant(learningRate, 3))"))
}
