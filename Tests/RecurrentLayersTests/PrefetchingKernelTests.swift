import CRecurrentKernels
import MatrixKernels
import Testing
import _TestSupport

/// `rk_gemm_packed_prefetch` (the backward sweep's per-step product, which also prefetches the
/// next step's caches) must give exactly the bits of `rk_gemm_packed`: the prefetches only split
/// each tile's k loop into chunks, and every accumulator still takes its products in k order.
@Suite("Prefetching packed GEMM")
struct PrefetchingKernelTests {
    /// (rows, n, k, prefetched bytes): 4-row tiles and leftovers, partial panels and groups, k not
    /// a multiple of the chunk, no prefetch, fewer lines than tiles, more lines than k steps per tile.
    static let shapes: [(rows: Int, n: Int, k: Int, bytes: Int)] = [
        (1, 5, 5, 0), (3, 16, 20, 64), (4, 37, 64, 10_000), (9, 64, 512, 300_000), (64, 128, 512, 200_000),
        (32, 128, 512, 100_000), (7, 70, 33, 1),
    ]

    @Test(.enabled(if: AVX512Kernels.available), arguments: shapes.indices, [0, 1])
    func sameBitsAsWithoutPrefetch(_ index: Int, _ accumulate: Int) {
        let (rows, n, k, bytes) = Self.shapes[index]
        let lda = k + 3, ldc = n + 2
        var rng = SeededValues(seed: 900 + UInt64(index))
        let a = rng.uniform(count: rows * lda).map(Float.init), b = rng.uniform(count: k * n).map(Float.init)
        let c0 = rng.uniform(count: rows * ldc).map(Float.init)
        var packed = [Float](repeating: 0, count: rk_packed_count(Int32(k), Int32(n)))
        rk_pack(Int32(k), Int32(n), b, Int32(n), 0, &packed)
        var plain = c0, prefetching = c0
        rk_gemm_packed(Int32(rows), Int32(n), Int32(k), a, Int32(lda), packed, &plain, Int32(ldc), Int32(accumulate))
        // Four ranges of different lengths, one of them empty; only read (prefetched), never written.
        let region = [Float](repeating: 1, count: max(1, bytes / 4))
        region.withUnsafeBytes { r in
            let base = r.baseAddress!
            rk_gemm_packed_prefetch(Int32(rows), Int32(n), Int32(k), a, Int32(lda), packed, &prefetching, Int32(ldc),
                                    Int32(accumulate), base, bytes / 2, nil, 0, base + bytes / 2, bytes - bytes / 2 - bytes / 8,
                                    base, bytes / 8)
        }
        #expect(plain.map(\.bitPattern) == prefetching.map(\.bitPattern), "rows \(rows) n \(n) k \(k)")
    }
}
