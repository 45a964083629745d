import RecurrentLayers
import Training

// The three architectures' training steps and forecasts. Buffers are time-major `[steps, B, ·]`
// where they meet the stacks; batches arrive batch-major.
extension RecurrentForecastNetwork {
    // MARK: many-to-one: last output → head → all horizon values

    func trainManyToOne(_ batch: ForecastBatch, context: inout TrainingStepContext) throws -> Double {
        let b = batch.count, dh = encoder.outputSize
        let x = timeMajor(batch.inputs, batch: b, steps: lookback)
        try encode(x, batch: b, mode: .training(dropoutSeed: context.generator.next()))
        let last = encoderWorkspace.output + (lookback - 1) * b * dh
        var y = [Float](repeating: 0, count: b * horizon)
        try head.forward(parameters: store, input: last, rows: b, output: &y)
        try addSkip(batch, to: &y)
        var dy: [Float] = []
        let loss = meanSquaredError(y, batch.targets, gradient: &dy)
        var dOut = [Float](repeating: 0, count: lookback * b * dh)
        try dOut.withUnsafeMutableBufferPointer { d in
            try head.backward(parameters: store, input: last, rows: b, outputGradient: dy,
                              inputGradient: d.baseAddress! + (lookback - 1) * b * dh)
        }
        try backwardEncoder(x, outputGradient: dOut)
        return loss
    }

    func forecastManyToOne(_ batch: ForecastBatch, steps: Int) throws -> [Float] {
        let b = batch.count, dh = encoder.outputSize
        try encode(timeMajor(batch.inputs, batch: b, steps: lookback), batch: b, mode: .prediction)
        var y = [Float](repeating: 0, count: b * horizon)
        try head.forward(parameters: store, input: encoderWorkspace.output + (lookback - 1) * b * dh, rows: b, output: &y)
        try addSkip(batch, to: &y)
        var out = [Float](repeating: .nan, count: b * steps)
        for i in 0..<b { for k in 0..<min(steps, horizon) { out[i * steps + k] = y[i * horizon + k] } }
        return out
    }

    // MARK: many-to-many: an output at every step, trained on the next value

    func trainManyToMany(_ batch: ForecastBatch, context: inout TrainingStepContext) throws -> Double {
        let b = batch.count, dh = encoder.outputSize
        let levels = timeMajor(batch.inputs, batch: b, steps: lookback)
        let x = stepDifferenced ? differenced(levels, batch: b) : levels
        try encode(x, batch: b, mode: .training(dropoutSeed: context.generator.next()))
        // Target of step t: the normalised target at t + 1 (the next input, or the first future value).
        var targets = [Float](repeating: 0, count: lookback * b)
        for t in 0..<lookback { for i in 0..<b {
            targets[t * b + i] = t + 1 < lookback ? levels[((t + 1) * b + i) * width] : batch.targets[i * horizon]
        } }
        var y = [Float](repeating: 0, count: lookback * b)
        try head.forward(parameters: store, input: encoderWorkspace.output, rows: lookback * b, output: &y)
        if stepResidual { for r in 0..<(lookback * b) { y[r] += levels[r * width] } }
        var dy: [Float] = []
        let loss = meanSquaredError(y, targets, gradient: &dy)
        var dOut = [Float](repeating: 0, count: lookback * b * dh)
        try head.backward(parameters: store, input: encoderWorkspace.output, rows: lookback * b, outputGradient: dy,
                          inputGradient: &dOut)
        try backwardEncoder(x, outputGradient: dOut)
        return loss
    }

    func forecastManyToMany(_ batch: ForecastBatch, steps: Int) throws -> [Float] {
        let b = batch.count, dh = encoder.outputSize
        let levels = timeMajor(batch.inputs, batch: b, steps: lookback)
        try encode(stepDifferenced ? differenced(levels, batch: b) : levels, batch: b, mode: .prediction)
        var out = [Float](repeating: 0, count: b * steps)
        var y = [Float](repeating: 0, count: b)
        try head.forward(parameters: store, input: encoderWorkspace.output + (lookback - 1) * b * dh, rows: b, output: &y)
        if stepResidual { for i in 0..<b { y[i] += batch.inputs[(i * lookback + lookback - 1) * width] } }
        for i in 0..<b { out[i * steps] = y[i] }
        guard steps > 1 else { return out }
        let state = try RecurrentState<Float>(stack: encoder, batch: b)
        state.load(hidden: encoderWorkspace.finalHidden,
                   cell: encoder.configuration.cell.hasCellState ? encoderWorkspace.finalCell : nil)
        // The level of the last row fed: a differenced network reads each fed value minus it.
        var fedLevel = (0..<b).map { levels[((lookback - 1) * b + $0) * width] }
        for k in 1..<steps {
            let row = futureRows(batch, step: k - 1, channelZero: stepDifferenced ? (0..<b).map { y[$0] - fedLevel[$0] } : y)
            fedLevel = y
            try row.withUnsafeBufferPointer { try encoder.step(parameters: store, input: $0.baseAddress!, state: state) }
            let previous = y
            try head.forward(parameters: store, input: state.output, rows: b, output: &y)
            if stepResidual { for i in 0..<b { y[i] += previous[i] } }
            for i in 0..<b { out[i * steps + k] = y[i] }
        }
        return out
    }

    /// Time-major inputs `[L, B, W]` with channel 0 replaced by its change from the step before
    /// (0 at the first step), for a differenced streaming network.
    func differenced(_ x: [Float], batch b: Int) -> [Float] {
        var out = x
        for i in 0..<b { out[i * width] = 0 }
        for t in 1..<max(1, lookback) { for i in 0..<b {
            out[(t * b + i) * width] = x[(t * b + i) * width] - x[((t - 1) * b + i) * width]
        } }
        return out
    }

    // MARK: seq2seq: encoder → decoder fed its previous output (teacher forcing in training)

    func trainSeq2Seq(_ batch: ForecastBatch, context: inout TrainingStepContext) throws -> Double {
        guard let decoder, let decoderWorkspace else { return .nan }
        let b = batch.count, dh = decoder.outputSize
        let x = timeMajor(batch.inputs, batch: b, steps: lookback)
        try encode(x, batch: b, mode: .training(dropoutSeed: context.generator.next()))
        let (h0, c0) = decoderStart(batch: b)
        // The decoder's own outputs, from a free-running pass; fed back as constants (detached).
        let own = context.teacherForcing < 1 ? try runDecoder(batch, h0: h0, c0: c0, steps: horizon) : []
        var inputs = [Float](repeating: 0, count: horizon * b * width)  // [H, B, W]
        for k in 0..<horizon { for i in 0..<b {
            let previous: Float
            if k == 0 { previous = batch.inputs[(i * lookback + lookback - 1) * width] }
            else if context.generator.nextUnitDouble() < context.teacherForcing { previous = batch.targets[i * horizon + k - 1] }
            else { previous = own[i * horizon + k - 1] }
            for w in 0..<width { inputs[(k * b + i) * width + w] = batch.future[(i * batch.futureSteps + k) * width + w] }
            inputs[(k * b + i) * width] = previous
        } }
        try inputs.withUnsafeBufferPointer { input in
            try h0.withUnsafeBufferPointer { h in
                try c0.withUnsafeBufferPointer { c in
                    try decoder.forward(parameters: store, input: input.baseAddress!, batch: b, steps: horizon,
                                        initialHidden: h.baseAddress!, initialCell: c.baseAddress!,
                                        mode: .training(dropoutSeed: context.generator.next()), workspace: decoderWorkspace)
                }
            }
        }
        var y = [Float](repeating: 0, count: horizon * b)
        try head.forward(parameters: store, input: decoderWorkspace.output, rows: horizon * b, output: &y)
        var targets = [Float](repeating: 0, count: horizon * b)
        for k in 0..<horizon { for i in 0..<b { targets[k * b + i] = batch.targets[i * horizon + k] } }
        var dy: [Float] = []
        let loss = meanSquaredError(y, targets, gradient: &dy)
        var dOut = [Float](repeating: 0, count: horizon * b * dh)
        try head.backward(parameters: store, input: decoderWorkspace.output, rows: horizon * b, outputGradient: dy,
                          inputGradient: &dOut)
        try inputs.withUnsafeBufferPointer { input in
            try dOut.withUnsafeBufferPointer { d in
                try decoder.backward(parameters: store, input: input.baseAddress!, outputGradient: d.baseAddress!,
                                     computeInputGradient: false, workspace: decoderWorkspace)
            }
        }
        let dh0 = encoderStateGradient(decoderWorkspace.initialHiddenGradient, batch: b)
        let dc0 = encoder.configuration.cell.hasCellState
            ? encoderStateGradient(decoderWorkspace.initialCellGradient, batch: b) : nil
        try x.withUnsafeBufferPointer { input in
            try dh0.withUnsafeBufferPointer { dh in
                try (dc0 ?? []).withUnsafeBufferPointer { dc in
                    try encoder.backward(parameters: store, input: input.baseAddress!, outputGradient: nil,
                                         finalHiddenGradient: dh.baseAddress!, finalCellGradient: dc0 == nil ? nil : dc.baseAddress!,
                                         computeInputGradient: false, workspace: encoderWorkspace)
                }
            }
        }
        return loss
    }

    func forecastSeq2Seq(_ batch: ForecastBatch, steps: Int) throws -> [Float] {
        let b = batch.count
        try encode(timeMajor(batch.inputs, batch: b, steps: lookback), batch: b, mode: .prediction)
        let (h0, c0) = decoderStart(batch: b)
        return try runDecoder(batch, h0: h0, c0: c0, steps: steps)
    }

    /// Decoder initial states from the encoder's final states (cell states zero for GRU/RNN).
    private func decoderStart(batch b: Int) -> (hidden: [Float], cell: [Float]) {
        let h0 = decoderInitialState(encoderWorkspace.finalHidden, batch: b)
        let c0 = encoder.configuration.cell.hasCellState ? decoderInitialState(encoderWorkspace.finalCell, batch: b)
                                                         : [Float](repeating: 0, count: h0.count)
        return (h0, c0)
    }

    /// Runs the decoder free for `steps`, each step fed the previous output: `(B, steps)`.
    private func runDecoder(_ batch: ForecastBatch, h0: [Float], c0: [Float], steps: Int) throws -> [Float] {
        guard let decoder else { return [] }
        let b = batch.count
        let state = try RecurrentState<Float>(stack: decoder, batch: b)
        h0.withUnsafeBufferPointer { h in c0.withUnsafeBufferPointer { c in state.load(hidden: h.baseAddress!, cell: c.baseAddress!) } }
        var previous = (0..<b).map { batch.inputs[($0 * lookback + lookback - 1) * width] }
        var out = [Float](repeating: 0, count: b * steps)
        var y = [Float](repeating: 0, count: b)
        for k in 0..<steps {
            let row = futureRows(batch, step: k, channelZero: previous)
            try row.withUnsafeBufferPointer { try decoder.step(parameters: store, input: $0.baseAddress!, state: state) }
            try head.forward(parameters: store, input: state.output, rows: b, output: &y)
            for i in 0..<b { out[i * steps + k] = y[i] }
            previous = y
        }
        return out
    }

    /// Future step `k`'s inputs `[B, W]` with channel 0 replaced by `channelZero`.
    private func futureRows(_ batch: ForecastBatch, step k: Int, channelZero: [Float]) -> [Float] {
        let b = batch.count
        var row = [Float](repeating: 0, count: b * width)
        let step = min(k, batch.futureSteps - 1)
        for i in 0..<b {
            for w in 0..<width { row[i * width + w] = batch.future[(i * batch.futureSteps + step) * width + w] }
            row[i * width] = channelZero[i]
        }
        return row
    }

    private func backwardEncoder(_ x: [Float], outputGradient dOut: [Float]) throws {
        try x.withUnsafeBufferPointer { input in
            try dOut.withUnsafeBufferPointer { d in
                try encoder.backward(parameters: store, input: input.baseAddress!, outputGradient: d.baseAddress!,
                                     computeInputGradient: false, workspace: encoderWorkspace)
            }
        }
    }
}

/// Builds the network a configuration describes.
/// - Parameter batchCapacity: windows per forward pass (larger batches are split); nil: enough for
///   training and evaluation batches. A loaded model for `predict` asks for few: the workspaces
///   scale with it, and allocating them dominated `predict`'s start-up.
func makeNetwork(_ configuration: ForecasterConfiguration, inputWidth: Int, batchCapacity: Int? = nil) throws -> ForecastNetwork {
    let n = configuration.network
    if n.bidirectional && n.architecture == .manyToMany {
        throw ConfigurationError.incompatible(
            "--bidirectional needs --architecture many-to-one or seq2seq: a many-to-many network trained on the next "
            + "value would see that value through the reverse direction")
    }
    return try RecurrentForecastNetwork(n, inputWidth: inputWidth,
                                        batchCapacity: batchCapacity
                                            ?? max(configuration.training.batchSize, ForecastDataset.inferenceBatchSize),
                                        seed: configuration.training.seed)
}
