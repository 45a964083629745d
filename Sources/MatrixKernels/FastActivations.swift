/// Vectorised tanh and sigmoid for Float, eight lanes at a time: the gate non-linearities of the
/// training path, where libm's scalar `tanhf`/`expf` cost more than all the GEMMs together.
///
/// tanh is Eigen's rational approximation (`generic_fast_tanh_float`): an odd degree-13
/// numerator over an even degree-6 denominator on x clamped to ±7.9053 (beyond which tanh
/// rounds to ±1 in Float), and x itself for |x| < 4e-4. Its error is a few ulp (measured in
/// MatrixKernelsTests: below 5e-7 absolute, ~3 ulp of 1, over the whole line). σ(x) = ½ + ½·tanh(x/2), which
/// shares that absolute error (so σ of very negative x is ~1e-8 rather than its tiny true value).
public typealias FloatVector = SIMD8<Float>

/// tanh of eight lanes (see ``FloatVector``). Written with explicit fused multiply-adds and
/// compare-and-blend (not `pointwiseMin`, which does not inline) so it compiles to straight-line
/// vector code.
@inlinable @inline(__always)
public func fastTanh(_ v: FloatVector) -> FloatVector {
    let clamp = FloatVector(repeating: 7.90531110763549805)
    var x = v.replacing(with: clamp, where: v .> clamp)
    x = x.replacing(with: -clamp, where: x .< -clamp)
    let x2 = x * x
    var p = FloatVector(repeating: 2.00018790482477e-13).addingProduct(x2, FloatVector(repeating: -2.76076847742355e-16))
    p = FloatVector(repeating: -8.60467152213735e-11).addingProduct(p, x2)
    p = FloatVector(repeating: 5.12229709037114e-08).addingProduct(p, x2)
    p = FloatVector(repeating: 1.48572235717979e-05).addingProduct(p, x2)
    p = FloatVector(repeating: 6.37261928875436e-04).addingProduct(p, x2)
    p = FloatVector(repeating: 4.89352455891786e-03).addingProduct(p, x2)
    p = p * x
    var q = FloatVector(repeating: 1.18534705686654e-04).addingProduct(x2, FloatVector(repeating: 1.19825839466702e-06))
    q = FloatVector(repeating: 2.26843463243900e-03).addingProduct(q, x2)
    q = FloatVector(repeating: 4.89352518554385e-03).addingProduct(q, x2)
    let r = p / q
    let tiny = FloatVector(repeating: 0.0004)
    return r.replacing(with: v, where: (v .< tiny) .& (v .> -tiny))
}

/// σ of eight lanes: ½ + ½·tanh(x/2).
@inlinable @inline(__always)
public func fastSigmoid(_ v: FloatVector) -> FloatVector {
    let half = FloatVector(repeating: 0.5)
    return half.addingProduct(half, fastTanh(half * v))
}

/// Loads `min(count, 8)` Floats (missing lanes zero).
@inlinable @inline(__always)
public func loadVector(_ p: UnsafePointer<Float>, _ count: Int) -> FloatVector {
    if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: FloatVector.self) }
    var v = FloatVector()
    for i in 0..<count { v[i] = p[i] }
    return v
}

/// Stores the first `min(count, 8)` lanes.
@inlinable @inline(__always)
public func storeVector(_ v: FloatVector, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    if count >= 8 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: FloatVector.self); return }
    for i in 0..<count { p[i] = v[i] }
}
