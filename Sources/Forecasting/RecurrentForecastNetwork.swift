import MatrixKernels
import RecurrentLayers
import Training

/// The recurrent network of a forecaster: an encoder stack, an optional decoder stack (seq2seq)
/// and a dense head, all parameters in one ``ParameterStore`` under PyTorch state_dict names
/// (`encoder.weight_ih_l0`, …, `decoder.…`, `head.weight`, `head.bias`).
///
/// Shapes: B = windows in the batch, L = lookback, S = horizon (or rollout steps), W = values per
/// input step, H = hidden size, D = directions (2 when bidirectional), DH = D·H.
/// The head starts at zero, so an untrained network outputs 0: with last-value window
/// normalisation that is the naive forecast, training's starting point.
final class RecurrentForecastNetwork: ForecastNetwork {
    let architecture: ForecastArchitecture
    let lookback: Int, horizon: Int, width: Int
    let encoder: RecurrentStack
    /// seq2seq only: `[W] → DH` per step, one direction, initial state from the encoder.
    let decoder: RecurrentStack?
    /// many-to-one: `DH → horizon`; otherwise `DH → 1` per step.
    let head: DenseLayer
    /// many-to-one with `linearSkip`: `lookback → horizon` on the window's normalised target
    /// channel, added to the head's output. Fitted by ridge regression before training
    /// (``LinearSkipFit``) and then held fixed: the recurrent part learns the residual of the ridge
    /// forecast. Registered last, so it is the tail the optimiser never sees.
    let skip: DenseLayer?
    /// many-to-many streaming models with `residual`: each step's forecast is the step's own
    /// (scaled) value plus the head's output.
    let stepResidual: Bool
    /// many-to-many streaming models with `differenced`: channel 0 of each step is the target's
    /// change from the step before (0 at a window's first step, as at a stream's first row).
    let stepDifferenced: Bool
    let store: ParameterStore<Float>
    let batchCapacity: Int
    let encoderWorkspace: RecurrentWorkspace<Float>
    let decoderWorkspace: RecurrentWorkspace<Float>?

    init(_ c: NetworkConfiguration, inputWidth: Int, batchCapacity: Int, seed: UInt64) throws {
        architecture = c.architecture
        lookback = c.lookback; horizon = c.horizon; width = inputWidth
        stepResidual = c.architecture == .manyToMany && (c.streaming?.residual ?? false)
        stepDifferenced = c.architecture == .manyToMany && (c.streaming?.differenced ?? false)
        self.batchCapacity = batchCapacity
        let cell: RecurrentCell = c.cell == .lstm ? .lstm : (c.cell == .gru ? .gru : .rnnTanh)
        var layout = ParameterLayout()
        encoder = try RecurrentStack(RecurrentStackConfiguration(cell: cell, inputSize: inputWidth, hiddenSize: c.hidden,
                                                                 layers: c.layers, bidirectional: c.bidirectional,
                                                                 dropout: c.dropout),
                                     registeringIn: &layout, prefix: "encoder.")
        let dh = encoder.outputSize
        if c.architecture == .seq2seq {
            decoder = try RecurrentStack(RecurrentStackConfiguration(cell: cell, inputSize: inputWidth, hiddenSize: dh,
                                                                     layers: c.layers, bidirectional: false,
                                                                     dropout: c.dropout),
                                         registeringIn: &layout, prefix: "decoder.")
        } else {
            decoder = nil
        }
        head = try DenseLayer(inputSize: dh, outputSize: c.architecture == .manyToOne ? c.horizon : 1,
                              registeringIn: &layout, prefix: "head.")
        skip = c.linearSkip && c.architecture == .manyToOne
            ? try DenseLayer(inputSize: c.lookback, outputSize: c.horizon, registeringIn: &layout, prefix: "skip.")
            : nil
        store = ParameterStore<Float>(layout: layout)
        encoderWorkspace = try RecurrentWorkspace<Float>(stack: encoder, batch: batchCapacity, steps: c.lookback)
        if let decoder {
            decoderWorkspace = try RecurrentWorkspace<Float>(stack: decoder, batch: batchCapacity, steps: c.horizon)
        } else {
            decoderWorkspace = nil
        }
        initialise(seed: seed)
    }

    /// PyTorch's default initialisation for the recurrent stacks, zeros for the head and the skip path.
    private func initialise(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for entry in store.layout.entries {
            let values = UnsafeMutableBufferPointer(start: store.values + entry.offset, count: entry.count)
            if entry.name.hasPrefix("head.") || entry.name.hasPrefix("skip.") {
                values.update(repeating: 0)
            } else {
                let hidden = entry.name.hasPrefix("decoder.") ? (decoder?.configuration.hiddenSize ?? 1)
                                                             : encoder.configuration.hiddenSize
                ParameterInitialisation.recurrentDefault(values, hiddenSize: hidden, using: &generator)
            }
        }
    }

    // MARK: - Parameters

    var parameterCount: Int { store.count }

    /// Everything before the skip path's tensors (which come last in the store).
    var trainedParameterCount: Int {
        guard skip != nil, let first = store.layout.entries.first(where: { $0.name.hasPrefix("skip.") }) else {
            return store.count
        }
        return first.offset
    }

    func snapshot() -> [Float] { Array(UnsafeBufferPointer(start: store.values, count: store.count)) }

    func restore(_ values: [Float]) {
        values.withUnsafeBufferPointer { store.values.update(from: $0.baseAddress!, count: min(values.count, store.count)) }
    }

    func withParametersAndGradients(_ body: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) {
        body(UnsafeMutableBufferPointer(start: store.values, count: trainedParameterCount),
             UnsafeMutableBufferPointer(start: store.gradients, count: trainedParameterCount))
    }

    func stateDict() -> [(name: String, shape: [Int], values: [Float])] {
        store.layout.entries.map { e in
            (e.name, e.shape, Array(UnsafeBufferPointer(start: store.values + e.offset, count: e.count)))
        }
    }

    // MARK: - Shared pieces

    /// The skip path's input: the normalised target channel of each window, `(B, L)`.
    func targetChannel(_ batch: ForecastBatch) -> [Float] {
        var out = [Float](repeating: 0, count: batch.count * lookback)
        for i in 0..<batch.count { for t in 0..<lookback { out[i * lookback + t] = batch.inputs[(i * lookback + t) * width] } }
        return out
    }

    /// Adds the skip path's forecast `(B, horizon)` to `y`; no-op without a skip path.
    func addSkip(_ batch: ForecastBatch, to y: inout [Float]) throws {
        guard let skip else { return }
        let x = targetChannel(batch)
        var s = [Float](repeating: 0, count: batch.count * horizon)
        try skip.forward(parameters: store, input: x, rows: batch.count, output: &s)
        for i in 0..<s.count { y[i] += s[i] }
    }

    /// Sets the skip path's weights, `[horizon, lookback]` row-major (PyTorch `nn.Linear` layout),
    /// and its bias to zero. Returns false when there is no skip path or the size is wrong.
    func setSkipWeights(_ weights: [Float]) -> Bool {
        guard skip != nil, weights.count == horizon * lookback,
              let w = store.layout.entries.first(where: { $0.name == "skip.weight" }),
              let b = store.layout.entries.first(where: { $0.name == "skip.bias" }) else { return false }
        for i in 0..<w.count { store.values[w.offset + i] = weights[i] }
        for i in 0..<b.count { store.values[b.offset + i] = 0 }
        return true
    }

    /// `(B, L, W)` batch-major → `[L, B, W]` time-major, as the stacks take it.
    func timeMajor(_ x: [Float], batch b: Int, steps: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<b { for t in 0..<steps { for w in 0..<width {
            out[(t * b + i) * width + w] = x[(i * steps + t) * width + w]
        } } }
        return out
    }

    /// Runs the encoder over the window.
    func encode(_ x: [Float], batch b: Int, mode: ForwardMode) throws {
        try x.withUnsafeBufferPointer {
            try encoder.forward(parameters: store, input: $0.baseAddress!, batch: b, steps: lookback, mode: mode,
                                workspace: encoderWorkspace)
        }
    }

    /// Encoder final states `[L·D, B, H]` → decoder initial states `[L, B, D·H]` (directions side
    /// by side, as `torch.cat([h[0::2], h[1::2]], dim=2)`).
    func decoderInitialState(_ states: UnsafePointer<Float>, batch b: Int) -> [Float] {
        let l = encoder.configuration.layers, d = encoder.directions, h = encoder.configuration.hiddenSize
        var out = [Float](repeating: 0, count: l * b * d * h)
        for k in 0..<l { for i in 0..<b { for dir in 0..<d { for j in 0..<h {
            out[(k * b + i) * d * h + dir * h + j] = states[((k * d + dir) * b + i) * h + j]
        } } } }
        return out
    }

    /// The inverse of ``decoderInitialState(_:batch:)`` for gradients.
    func encoderStateGradient(_ g: UnsafePointer<Float>, batch b: Int) -> [Float] {
        let l = encoder.configuration.layers, d = encoder.directions, h = encoder.configuration.hiddenSize
        var out = [Float](repeating: 0, count: l * d * b * h)
        for k in 0..<l { for i in 0..<b { for dir in 0..<d { for j in 0..<h {
            out[((k * d + dir) * b + i) * h + j] = g[(k * b + i) * d * h + dir * h + j]
        } } } }
        return out
    }

    func forecast(_ batch: ForecastBatch, steps: Int) -> [Float] {
        var out = [Float](repeating: 0, count: batch.count * steps)
        var start = 0
        while start < batch.count {
            let n = min(batchCapacity, batch.count - start)
            let part = batch.slice(start..<(start + n))
            let y: [Float]
            do {
                switch architecture {
                case .manyToOne: y = try forecastManyToOne(part, steps: steps)
                case .manyToMany: y = try forecastManyToMany(part, steps: steps)
                case .seq2seq: y = try forecastSeq2Seq(part, steps: steps)
                }
            } catch {
                // Sizes are fixed at construction; a layer error here is a bug, reported as NaN
                // forecasts (caught by validation) rather than a crash.
                y = [Float](repeating: .nan, count: n * steps)
            }
            for i in 0..<(n * steps) { out[start * steps + i] = y[i] }
            start += n
        }
        return out
    }

    func trainStep(_ batch: ForecastBatch, context: inout TrainingStepContext) -> Double {
        store.zeroGradients()
        do {
            switch architecture {
            case .manyToOne: return try trainManyToOne(batch, context: &context)
            case .manyToMany: return try trainManyToMany(batch, context: &context)
            case .seq2seq: return try trainSeq2Seq(batch, context: &context)
            }
        } catch {
            return .nan
        }
    }
}

extension ForecastBatch {
    /// Windows `range` of the batch.
    func slice(_ range: Range<Int>) -> ForecastBatch {
        let n = range.count
        return ForecastBatch(
            count: n, lookback: lookback, horizon: horizon, width: width,
            inputs: Array(inputs[(range.lowerBound * lookback * width)..<(range.upperBound * lookback * width)]),
            targets: Array(targets[(range.lowerBound * horizon)..<(range.upperBound * horizon)]),
            futureSteps: futureSteps,
            future: Array(future[(range.lowerBound * futureSteps * width)..<(range.upperBound * futureSteps * width)]),
            normalisers: Array(normalisers[range]))
    }
}

/// The mean squared error of `predictions` against `targets` and its gradient.
func meanSquaredError(_ predictions: [Float], _ targets: [Float], gradient: inout [Float]) -> Double {
    gradient = [Float](repeating: 0, count: predictions.count)
    return predictions.withUnsafeBufferPointer { p in
        targets.withUnsafeBufferPointer { t in
            gradient.withUnsafeMutableBufferPointer { g in
                LossFunction.meanSquaredError.evaluate(predictions: p.baseAddress!, targets: t.baseAddress!,
                                                       targetCount: predictions.count, dPredictions: g.baseAddress!)
            }
        }
    }
}
