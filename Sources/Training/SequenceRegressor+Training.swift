import MatrixKernels
import RecurrentLayers

/// The optimiser a `SequenceRegressor` trains with. A closed set (not `any Optimizer`), so each
/// update runs code specialised for Float rather than generic code called through a witness table.
public struct RegressorOptimizer {
    enum Storage {
        case adam(Adam<Float>)
        case sgd(StochasticGradientDescent<Float>)
        /// Held only during an update, so the optimiser's state arrays are uniquely referenced
        /// and updated in place rather than copied.
        case updating
    }
    var storage: Storage

    /// Adam or AdamW.
    public static func adam(_ optimizer: Adam<Float>) -> RegressorOptimizer { .init(storage: .adam(optimizer)) }
    /// SGD with optional momentum.
    public static func sgd(_ optimizer: StochasticGradientDescent<Float>) -> RegressorOptimizer { .init(storage: .sgd(optimizer)) }

    /// The rate of the next update; set it from a schedule between epochs or steps.
    public var learningRate: Double {
        get {
            switch storage {
            case let .adam(o): return o.learningRate
            case let .sgd(o): return o.learningRate
            case .updating: return 0
            }
        }
        set {
            mutate { $0.learningRate = newValue } sgd: { $0.learningRate = newValue }
        }
    }

    mutating func step(_ store: ParameterStore<Float>) {
        let p = UnsafeMutableBufferPointer(start: store.values, count: store.count)
        let g = UnsafeBufferPointer(start: store.gradients, count: store.count)
        mutate { $0.step(parameters: p, gradients: g) } sgd: { $0.step(parameters: p, gradients: g) }
    }

    mutating func mutate(adam: (inout Adam<Float>) -> Void, sgd: (inout StochasticGradientDescent<Float>) -> Void) {
        switch storage {
        case var .adam(o):
            storage = .updating
            adam(&o)
            storage = .adam(o)
        case var .sgd(o):
            storage = .updating
            sgd(&o)
            storage = .sgd(o)
        case .updating:
            break
        }
    }
}

/// How gradients are clipped before each update.
public enum GradientClip: Sendable, Equatable {
    case none
    /// `clip_grad_norm_(max_norm)` over all parameters.
    case globalNorm(Double)
    /// `clip_grad_value_(clip_value)`.
    case value(Double)
}

extension SequenceRegressor {
    /// One training step on a batch: zero gradients, forward, loss, backward through the head and
    /// the stack (full BPTT, or truncated to `truncation` steps), clip, optimiser update.
    ///
    /// - Parameters:
    ///   - inputs: `[steps, batch, inputSize]`, time-major.
    ///   - targets: `[batch, outputSize / loss.outputsPerTarget]`.
    ///   - dropoutSeed: seeds the dropout masks of this step (ignored without dropout).
    /// - Returns: the batch's mean loss before the update.
    /// - Throws: `RecurrentLayerError` when `batch` exceeds `batchCapacity`.
    public func trainStep(inputs: UnsafePointer<Float>, targets: UnsafePointer<Float>, batch: Int,
                          loss: LossFunction, optimizer: inout RegressorOptimizer, clip: GradientClip = .none,
                          truncation: Int? = nil, dropoutSeed: UInt64 = 0) throws -> Double {
        parameters.zeroGradients()
        try forward(inputs: inputs, batch: batch, mode: .training(dropoutSeed: dropoutSeed))
        let value = loss.evaluate(predictions: predictions, targets: targets,
                                  targetCount: batch * outputSize / loss.outputsPerTarget, dPredictions: dPredictions)
        try backward(inputs: inputs, batch: batch, truncation: truncation)
        let gradients = UnsafeMutableBufferPointer(start: parameters.gradients, count: parameters.count)
        switch clip {
        case .none: break
        case let .globalNorm(maxNorm): GradientClipping.clipGlobalNorm(gradients, maxNorm: maxNorm)
        case let .value(limit): GradientClipping.clipValue(gradients, limit: limit)
        }
        optimizer.step(parameters)
        return value
    }

    /// Backward through the head into the stack's last step, then BPTT; gradients accumulate
    /// into `parameters.gradients`.
    func backward(inputs: UnsafePointer<Float>, batch: Int, truncation: Int?) throws {
        let c = stack.configuration
        if c.bidirectional {
            // The head read outputs[T−1]: its gradient goes there; all other steps get zero.
            let stepCount = batch * stack.outputSize
            dStackOutput.update(repeating: 0, count: steps * stepCount)
            let last = dStackOutput + (steps - 1) * stepCount
            try head.backward(parameters: parameters, input: lastStepOutput, rows: batch,
                              outputGradient: dPredictions, inputGradient: last)
            try stack.backward(parameters: parameters, input: inputs, outputGradient: dStackOutput,
                               truncation: truncation, computeInputGradient: false, computeInitialStateGradients: false,
                               workspace: workspace)
        } else {
            // outputs[T−1] of the top layer is its final hidden state: feed the gradient there.
            let slice = batch * c.hiddenSize
            dStackOutput.update(repeating: 0, count: stack.stateCount * slice)
            let top = dStackOutput + (c.layers - 1) * slice
            try head.backward(parameters: parameters, input: lastStepOutput, rows: batch,
                              outputGradient: dPredictions, inputGradient: top)
            try stack.backward(parameters: parameters, input: inputs, outputGradient: nil, finalHiddenGradient: dStackOutput,
                               truncation: truncation, computeInputGradient: false, computeInitialStateGradients: false,
                               workspace: workspace)
        }
    }
}
