/// The GEMM every layer calls: row-major `C[m, n] = alpha · op(A) · op(B) + beta · C` on BLAS.
///
/// Shapes as used: `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; `lda`, `ldb`, `ldc`
/// are the row strides of the matrices *as stored* (so a transposed `A` stored `[k, m]` has
/// `lda >= m`). Empty products are handled here rather than passed to BLAS, which rejects a
/// leading dimension of 0: with `k == 0` the result is `beta · C`.
@inlinable
public func gemm<T: BLASScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T = 1, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
        }
        return
    }
    ComputeThreads.configureOnce()
    T.blasGEMM(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
               beta: beta, c: c, ldc: ldc)
}

/// The naive triple loop with the same contract as ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``:
/// the reference the BLAS path is tested against, and the fallback for odd cases. Accumulates
/// each dot product in order `p = 0..<k`.
public func referenceGEMM<T: BLASScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T = 1, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: T = 0
            for p in 0..<k {
                let aip = transA == .none ? a[i * lda + p] : a[p * lda + i]
                let bpj = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                sum += aip * bpj
            }
            let old = c[i * ldc + j]
            c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * old)
        }
    }
}

/// ``gemm(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` on ``ComputeThreads/count`` threads: the rows
/// of `C` are cut into fixed, equal pieces (the same for a given thread count, so results are
/// bit-identical run to run), each one single-threaded BLAS call. For the large products outside
/// the recurrent time loops (input projections, weight and input gradients). Products with fewer
/// than `minimumRowsPerPiece` rows per piece run as one call.
@inlinable
public func parallelGEMM<T: BLASScalar>(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: T = 1, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int, minimumRowsPerPiece: Int = 32
) {
    let pieces = min(ComputeThreads.count, m / max(1, minimumRowsPerPiece))
    if pieces <= 1 {
        gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    ComputeThreads.parallelFor(pieces) { piece in
        let r0 = m * piece / pieces, r1 = m * (piece + 1) / pieces
        let aPiece = transA == .none ? a + r0 * lda : a + r0
        gemm(transA, transB, m: r1 - r0, n: n, k: k, alpha: alpha, a: aPiece, lda: lda, b: b, ldb: ldb,
             beta: beta, c: c + r0 * ldc, ldc: ldc)
    }
}
