import MatrixKernels
import Testing
import _TestSupport

@Suite("GEMM")
struct GEMMTests {
    /// BLAS against the naive reference for every transpose combination, with row strides larger
    /// than the rows (sub-matrix views) and non-trivial alpha/beta.
    @Test(arguments: [Transpose.none, .transposed], [Transpose.none, .transposed])
    func blasMatchesReferenceInDouble(transA: Transpose, transB: Transpose) {
        let (m, n, k) = (7, 5, 9)
        var rng = SeededValues(seed: 1)
        let lda = (transA == .none ? k : m) + 2, ldb = (transB == .none ? n : k) + 3, ldc = n + 1
        let aRows = transA == .none ? m : k, bRows = transB == .none ? k : n
        let a = rng.uniform(count: aRows * lda), b = rng.uniform(count: bRows * ldb)
        let c0 = rng.uniform(count: m * ldc)
        var fast = c0, slow = c0
        gemm(transA, transB, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda, b: b, ldb: ldb, beta: 0.3, c: &fast, ldc: ldc)
        referenceGEMM(transA, transB, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda, b: b, ldb: ldb, beta: 0.3, c: &slow, ldc: ldc)
        // Double sums of 9 products of values < 1 in a different order: ~1e-15 apart.
        let cmp = TensorComparison("gemm \(transA) \(transB)", actual: fast, expected: slow, tolerance: 1e-12)
        #expect(cmp.passed, "\(cmp)")
    }

    @Test func blasMatchesReferenceInFloat() {
        let (m, n, k) = (33, 65, 17)
        var rng = SeededValues(seed: 2)
        let a = rng.uniform(count: m * k).map(Float.init), b = rng.uniform(count: n * k).map(Float.init)
        var fast = [Float](repeating: 0, count: m * n), slow = fast
        gemm(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, beta: 0, c: &fast, ldc: n)
        referenceGEMM(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, beta: 0, c: &slow, ldc: n)
        // Float sums of 17 terms of magnitude < 1 in another order (FMA, blocking): error ~1e-6.
        let cmp = TensorComparison("sgemm", actual: fast.map(Double.init), expected: slow.map(Double.init), tolerance: 1e-5)
        #expect(cmp.passed, "\(cmp)")
    }

    @Test func emptyInnerDimensionScalesC() {
        var c: [Double] = [1, 2, 3, 4]
        let none: [Double] = [0]
        gemm(.none, .none, m: 2, n: 2, k: 0, a: none, lda: 1, b: none, ldb: 1, beta: 0.5, c: &c, ldc: 2)
        #expect(c == [0.5, 1, 1.5, 2])
        gemm(.none, .none, m: 2, n: 2, k: 0, a: none, lda: 1, b: none, ldb: 1, beta: 0, c: &c, ldc: 2)
        #expect(c == [0, 0, 0, 0])
    }

    @Test func repeatedCallsAreBitIdentical() {
        let (m, n, k) = (64, 256, 64)
        var rng = SeededValues(seed: 3)
        let a = rng.uniform(count: m * k).map(Float.init), b = rng.uniform(count: n * k).map(Float.init)
        var first = [Float](repeating: 0, count: m * n), second = first
        gemm(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, beta: 0, c: &first, ldc: n)
        gemm(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, beta: 0, c: &second, ldc: n)
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
    }
}
