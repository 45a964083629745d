import RecurrentLayers
import Training

/// Trains a streaming network (``StreamingConfiguration``) the way it will run: many-to-many on
/// the contiguous rows of each series, no window normalisation, with a carried state (stateful
/// truncated BPTT) or long windows with a burn-in. Adam, global-norm clipping, a plateau
/// schedule, early stopping on the streaming validation loss with restore of the best weights,
/// divergence recovery and Ctrl-C as in ``ForecasterTrainer``.
///
/// Validation loss: each whole series runs from a zero state at its first row with the state
/// carried to its end (exactly as `forecast detect` runs it), and the one-step squared errors of
/// the validation rows are averaged, in per-series scaled units.
struct StreamingTrainer {
    var configuration: TrainingConfiguration
    var streaming: StreamingConfiguration
    var progress: TrainingProgressSink?
    var shouldStop: () -> Bool = { TrainingInterrupt.isRequested }

    /// Steps per forward pass when validating (any length works; the state is carried).
    static let validationSteps = 256
    /// Updates an epoch makes at least (several passes over a short span).
    static let minimumUpdatesPerEpoch = 64

    func train(_ network: RecurrentForecastNetwork, on data: StreamingSequences) throws -> TrainingOutcome {
        let cfg = configuration
        let started = MonotonicClock.seconds()
        var generator = SeededGenerator(seed: cfg.seed)
        var learningRate = cfg.learningRate
        var optimizer = try cfg.makeOptimizer(parameterCount: network.trainedParameterCount, learningRate: learningRate)
        var schedule = try ReduceOnPlateau(learningRate: learningRate, factor: 0.5, patience: 1)
        let batcher = try StreamingBatcher(data: data, streaming: streaming, batchSize: cfg.batchSize,
                                           maxWindows: cfg.maxWindowsPerEpoch, network: network)
        let validation = try StreamingValidation(data: data, network: network)

        let startLoss = try validation.loss()
        var state = EarlyStoppingState(network, startLoss: startLoss)
        var divergences = 0
        var stopReason = "completed"
        progress?.report(.note("epoch 0 (untrained: " + (network.stepResidual ? "the naive forecast" : "the training mean")
                               + "): streaming validation loss "
                               + NumberText.significant(startLoss, 4)))

        epochLoop: for epoch in 1...cfg.epochs {
            let epochStart = MonotonicClock.seconds()
            var lossSum = 0.0, lossCount = 0
            var diverged = false
            let passes = batcher.passesPerEpoch(minimumUpdates: Self.minimumUpdatesPerEpoch)
            let updates = passes * batcher.updatesPerEpoch
            var made = 0
            // A short span gives few chunks per pass: an epoch runs enough passes (each at a new
            // phase) for at least `minimumUpdatesPerEpoch` updates between validations.
            for _ in 0..<passes {
                let plan = batcher.plan(using: &generator)
                try batcher.epoch(plan) { _, pass, steps in
                    if shouldStop() { stopReason = "interrupted"; return false }
                    if diverged { return false }
                    network.store.zeroGradients()
                    let (sum, count) = try pass.run(steps: steps, mode: .training(dropoutSeed: generator.next()))
                    guard count > 0 else { return true }
                    try pass.backward(steps: steps, count: count)
                    guard clippedOptimizerStep(network, optimizer: &optimizer, clipNorm: cfg.clipNorm,
                                               lossIsFinite: sum.isFinite) else { diverged = true; return false }
                    lossSum += sum / Double(count); lossCount += 1
                    made += 1
                    progress?.report(.batch(epoch: epoch, epochs: cfg.epochs, batch: min(made, updates), batches: updates,
                                            trainLoss: lossSum / Double(lossCount)))
                    return true
                }
                if stopReason == "interrupted" || diverged { break }
            }
            if stopReason == "interrupted" { break epochLoop }
            if diverged {
                try recoverFromDivergence(network, state: state, at: "epoch \(epoch)", configuration: cfg,
                                          divergences: &divergences, learningRate: &learningRate,
                                          optimizer: &optimizer, schedule: &schedule, progress: progress)
                continue
            }
            let loss = try validation.loss()
            let record = state.record(network, epoch: epoch, improved: loss.isFinite && loss < state.bestLoss,
                                      trainLoss: lossCount > 0 ? lossSum / Double(lossCount) : .nan,
                                      validationLoss: loss, learningRate: learningRate,
                                      seconds: MonotonicClock.seconds() - epochStart)
            progress?.report(.epoch(record))
            if state.epochsWithoutImprovement >= cfg.patience { stopReason = "early-stopped"; break }
            learningRate = schedule.step(metric: loss.isFinite ? loss : .infinity)
            optimizer.learningRate = learningRate
        }
        return state.finish(network, stopReason: stopReason, patience: cfg.patience, divergences: divergences,
                            started: started, progress: progress)
    }
}

/// The streaming validation loss: whole series from a zero state, state carried to the end,
/// squared one-step errors of the validation rows (target row ≥ the series' `trainEnd`).
struct StreamingValidation {
    let data: StreamingSequences
    let pass: StreamingPass
    let groupSize: Int

    init(data: StreamingSequences, network: RecurrentForecastNetwork) throws {
        self.data = data
        groupSize = max(1, min(64, data.inputs.count))
        pass = try StreamingPass(network: network, batch: groupSize, steps: StreamingTrainer.validationSteps)
    }

    func loss() throws -> Double {
        var sum = 0.0, count = 0
        var first = 0
        while first < data.inputs.count {
            let group = Array(first..<min(first + groupSize, data.inputs.count))
            let rows = group.map { data.targets[$0].count }.max() ?? 0
            pass.resetState()
            var start = 0
            while start < rows {
                let steps = min(StreamingTrainer.validationSteps, rows - start)
                fill(pass, group: group, from: start, steps: steps)
                let r = try pass.run(steps: steps, mode: .inference)
                sum += r.sum; count += r.count
                start += steps
            }
            first += groupSize
        }
        return count > 0 ? sum / Double(count) : .infinity
    }

    /// Rows `from ..< from + steps` of each series in `group`; targets only where the predicted
    /// row is a validation row.
    private func fill(_ pass: StreamingPass, group: [Int], from: Int, steps: Int) {
        let b = pass.batch, w = pass.width
        for t in 0..<steps {
            for i in 0..<b {
                let slot = t * b + i
                guard i < group.count, from + t < data.targets[group[i]].count else {
                    for j in 0..<w { pass.inputs[slot * w + j] = 0 }
                    pass.targets[slot] = .nan
                    pass.levels[slot] = 0
                    continue
                }
                let s = group[i], row = from + t
                for j in 0..<w { pass.inputs[slot * w + j] = data.inputs[s][row * w + j] }
                pass.levels[slot] = data.levels[s][row]
                pass.targets[slot] = row + 1 >= data.trainEnd[s] ? data.targets[s][row] : .nan
            }
        }
    }
}
