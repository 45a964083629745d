import MatrixKernels
import RecurrentLayers

/// A many-to-one recurrent regressor: a recurrent stack reads a window, a dense head maps the
/// top layer's output at the last step to `outputSize` values (e.g. a 12-step horizon, or
/// horizon × quantiles for a quantile head). The network the forecaster trains, in Float.
///
/// Shapes (B = batch, T = steps, D = input features, H = hidden, O = outputs):
/// inputs `[T, B, D]` time-major (as `torch.nn.RNN` with `batch_first=False`), outputs `[B, O]`.
/// Parameters are named as PyTorch's `state_dict` of `rnn = nn.LSTM(...)` under `prefix`
/// (default `"rnn."`) and `head = nn.Linear(...)` under `"head."`; all sit in one `ParameterStore`.
/// All buffers are allocated here, once: `trainStep` and `predict` allocate nothing.
public final class SequenceRegressor {
    public let stack: RecurrentStack
    public let head: DenseLayer
    public let parameters: ParameterStore<Float>
    /// Largest batch and window length the buffers were sized for.
    public let batchCapacity: Int
    public let steps: Int
    public var outputSize: Int { head.outputSize }

    let workspace: RecurrentWorkspace<Float>
    let predictions: UnsafeMutablePointer<Float>       // [B, O]
    let dPredictions: UnsafeMutablePointer<Float>      // [B, O]
    /// dLoss/d(final hidden) `[L·D, B, H]` (unidirectional) or dLoss/d(outputs) `[T, B, D·H]`
    /// (bidirectional, where the head reads both directions at the last step).
    let dStackOutput: UnsafeMutablePointer<Float>
    let dStackOutputCount: Int

    /// Builds the network and initialises its parameters from `seed`.
    /// - Parameters:
    ///   - configuration: the recurrent stack (cell, input size, hidden size, layers, …).
    ///   - outputSize: values the head predicts per window.
    ///   - batchCapacity: the largest batch `trainStep`/`predict` will be given.
    ///   - steps: the window length T.
    /// - Throws: `RecurrentLayerError` for an invalid configuration or sizes below 1.
    public init(configuration: RecurrentStackConfiguration, outputSize: Int, batchCapacity: Int, steps: Int,
                initialisation: InitialisationScheme = .pytorchDefault, seed: UInt64, prefix: String = "rnn.") throws {
        var layout = ParameterLayout()
        stack = try RecurrentStack(configuration, registeringIn: &layout, prefix: prefix)
        head = try DenseLayer(inputSize: stack.outputSize, outputSize: outputSize, registeringIn: &layout, prefix: "head.")
        parameters = ParameterStore<Float>(layout: layout)
        workspace = try RecurrentWorkspace<Float>(stack: stack, batch: batchCapacity, steps: steps)
        self.batchCapacity = batchCapacity
        self.steps = steps
        predictions = .allocate(capacity: batchCapacity * outputSize)
        dPredictions = .allocate(capacity: batchCapacity * outputSize)
        dStackOutputCount = configuration.bidirectional
            ? steps * batchCapacity * stack.outputSize : stack.stateCount * batchCapacity * configuration.hiddenSize
        dStackOutput = .allocate(capacity: dStackOutputCount)
        dStackOutput.initialize(repeating: 0, count: dStackOutputCount)
        ParameterInitialisation.initialise(parameters, scheme: initialisation, seed: seed)
    }

    deinit {
        predictions.deallocate()
        dPredictions.deallocate()
        dStackOutput.deallocate()
    }

    /// The head's input: the top layer's output at the last step, `[B, D·H]` with row stride D·H.
    var lastStepOutput: UnsafePointer<Float> {
        workspace.output + (workspace.steps - 1) * workspace.batch * stack.outputSize
    }

    /// Forward pass over a batch of windows; the predictions are left in `predictions`.
    func forward(inputs: UnsafePointer<Float>, batch: Int, mode: ForwardMode) throws {
        try stack.forward(parameters: parameters, input: inputs, batch: batch, steps: steps, mode: mode,
                          workspace: workspace)
        try head.forward(parameters: parameters, input: lastStepOutput, rows: batch, output: predictions)
    }

    /// Predicts `[batch, outputSize]` into `output` for inputs `[steps, batch, inputSize]`.
    /// - Throws: `RecurrentLayerError` when `batch` exceeds `batchCapacity`.
    public func predict(inputs: UnsafePointer<Float>, batch: Int, output: UnsafeMutablePointer<Float>) throws {
        try forward(inputs: inputs, batch: batch, mode: .prediction)
        output.update(from: predictions, count: batch * outputSize)
    }

    /// The mean loss over a batch without training (validation).
    public func evaluate(inputs: UnsafePointer<Float>, targets: UnsafePointer<Float>, batch: Int,
                         loss: LossFunction) throws -> Double {
        try forward(inputs: inputs, batch: batch, mode: .prediction)
        return loss.evaluate(predictions: predictions, targets: targets,
                             targetCount: batch * outputSize / loss.outputsPerTarget, dPredictions: nil)
    }
}
