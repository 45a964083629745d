import Foundation

/// A regression loss with its gradient, mean-reduced like PyTorch's default `reduction="mean"`.
///
/// With e = prediction − target over n elements:
/// - `meanSquaredError`: (1/n) Σ e², as `torch.nn.MSELoss`.
/// - `meanAbsoluteError`: (1/n) Σ |e|, as `torch.nn.L1Loss` (gradient sign(e), 0 at e = 0).
/// - `huber(delta:)`: (1/n) Σ (½e² if |e| < δ else δ(|e| − ½δ)), as `torch.nn.HuberLoss(delta=δ)`.
/// - `pinball(quantiles:)`: the quantile loss for a head with one output per quantile:
///   predictions are (N, Q) row-major, targets (N); with u = target − prediction for quantile q,
///   ρ_q(u) = max(q·u, (q − 1)·u), averaged over all N·Q outputs. Its gradient with respect to
///   the prediction is −q where u > 0, 1 − q where u < 0, and 0 at u = 0.
public enum LossFunction: Equatable, Sendable, CustomStringConvertible {
    case meanSquaredError
    case meanAbsoluteError
    case huber(delta: Double)
    case pinball(quantiles: [Double])

    public var description: String {
        switch self {
        case .meanSquaredError: return "mse"
        case .meanAbsoluteError: return "mae"
        case let .huber(delta): return "huber(delta: \(delta))"
        case let .pinball(quantiles): return "pinball(quantiles: \(quantiles))"
        }
    }

    /// Outputs the model produces per target value: the number of quantiles for `pinball`, else 1.
    public var outputsPerTarget: Int {
        if case let .pinball(quantiles) = self { return quantiles.count }
        return 1
    }

    /// Checks the loss's options: Huber's δ > 0 and finite; pinball needs at least one quantile,
    /// each strictly inside (0, 1).
    /// - Throws: `TrainingError.invalidOption` naming the option and the value received.
    public func validate() throws {
        switch self {
        case .meanSquaredError, .meanAbsoluteError:
            return
        case let .huber(delta):
            guard delta > 0, delta.isFinite else {
                throw TrainingError.invalidOption(name: "huber delta", value: "\(delta)", expected: "a finite number > 0")
            }
        case let .pinball(quantiles):
            guard !quantiles.isEmpty else {
                throw TrainingError.invalidOption(name: "quantiles", value: "[]", expected: "at least one quantile")
            }
            for q in quantiles where !(q > 0 && q < 1) {
                throw TrainingError.invalidOption(name: "quantile", value: "\(q)", expected: "a number strictly between 0 and 1")
            }
        }
    }

    /// The mean loss over `targetCount` targets and, when `dPredictions` is given, its gradient.
    ///
    /// Shapes: `predictions` (targetCount, outputsPerTarget) row-major, `targets` (targetCount),
    /// `dPredictions` like `predictions`. The gradient is **overwritten** (it starts the backward
    /// pass) and already includes the 1/n of the mean. The sum is accumulated in Double whatever
    /// the scalar type, so a Float loss is not limited by Float summation error.
    /// - Precondition: the loss is valid (`validate()`), and the buffers hold the counts above.
    /// - Returns: the mean loss.
    @inlinable
    public func evaluate<Scalar: BinaryFloatingPoint>(
        predictions: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>, targetCount: Int,
        dPredictions: UnsafeMutablePointer<Scalar>?
    ) -> Double {
        let outputs = outputsPerTarget
        let n = targetCount * outputs
        guard n > 0 else { return 0 }
        let scale = 1.0 / Double(n)
        var total = 0.0
        switch self {
        case .meanSquaredError:
            for i in 0..<n {
                let e = Double(predictions[i]) - Double(targets[i])
                total += e * e
                dPredictions?[i] = Scalar(2 * e * scale)
            }
        case .meanAbsoluteError:
            for i in 0..<n {
                let e = Double(predictions[i]) - Double(targets[i])
                total += abs(e)
                dPredictions?[i] = Scalar((e > 0 ? scale : (e < 0 ? -scale : 0)))
            }
        case let .huber(delta):
            for i in 0..<n {
                let e = Double(predictions[i]) - Double(targets[i])
                if abs(e) < delta {
                    total += 0.5 * e * e
                    dPredictions?[i] = Scalar(e * scale)
                } else {
                    total += delta * (abs(e) - 0.5 * delta)
                    dPredictions?[i] = Scalar((e > 0 ? delta : -delta) * scale)
                }
            }
        case let .pinball(quantiles):
            for t in 0..<targetCount {
                let y = Double(targets[t])
                for (k, q) in quantiles.enumerated() {
                    let i = t * outputs + k
                    let u = y - Double(predictions[i])
                    total += max(q * u, (q - 1) * u)
                    dPredictions?[i] = Scalar((u > 0 ? -q : (u < 0 ? 1 - q : 0)) * scale)
                }
            }
        }
        return total * scale
    }

    /// Array form of `evaluate(predictions:targets:targetCount:dPredictions:)` that checks counts.
    /// - Parameter dPredictions: resized to `predictions.count` and overwritten with the gradient.
    /// - Throws: `TrainingError` when the loss is invalid or `predictions.count` is not
    ///   `targets.count × outputsPerTarget`.
    @inlinable
    public func evaluate<Scalar: BinaryFloatingPoint>(
        predictions: [Scalar], targets: [Scalar], dPredictions: inout [Scalar]
    ) throws -> Double {
        try validate()
        let expected = targets.count * outputsPerTarget
        guard predictions.count == expected else {
            throw TrainingError.countMismatch(buffer: "predictions", count: predictions.count, expected: expected)
        }
        if dPredictions.count != expected { dPredictions = [Scalar](repeating: 0, count: expected) }
        guard expected > 0 else { return 0 }
        return predictions.withUnsafeBufferPointer { p in
            targets.withUnsafeBufferPointer { t in
                dPredictions.withUnsafeMutableBufferPointer { d in
                    evaluate(predictions: p.baseAddress!, targets: t.baseAddress!, targetCount: targets.count,
                             dPredictions: d.baseAddress)
                }
            }
        }
    }
}
