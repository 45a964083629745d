/// SGD with optional momentum, dampening, Nesterov momentum and L2 weight decay, with PyTorch's
/// exact update rule (`torch.optim.SGD`, `maximize=False`).
///
/// ```
/// g ← g + λ·p                                   (when weight decay λ ≠ 0)
/// b ← g on the first step, else b ← μ·b + (1 − dampening)·g     (when momentum μ ≠ 0)
/// g ← g + μ·b  (Nesterov)   or   g ← b
/// p ← p − lr·g
/// ```
public struct StochasticGradientDescent<Scalar: BinaryFloatingPoint>: Optimizer {
    public var learningRate: Double
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool
    public var stepCount: Int { _stepCount }
    @usableFromInline internal var _stepCount = 0
    /// Momentum buffer b, one entry per parameter (unused when momentum is 0).
    public var momentumBuffer: [Scalar] { _momentumBuffer }
    @usableFromInline internal var _momentumBuffer: [Scalar]

    /// An SGD optimiser for `parameterCount` parameters. Defaults are PyTorch's except lr, which
    /// PyTorch requires explicitly too.
    /// - Throws: `TrainingError.invalidOption` for negative values, or Nesterov without momentum
    ///   or with dampening (PyTorch rejects both).
    public init(parameterCount: Int, learningRate: Double, momentum: Double = 0, dampening: Double = 0,
                weightDecay: Double = 0, nesterov: Bool = false) throws {
        try requireNonNegative("learning rate", learningRate)
        try requireNonNegative("momentum", momentum)
        try requireNonNegative("dampening", dampening)
        try requireNonNegative("weight decay", weightDecay)
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw TrainingError.invalidOption(name: "nesterov", value: "momentum \(momentum), dampening \(dampening)",
                                              expected: "momentum > 0 and dampening 0")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        _momentumBuffer = [Scalar](repeating: 0, count: momentum != 0 ? parameterCount : 0)
        bufferCount = parameterCount
    }

    @usableFromInline let bufferCount: Int

    /// One SGD step over the whole buffer. - Complexity: O(parameterCount), no allocation.
    @inlinable
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradients: UnsafeBufferPointer<Scalar>) {
        precondition(parameters.count == bufferCount && gradients.count == bufferCount,
                     "SGD was built for \(bufferCount) parameters")
        let first = _stepCount == 0
        _stepCount += 1
        let lr = Scalar(learningRate)
        let decay = Scalar(weightDecay)
        let mu = Scalar(momentum)
        let keep = Scalar(1 - dampening)
        let useMomentum = momentum != 0
        let nesterov = self.nesterov
        let useDecay = weightDecay != 0
        _momentumBuffer.withUnsafeMutableBufferPointer { b in
            for i in 0..<parameters.count {
                var g = gradients[i]
                if useDecay { g += decay * parameters[i] }
                if useMomentum {
                    let bi = first ? g : mu * b[i] + keep * g
                    b[i] = bi
                    g = nesterov ? g + mu * bi : bi
                }
                parameters[i] -= lr * g
            }
        }
    }
}
