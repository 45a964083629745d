import CRecurrentKernels

/// Gradient clipping over one flat gradient buffer, as `torch.nn.utils.clip_grad_norm_` and
/// `clip_grad_value_` do over a model's parameters.
public enum GradientClipping {
    /// Scales the gradients so their global L2 norm is at most `maxNorm`, as
    /// `clip_grad_norm_(parameters, max_norm, norm_type=2)`:
    /// coefficient = maxNorm / (‖g‖₂ + 1e-6), applied only when it is below 1.
    ///
    /// The squared norm is accumulated in Double (PyTorch uses the tensor's dtype); for Float
    /// gradients this only makes the norm more accurate.
    /// - Returns: the global norm before clipping (what PyTorch returns), useful for logging.
    /// - Complexity: two passes over the buffer; no allocation.
    @inlinable
    @discardableResult
    public static func clipGlobalNorm<Scalar: BinaryFloatingPoint>(
        _ gradients: UnsafeMutableBufferPointer<Scalar>, maxNorm: Double
    ) -> Double {
        let norm = globalNorm(UnsafeBufferPointer(gradients))
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let c = Scalar(coefficient)
            if Scalar.self == Float.self && vectorKernelsAvailable, let base = gradients.baseAddress {
                scaleFloat(UnsafeMutableRawPointer(base), count: gradients.count, by: Float(c))
            } else {
                for i in gradients.indices { gradients[i] *= c }
            }
        }
        return norm
    }

    /// Clamps every gradient to [−limit, limit], as `clip_grad_value_(parameters, clip_value)`.
    @inlinable
    public static func clipValue<Scalar: BinaryFloatingPoint>(
        _ gradients: UnsafeMutableBufferPointer<Scalar>, limit: Double
    ) {
        let hi = Scalar(limit), lo = -Scalar(limit)
        for i in gradients.indices { gradients[i] = min(max(gradients[i], lo), hi) }
    }

    /// The L2 norm of the whole buffer, ‖g‖₂ = √(Σ gᵢ²), summed in Double.
    /// Float on AVX-512 (`rk_sum_squares`): 16 partial sums in a fixed order that depends only on
    /// the count, so the same bits at every thread count (not the bits of one running sum).
    @inlinable
    public static func globalNorm<Scalar: BinaryFloatingPoint>(_ gradients: UnsafeBufferPointer<Scalar>) -> Double {
        if Scalar.self == Float.self && vectorKernelsAvailable, let base = gradients.baseAddress {
            return sumOfSquaresFloat(UnsafeRawPointer(base), count: gradients.count).squareRoot()
        }
        var sum = 0.0
        for g in gradients {
            let d = Double(g)
            sum += d * d
        }
        return sum.squareRoot()
    }

    /// Whether the Float paths run the AVX-512 kernels of CRecurrentKernels.
    @usableFromInline static var vectorKernelsAvailable: Bool { adamVectorKernelAvailable }

    /// Σ g² of `count` Floats at `base`, in Double (`rk_sum_squares`).
    @usableFromInline
    static func sumOfSquaresFloat(_ base: UnsafeRawPointer, count: Int) -> Double {
        rk_sum_squares(count, base.assumingMemoryBound(to: Float.self))
    }

    /// Multiplies `count` Floats at `base` by `factor` (`rk_scale`).
    @usableFromInline
    static func scaleFloat(_ base: UnsafeMutableRawPointer, count: Int, by factor: Float) {
        rk_scale(count, base.assumingMemoryBound(to: Float.self), factor)
    }
}
