import Testing
@testable import MatrixKernels

@Suite struct OpenBLASCoreTests {
    /// On a CPU OpenBLAS does not know, the correction must leave OpenBLAS on the family it
    /// switched to, and GEMM on that family must still agree with the reference loop.
    @Test func correctedKernelFamilyIsInUseAndComputesCorrectly() {
        let name = OpenBLASCore.name
        #if os(Linux)
        #expect(name != nil)
        #endif
        if let fix = OpenBLASCore.correction {
            #expect(name == fix.to)
            #expect(fix.from != fix.to)
        }
        // 37×29×41 exercises every edge path of the kernels (no dimension a multiple of 16).
        let (m, n, k) = (37, 29, 41)
        let a = (0..<(m * k)).map { Float(($0 * 7) % 13) / 13 - 0.5 }
        let b = (0..<(k * n)).map { Float(($0 * 5) % 11) / 11 - 0.5 }
        var fast = [Float](repeating: 0, count: m * n)
        var slow = fast
        gemm(.none, .none, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, beta: 0, c: &fast, ldc: n)
        referenceGEMM(.none, .none, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, beta: 0, c: &slow, ldc: n)
        // Float sums of 41 terms of size < 0.25 in a different order: 1e-5 absolute is ample.
        for i in 0..<(m * n) { #expect(abs(fast[i] - slow[i]) < 1e-5) }
    }
}
