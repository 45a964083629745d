import RecurrentLayers
import Windowing

/// Every series of a dataset as one long sequence for a streaming network, in per-series scaled
/// units: row t's input is the scaled target (a missing value repeats the last present one) and
/// the calendar pairs of its timestamp; its target is the scaled value of row t + 1.
struct StreamingSequences {
    /// Values per input row: the target, then the calendar sine/cosine pairs.
    let width: Int
    /// Per series: `[rows, width]`, row-major (channel 0: the value, or its change when differenced).
    let inputs: [[Float]]
    /// Per series: the scaled value of each row (a missing value repeats the last present one):
    /// what a residual network adds to its head's output.
    let levels: [[Float]]
    /// Per series: `targets[t]` = the scaled value of row t + 1; NaN when missing or past the end.
    let targets: [[Float]]
    /// Per series: rows before this index are training rows, the rest validation.
    let trainEnd: [Int]

    /// - Throws: ``ConfigurationError`` when the model has covariates (a stream carries the target
    ///   and the calendar only).
    init(dataset: ForecastDataset, differenced: Bool = false) throws {
        let layout = dataset.layout
        guard layout.features.isEmpty else {
            throw ConfigurationError.incompatible(
                "--streaming takes the target alone (and calendar features): leave out --features \(layout.features.joined(separator: ","))")
        }
        let width = layout.inputWidth
        var inputs: [[Float]] = [], targets: [[Float]] = [], levels: [[Float]] = []
        for s in dataset.targets.indices {
            let scaler = dataset.windows.scalers[s].target
            let values = dataset.targets[s], stamps = dataset.timestamps[s]
            var x = [Float](repeating: 0, count: values.count * width)
            var y = [Float](repeating: .nan, count: values.count)
            var level = [Float](repeating: 0, count: values.count)
            var last: Float = 0
            x.withUnsafeMutableBufferPointer { row in
                for t in values.indices {
                    let v = values[t]
                    if !v.isNaN { last = Float(scaler.apply(v)) }
                    level[t] = last
                    row[t * width] = differenced ? (t > 0 ? last - level[t - 1] : 0) : last
                    CalendarFeature.encode(layout.calendar, at: stamps[t], into: row.baseAddress! + t * width + 1)
                    if t > 0 && !v.isNaN { y[t - 1] = Float(scaler.apply(v)) }
                }
            }
            inputs.append(x)
            targets.append(y)
            levels.append(level)
        }
        self.width = width
        self.inputs = inputs
        self.targets = targets
        self.levels = levels
        trainEnd = dataset.windows.trainEnd
    }
}

/// One batch of streams run through a many-to-many network for up to `stepCapacity` steps at a
/// time, the hidden (and cell) state carried from one call to the next: the building block of
/// stateful truncated BPTT, burn-in windows and streaming validation.
final class StreamingPass {
    let network: RecurrentForecastNetwork
    let batch: Int, stepCapacity: Int, width: Int
    let workspace: RecurrentWorkspace<Float>
    /// `[steps, batch, width]`, time-major; the caller fills the first `steps · batch` rows.
    var inputs: [Float]
    /// `[steps, batch]`: the value each output should predict; NaN = not counted in the loss.
    var targets: [Float]
    /// `[steps, batch]`: each step's own scaled value (added to the head's output when residual).
    var levels: [Float]
    /// `[steps, batch]`: the head's outputs of the last ``run(steps:mode:)``.
    var outputs: [Float]
    private var hidden: [Float], cell: [Float]   // [L, batch, H], carried
    private var outputGradient: [Float]         // [steps, batch]
    private var stateGradient: [Float]          // [steps, batch, H]

    init(network: RecurrentForecastNetwork, batch: Int, steps: Int) throws {
        self.network = network
        self.batch = batch
        stepCapacity = steps
        width = network.width
        workspace = try RecurrentWorkspace<Float>(stack: network.encoder, batch: batch, steps: steps)
        inputs = [Float](repeating: 0, count: steps * batch * width)
        targets = [Float](repeating: .nan, count: steps * batch)
        levels = [Float](repeating: 0, count: steps * batch)
        outputs = [Float](repeating: 0, count: steps * batch)
        let states = network.encoder.configuration.layers * batch * network.encoder.configuration.hiddenSize
        hidden = [Float](repeating: 0, count: states)
        cell = hidden
        outputGradient = outputs
        stateGradient = [Float](repeating: 0, count: steps * batch * network.encoder.outputSize)
    }

    /// Sets the carried state to zero (the start of a stream).
    func resetState() {
        for i in hidden.indices { hidden[i] = 0; cell[i] = 0 }
    }

    /// Runs `steps` steps from the carried state and carries the final state on. Returns the sum
    /// of squared errors over the targets that are not NaN, and their count. A residual network's
    /// outputs are its head plus the step's own value (the gradient is the head's).
    func run(steps: Int, mode: ForwardMode) throws -> (sum: Double, count: Int) {
        let net = network
        try inputs.withUnsafeBufferPointer { x in
            try hidden.withUnsafeBufferPointer { h in
                try cell.withUnsafeBufferPointer { c in
                    try net.encoder.forward(parameters: net.store, input: x.baseAddress!, batch: batch, steps: steps,
                                            initialHidden: h.baseAddress!, initialCell: c.baseAddress!,
                                            mode: mode, workspace: workspace)
                }
            }
        }
        try outputs.withUnsafeMutableBufferPointer { y in
            try net.head.forward(parameters: net.store, input: workspace.output, rows: steps * batch, output: y.baseAddress!)
        }
        if net.stepResidual {
            for i in 0..<(steps * batch) { outputs[i] += levels[i] }
        }
        hidden.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: workspace.finalHidden, count: $0.count) }
        if net.encoder.configuration.cell.hasCellState {
            cell.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: workspace.finalCell, count: $0.count) }
        }
        var sum = 0.0, count = 0
        for i in 0..<(steps * batch) where !targets[i].isNaN {
            let e = Double(outputs[i] - targets[i])
            sum += e * e
            count += 1
        }
        return (sum, count)
    }

    /// After ``run(steps:mode:)`` in training mode: adds the gradient of the mean squared error
    /// over the `count` counted targets to the store. The gradient stops at the state the run
    /// started from (the chunk border).
    func backward(steps: Int, count: Int) throws {
        guard count > 0 else { return }
        let net = network, scale = Float(2) / Float(count)
        for i in 0..<(steps * batch) {
            outputGradient[i] = targets[i].isNaN ? 0 : scale * (outputs[i] - targets[i])
        }
        try outputGradient.withUnsafeBufferPointer { dy in
            try stateGradient.withUnsafeMutableBufferPointer { dOut in
                try net.head.backward(parameters: net.store, input: workspace.output, rows: steps * batch,
                                      outputGradient: dy.baseAddress!, inputGradient: dOut.baseAddress!)
            }
        }
        try inputs.withUnsafeBufferPointer { x in
            try stateGradient.withUnsafeBufferPointer { dOut in
                try net.encoder.backward(parameters: net.store, input: x.baseAddress!, outputGradient: dOut.baseAddress!,
                                         computeInputGradient: false, workspace: workspace)
            }
        }
    }
}
