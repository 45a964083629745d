/// Element-wise activation functions: scalar forms for fused kernels (inlined into them) and
/// buffer forms. Backward forms take the activation's *output* `y`, which is what forward
/// passes cache: σ'(x) = y(1 − y), tanh'(x) = 1 − y², relu'(x) = [y > 0].
public enum Activation: String, Sendable, CaseIterable {
    case sigmoid
    case tanh
    case relu
}

/// σ(x) = 1 / (1 + e^(−x)), evaluated so that neither branch overflows.
@inlinable @inline(__always)
public func sigmoid<T: BLASScalar>(_ x: T) -> T {
    if x >= 0 {
        return 1 / (1 + T.exponential(-x))
    }
    let e = T.exponential(x)
    return e / (1 + e)
}

/// tanh(x).
@inlinable @inline(__always)
public func tanhActivation<T: BLASScalar>(_ x: T) -> T { T.hyperbolicTangent(x) }

/// max(x, 0).
@inlinable @inline(__always)
public func relu<T: BLASScalar>(_ x: T) -> T { x > 0 ? x : 0 }

extension Activation {
    /// `y = f(x)` element-wise over `count` values (`y` may alias `x`).
    @inlinable
    public func forward<T: BLASScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, count: Int) {
        switch self {
        case .sigmoid: for i in 0..<count { y[i] = MatrixKernels.sigmoid(x[i]) }
        case .tanh: for i in 0..<count { y[i] = tanhActivation(x[i]) }
        case .relu: for i in 0..<count { y[i] = MatrixKernels.relu(x[i]) }
        }
    }

    /// `dx = dy · f'(x)` element-wise, from the forward output `y` (`dx` may alias `dy`).
    @inlinable
    public func backward<T: BLASScalar>(
        output y: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, count: Int
    ) {
        switch self {
        case .sigmoid: for i in 0..<count { dx[i] = dy[i] * y[i] * (1 - y[i]) }
        case .tanh: for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        case .relu: for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : 0 }
        }
    }

    /// The derivative from the output `y`, for fused kernels.
    @inlinable @inline(__always)
    public func derivative<T: BLASScalar>(output y: T) -> T {
        switch self {
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .relu: return y > 0 ? 1 : 0
        }
    }
}
