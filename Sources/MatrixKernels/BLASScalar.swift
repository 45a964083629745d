#if canImport(Accelerate)
import Accelerate
#elseif canImport(CBLAS)
import CBLAS
#endif
import CRecurrentKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed
}

/// A floating-point type the kernels run in: `Float` for training and inference, `Double` for
/// gradient checks. Bulk operations (GEMM) are static requirements so generic code pays one
/// dynamic call per matrix, never per element.
public protocol BLASScalar: BinaryFloatingPoint, Sendable {
    /// Row-major `C[m, n] = alpha · op(A)[m, k] · op(B)[k, n] + beta · C` on BLAS.
    ///
    /// `lda`, `ldb` and `ldc` are the row strides of the matrices as stored (before `op`).
    static func blasGEMM(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// `e^x` to the precision of the platform's libm.
    static func exponential(_ x: Self) -> Self
    /// `tanh(x)` to the precision of the platform's libm.
    static func hyperbolicTangent(_ x: Self) -> Self

    /// `sums[j] += Σ_r m[r, j]` over a row-major `[rows, columns]` matrix with row stride `ld`,
    /// rows added in order (deterministic). Bias gradients.
    static func addColumnSums(rows: Int, columns: Int, _ m: UnsafePointer<Self>, ld: Int,
                              into sums: UnsafeMutablePointer<Self>)
    /// `m[r, j] += v[j]` for every row of a row-major `[rows, columns]` matrix. Bias addition.
    static func addRowVector(rows: Int, columns: Int, _ v: UnsafePointer<Self>,
                             to m: UnsafeMutablePointer<Self>, ld: Int)
    /// `c[i] = a[i] · b[i]` for `i < count` (`c` may alias `a` or `b`).
    static func multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>,
                         into c: UnsafeMutablePointer<Self>, count: Int)
}

extension Float: BLASScalar {
    @inlinable
    public static func blasGEMM(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, cblasTranspose(transA), cblasTranspose(transB),
            blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb),
            beta, c, blasInt(ldc))
    }
    @inlinable public static func exponential(_ x: Float) -> Float { expf(x) }
    @inlinable public static func hyperbolicTangent(_ x: Float) -> Float { tanhf(x) }
    public static func addColumnSums(rows: Int, columns: Int, _ m: UnsafePointer<Float>, ld: Int,
                                     into sums: UnsafeMutablePointer<Float>) {
        // Same order of additions per column either way (rows in order), so the same bits.
        if AVX512Kernels.available, rows > 0, columns > 0 {
            rk_add_column_sums(Int32(rows), Int32(columns), m, Int32(ld), sums)
        } else {
            columnSumsKernel(rows: rows, columns: columns, m, ld: ld, into: sums)
        }
    }
    public static func addRowVector(rows: Int, columns: Int, _ v: UnsafePointer<Float>,
                                    to m: UnsafeMutablePointer<Float>, ld: Int) {
        rowVectorKernel(rows: rows, columns: columns, v, to: m, ld: ld)
    }
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                into c: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { c[i] = a[i] * b[i] }
    }
}

extension Double: BLASScalar {
    @inlinable
    public static func blasGEMM(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, cblasTranspose(transA), cblasTranspose(transB),
            blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb),
            beta, c, blasInt(ldc))
    }
    @inlinable public static func exponential(_ x: Double) -> Double { exp(x) }
    @inlinable public static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
    public static func addColumnSums(rows: Int, columns: Int, _ m: UnsafePointer<Double>, ld: Int,
                                     into sums: UnsafeMutablePointer<Double>) {
        columnSumsKernel(rows: rows, columns: columns, m, ld: ld, into: sums)
    }
    public static func addRowVector(rows: Int, columns: Int, _ v: UnsafePointer<Double>,
                                    to m: UnsafeMutablePointer<Double>, ld: Int) {
        rowVectorKernel(rows: rows, columns: columns, v, to: m, ld: ld)
    }
    public static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                into c: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { c[i] = a[i] * b[i] }
    }
}

@usableFromInline
func cblasTranspose(_ t: Transpose) -> CBLAS_TRANSPOSE {
    t == .none ? CblasNoTrans : CblasTrans
}

@usableFromInline
func blasInt(_ n: Int) -> Int32 { Int32(truncatingIfNeeded: n) }

@inline(__always)
func columnSumsKernel<T: BinaryFloatingPoint>(rows: Int, columns: Int, _ m: UnsafePointer<T>, ld: Int,
                                              into sums: UnsafeMutablePointer<T>) {
    for r in 0..<rows {
        let row = m + r * ld
        for j in 0..<columns { sums[j] += row[j] }
    }
}

@inline(__always)
func rowVectorKernel<T: BinaryFloatingPoint>(rows: Int, columns: Int, _ v: UnsafePointer<T>,
                                             to m: UnsafeMutablePointer<T>, ld: Int) {
    for r in 0..<rows {
        let row = m + r * ld
        for j in 0..<columns { row[j] += v[j] }
    }
}
