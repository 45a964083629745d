import CRecurrentKernels
import MatrixKernels
import Testing
import _TestSupport

/// `rk_weight_gradient` (C += Aᵀ·B plus A's column sums, the weight and bias gradients after the
/// backward sweep) against a Double reference, on sizes that hit every edge: the narrow path
/// (n ≤ 4), partial 16-lane panels and 64-column groups, row tiles of 4 plus leftovers, partial
/// 16-row groups and K blocks (64 rows) with remainders, padded strides.
@Suite("Weight-gradient kernel")
struct WeightGradientKernelTests {
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (5, 1, 63), (70, 1, 130), (13, 2, 64), (64, 3, 65), (37, 4, 200), (37, 5, 7),
        (16, 16, 64), (17, 17, 129), (48, 37, 66), (20, 64, 3), (70, 65, 130), (512, 128, 70),
    ]

    @Test(.enabled(if: AVX512Kernels.available), arguments: shapes.indices)
    func matchesDoubleReference(_ index: Int) {
        let (m, n, k) = Self.shapes[index]
        let lda = m + 3, ldb = n + 5, ldc = n + 2
        var rng = SeededValues(seed: 500 + UInt64(index))
        let a = rng.uniform(count: k * lda).map(Float.init), b = rng.uniform(count: k * ldb).map(Float.init)
        let c0 = rng.uniform(count: m * ldc).map(Float.init), s0 = rng.uniform(count: m + 16).map(Float.init)
        var c = c0, sums = s0
        rk_weight_gradient(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), &c, Int32(ldc), &sums)
        var expected = c0.map(Double.init), expectedSums = s0.map(Double.init)
        for i in 0..<m {
            for p in 0..<k {
                for j in 0..<n { expected[i * ldc + j] += Double(a[p * lda + i]) * Double(b[p * ldb + j]) }
                expectedSums[i] += Double(a[p * lda + i])
            }
        }
        // Float sums of k ≤ 200 products of magnitude ≤ 1 in one accumulator: error ≤ k·2⁻²⁴·Σ|terms|
        // ≈ 2.4e-3 at k = 200 in the worst case, ~1e-5 typically; 1e-4·max(|x|, 1) with k up to 200
        // leaves margin, while a wrong lane, mask or offset is O(0.1). The padding between rows
        // (columns n..<ldc of C) and past m in `sums` must be untouched, hence the exact check.
        let cmp = TensorComparison("C m\(m) n\(n) k\(k)", actual: c.map(Double.init), expected: expected, tolerance: 1e-4)
        #expect(cmp.passed, "\(cmp)")
        let sumCmp = TensorComparison("sums m\(m) n\(n) k\(k)", actual: sums.map(Double.init), expected: expectedSums,
                                      tolerance: 1e-4)
        #expect(sumCmp.passed, "\(sumCmp)")
        for i in 0..<m { for j in n..<ldc { #expect(c[i * ldc + j].bitPattern == c0[i * ldc + j].bitPattern) } }
        for i in m..<(m + 16) { #expect(sums[i].bitPattern == s0[i].bitPattern) }
    }

    /// The threads split the rows of C at multiples of 16: each piece must give the bits of one call.
    @Test(.enabled(if: AVX512Kernels.available), arguments: [1, 3, 16])
    func rowSplitGivesTheSameBits(_ n: Int) {
        let m = 70, k = 150, lda = m, ldb = n
        var rng = SeededValues(seed: 77)
        let a = rng.uniform(count: k * lda).map(Float.init), b = rng.uniform(count: k * ldb).map(Float.init)
        var whole = [Float](repeating: 0, count: m * n), wholeSums = [Float](repeating: 0, count: m)
        rk_weight_gradient(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), &whole, Int32(n), &wholeSums)
        var split = [Float](repeating: 0, count: m * n), splitSums = [Float](repeating: 0, count: m)
        for (i0, i1) in [(0, 32), (32, 48), (48, 70)] {
            a.withUnsafeBufferPointer { ap in
                split.withUnsafeMutableBufferPointer { cp in
                    splitSums.withUnsafeMutableBufferPointer { sp in
                        rk_weight_gradient(Int32(i1 - i0), Int32(n), Int32(k), ap.baseAddress! + i0, Int32(lda), b, Int32(ldb),
                                           cp.baseAddress! + i0 * n, Int32(n), sp.baseAddress! + i0)
                    }
                }
            }
        }
        #expect(whole.map(\.bitPattern) == split.map(\.bitPattern))
        #expect(wholeSums.map(\.bitPattern) == splitSums.map(\.bitPattern))
    }

    /// `rk_weight_gradient_pair`: W_hh's product and a narrow input's product (n2 ≤ 4) from one read
    /// of A, and the fallback to two calls (n ≤ 4 or n2 > 4), against the Double reference.
    @Test(.enabled(if: AVX512Kernels.available),
          arguments: [(70, 37, 1, 130), (512, 128, 3, 70), (17, 16, 4, 65), (20, 64, 0, 3), (16, 4, 2, 65), (13, 20, 6, 9)])
    func pairMatchesDoubleReference(_ m: Int, _ n: Int, _ n2: Int, _ k: Int) {
        let lda = m + 1, ldb = n + 3, ldb2 = n2 + 2, ldc = n, ldc2 = max(n2, 1)
        var rng = SeededValues(seed: UInt64(m * 1000 + n * 10 + n2))
        let a = rng.uniform(count: k * lda).map(Float.init), b = rng.uniform(count: k * ldb).map(Float.init)
        let b2 = rng.uniform(count: k * ldb2).map(Float.init)
        var c = [Float](repeating: 0, count: m * ldc), c2 = [Float](repeating: 0, count: m * ldc2)
        var sums = [Float](repeating: 0, count: m)
        rk_weight_gradient_pair(Int32(m), Int32(k), a, Int32(lda), Int32(n), b, Int32(ldb), &c, Int32(ldc),
                                Int32(n2), b2, Int32(ldb2), &c2, Int32(ldc2), &sums)
        var expected = [Double](repeating: 0, count: m * ldc), expected2 = [Double](repeating: 0, count: m * ldc2)
        var expectedSums = [Double](repeating: 0, count: m)
        for i in 0..<m {
            for p in 0..<k {
                let x = Double(a[p * lda + i])
                for j in 0..<n { expected[i * ldc + j] += x * Double(b[p * ldb + j]) }
                for j in 0..<n2 { expected2[i * ldc2 + j] += x * Double(b2[p * ldb2 + j]) }
                expectedSums[i] += x
            }
        }
        // Float sums of ≤ 130 products of magnitude ≤ 1: see matchesDoubleReference.
        for (name, actual, reference) in [("C", c, expected), ("C2", c2, expected2), ("sums", sums, expectedSums)] {
            let cmp = TensorComparison("\(name) m\(m) n\(n) n2 \(n2) k\(k)", actual: actual.map(Double.init),
                                       expected: reference, tolerance: 1e-4)
            #expect(cmp.passed, "\(cmp)")
        }
    }
}
