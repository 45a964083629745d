import CRecurrentKernels
import Foundation

/// Adam and AdamW with PyTorch's exact update rule (`torch.optim.Adam` / `AdamW`, single-tensor
/// path, `amsgrad=False`, `maximize=False`).
///
/// For step t (counted from 1), gradient g and parameter p:
/// ```
/// L2 (Adam):          g ← g + λ·p                      decoupled (AdamW): p ← p·(1 − lr·λ)
/// m ← m + (1 − β1)·(g − m)          (torch's lerp_)
/// v ← β2·v + (1 − β2)·g²
/// p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
/// ```
/// The bias corrections are computed in Double, as PyTorch computes them in Python floats;
/// the element-wise work runs in `Scalar`.
public struct Adam<Scalar: BinaryFloatingPoint>: Optimizer {
    /// How weight decay λ enters the update.
    public enum WeightDecayMode: Sendable, Equatable {
        /// Adam's L2 penalty: λ·p is added to the gradient (moments see it).
        case l2
        /// AdamW's decoupled decay: p is scaled by 1 − lr·λ before the Adam step.
        case decoupled
    }

    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    public let weightDecayMode: WeightDecayMode
    public var stepCount: Int { _stepCount }
    @usableFromInline internal var _stepCount = 0
    /// First moment m, one entry per parameter.
    public var firstMoment: [Scalar] { _firstMoment }
    @usableFromInline internal var _firstMoment: [Scalar]
    /// Second moment v, one entry per parameter.
    public var secondMoment: [Scalar] { _secondMoment }
    @usableFromInline internal var _secondMoment: [Scalar]

    /// An Adam optimiser for `parameterCount` parameters, moments starting at zero.
    /// Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0 (L2).
    /// - Throws: `TrainingError.invalidOption` for lr < 0, β outside [0, 1), ε < 0 or λ < 0.
    public init(parameterCount: Int, learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, weightDecayMode: WeightDecayMode = .l2) throws {
        try requireNonNegative("learning rate", learningRate)
        try requireUnitInterval("beta1", beta1)
        try requireUnitInterval("beta2", beta2)
        try requireNonNegative("epsilon", epsilon)
        try requireNonNegative("weight decay", weightDecay)
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.weightDecayMode = weightDecayMode
        _firstMoment = [Scalar](repeating: 0, count: parameterCount)
        _secondMoment = [Scalar](repeating: 0, count: parameterCount)
    }

    /// AdamW: Adam with decoupled weight decay; PyTorch's default λ for AdamW is 0.01.
    public static func adamW(parameterCount: Int, learningRate: Double = 1e-3, beta1: Double = 0.9,
                             beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01) throws -> Adam {
        try Adam(parameterCount: parameterCount, learningRate: learningRate, beta1: beta1, beta2: beta2,
                 epsilon: epsilon, weightDecay: weightDecay, weightDecayMode: .decoupled)
    }

    /// One Adam step over the whole buffer. - Complexity: O(parameterCount), no allocation.
    @inlinable
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradients: UnsafeBufferPointer<Scalar>) {
        precondition(parameters.count == _firstMoment.count && gradients.count == _firstMoment.count,
                     "Adam was built for \(_firstMoment.count) parameters")
        _stepCount += 1
        let t = Double(stepCount)
        let biasCorrection2Sqrt = Scalar((1 - pow(beta2, t)).squareRoot())
        let stepSize = Scalar(learningRate / (1 - pow(beta1, t)))
        let oneMinusBeta1 = Scalar(1 - beta1)
        let b2 = Scalar(beta2)
        let oneMinusBeta2 = Scalar(1 - beta2)
        let eps = Scalar(epsilon)
        let decay = Scalar(weightDecay)
        let shrink = Scalar(1 - learningRate * weightDecay)
        let l2 = weightDecay != 0 && weightDecayMode == .l2
        let decoupled = weightDecay != 0 && weightDecayMode == .decoupled
        if Scalar.self == Float.self && Self.vectorKernelAvailable {
            // The same operations per element in the same order (no fused multiply-adds), 16 at a time.
            var constants = rk_adam_constants(
                stepSize: Float(stepSize), oneMinusBeta1: Float(oneMinusBeta1), beta2: Float(b2),
                oneMinusBeta2: Float(oneMinusBeta2), epsilon: Float(eps), biasCorrection2Sqrt: Float(biasCorrection2Sqrt),
                decay: Float(decay), shrink: Float(shrink), l2: l2 ? 1 : 0, decoupled: decoupled ? 1 : 0)
            _firstMoment.withUnsafeMutableBufferPointer { m in
                _secondMoment.withUnsafeMutableBufferPointer { v in
                    Self.vectorStep(count: parameters.count, parameters: UnsafeMutableRawPointer(parameters.baseAddress!),
                                    gradients: UnsafeRawPointer(gradients.baseAddress!),
                                    firstMoment: UnsafeMutableRawPointer(m.baseAddress!),
                                    secondMoment: UnsafeMutableRawPointer(v.baseAddress!), constants: &constants)
                }
            }
            return
        }
        _firstMoment.withUnsafeMutableBufferPointer { m in
            _secondMoment.withUnsafeMutableBufferPointer { v in
                for i in 0..<parameters.count {
                    var p = parameters[i]
                    var g = gradients[i]
                    if decoupled { p *= shrink }
                    if l2 { g += decay * p }
                    let mi = m[i] + oneMinusBeta1 * (g - m[i])
                    let vi = b2 * v[i] + oneMinusBeta2 * g * g
                    m[i] = mi
                    v[i] = vi
                    p -= stepSize * (mi / (vi.squareRoot() / biasCorrection2Sqrt + eps))
                    parameters[i] = p
                }
            }
        }
    }
}

extension Adam {
    /// Whether `step` on Float runs `rk_adam_step` (AVX-512) instead of the scalar loop.
    @usableFromInline static var vectorKernelAvailable: Bool { adamVectorKernelAvailable }

    /// `rk_adam_step` on Float buffers of `count` elements (the pointers are Float).
    @usableFromInline
    static func vectorStep(count: Int, parameters: UnsafeMutableRawPointer, gradients: UnsafeRawPointer,
                           firstMoment: UnsafeMutableRawPointer, secondMoment: UnsafeMutableRawPointer,
                           constants: inout rk_adam_constants) {
        guard count > 0 else { return }
        rk_adam_step(count, parameters.assumingMemoryBound(to: Float.self), gradients.assumingMemoryBound(to: Float.self),
                     firstMoment.assumingMemoryBound(to: Float.self), secondMoment.assumingMemoryBound(to: Float.self),
                     &constants)
    }
}

/// Read once: whether the CPU runs the AVX-512 optimiser kernels.
let adamVectorKernelAvailable = rk_available() != 0

/// Throws `invalidOption` unless `value` is finite and ≥ 0 (NaN fails).
func requireNonNegative(_ name: String, _ value: Double) throws {
    guard value >= 0, value.isFinite else {
        throw TrainingError.invalidOption(name: name, value: "\(value)", expected: "a finite number >= 0")
    }
}

/// Throws `invalidOption` unless 0 ≤ `value` < 1 (NaN fails).
func requireUnitInterval(_ name: String, _ value: Double) throws {
    guard value >= 0, value < 1 else {
        throw TrainingError.invalidOption(name: name, value: "\(value)", expected: "a number in [0, 1)")
    }
}
