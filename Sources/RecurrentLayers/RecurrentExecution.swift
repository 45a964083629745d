import MatrixKernels

/// How the recurrent layers use more than one thread. The time loop of one direction is
/// sequential, so the parallel pieces are the directions and disjoint slices of the batch; each
/// piece runs its own small per-step GEMMs with BLAS held to one thread, and the large GEMMs
/// outside the time loop (input projection, weight gradients) use BLAS's threads.
/// See docs/layers.md for the measurements behind the defaults.
public enum RecurrentExecution {
    /// Whether to split the batch across threads (true) or leave all parallelism to BLAS (false).
    nonisolated(unsafe) public static var splitsBatch = true
    /// The fewest rows a batch slice may have; smaller slices cost more in GEMM overhead than
    /// they gain.
    nonisolated(unsafe) public static var minimumSliceRows = 8
    /// The default of ``RecurrentWorkspace/usesFusedKernels`` for new workspaces: whether Float
    /// passes run the fused AVX-512 time-loop kernels (`CRecurrentKernels`: the per-step product on
    /// `W_hh` packed once per pass, fused with the gate non-linearities) instead of one BLAS call plus
    /// one Swift gate pass per step. True when the CPU supports them
    /// (``MatrixKernels/AVX512Kernels/available``).
    nonisolated(unsafe) public static var usesFusedKernels = AVX512Kernels.available
    /// The widest layer input whose projection the fused kernels compute step by step; wider
    /// inputs are projected for all steps by one GEMM before the time loop.
    nonisolated(unsafe) public static var fusedInputLimit = Int.max

    /// Fixed slices of `0..<batch` for the current thread count: the same sizes every run, so
    /// results are bit-identical for a given count.
    static func batchSlices(batch: Int, directions: Int) -> [Range<Int>] {
        let threads = ComputeThreads.count
        guard splitsBatch, threads > directions else { return [0..<batch] }
        let wanted = threads / directions
        let slices = max(1, min(wanted, batch / max(1, minimumSliceRows)))
        var result: [Range<Int>] = []
        var start = 0
        for i in 0..<slices {
            let end = start + (batch - start) / (slices - i)
            result.append(start..<end)
            start = end
        }
        return result
    }
}
