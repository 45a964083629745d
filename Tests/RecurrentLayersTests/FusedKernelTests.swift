import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

/// The fused AVX-512 time loops (CRecurrentKernels) against the portable Float path (BLAS per
/// step + Swift gate kernels), on sizes that exercise every edge of the kernels: hidden sizes with
/// partial 16-lane blocks and panel groups, batches with 4-row tiles plus leftover rows, and batch 1.
@Suite("Fused AVX-512 kernels")
struct FusedKernelTests {
    static let cases: [(cell: RecurrentCell, hidden: Int, batch: Int, layers: Int, bidirectional: Bool)] = [
        (.lstm, 37, 9, 2, false), (.lstm, 16, 1, 1, true), (.gru, 37, 9, 2, true), (.gru, 70, 1, 1, false),
        (.rnnTanh, 70, 9, 2, false), (.rnnReLU, 37, 6, 1, true), (.rnnTanh, 5, 1, 1, false),
    ]

    @Test(.enabled(if: AVX512Kernels.available), arguments: cases.indices)
    func fusedMatchesPortablePath(_ index: Int) throws {
        let c = Self.cases[index]
        let config = RecurrentStackConfiguration(cell: c.cell, inputSize: 3, hiddenSize: c.hidden, layers: c.layers,
                                                 bidirectional: c.bidirectional)
        let fused = try StackHarness<Float>(config, batch: c.batch, steps: 7, seed: 900 + UInt64(index), weightScale: 0.3)
        let plain = try StackHarness<Float>(config, batch: c.batch, steps: 7, seed: 900 + UInt64(index), weightScale: 0.3)
        #expect(fused.workspace.usesFusedKernels)
        plain.workspace.usesFusedKernels = false
        try fused.backward(truncation: 5)
        try plain.backward(truncation: 5)
        // Same equations; the differences are the order of the recurrent dot products (the input
        // projection and bias are added before rather than after h·W_hhᵀ; at batch 1, split
        // accumulators) and tanh's quotient (reciprocal + Newton step vs division, ~1 ulp apart).
        // Float rounding (6e-8 relative) over 70-term sums, 7 chained steps and weight gradients
        // summed over 63 rows measured up to 2.5e-5 of max(|x|, 1); 1e-4 leaves margin, while a
        // wrong lane, mask or offset shows as O(0.1).
        let pairs: [(String, [Float], [Float])] = [
            ("output", fused.workspace.outputArray(), plain.workspace.outputArray()),
            ("h_n", fused.workspace.finalHiddenArray(), plain.workspace.finalHiddenArray()),
            ("c_n", fused.workspace.finalCellArray(), plain.workspace.finalCellArray()),
            ("parameter gradients", Array(UnsafeBufferPointer(start: fused.store.gradients, count: fused.store.count)),
             Array(UnsafeBufferPointer(start: plain.store.gradients, count: plain.store.count))),
            ("input gradient", fused.workspace.inputGradientArray(), plain.workspace.inputGradientArray()),
            ("h0 gradient", fused.workspace.initialHiddenGradientArray(), plain.workspace.initialHiddenGradientArray()),
            ("c0 gradient", fused.workspace.initialCellGradientArray(), plain.workspace.initialCellGradientArray()),
        ]
        for (name, a, e) in pairs {
            let cmp = TensorComparison("\(describe(config)) H\(c.hidden) B\(c.batch) \(name)",
                                       actual: a.map(Double.init), expected: e.map(Double.init), tolerance: 1e-4)
            #expect(cmp.passed, "\(cmp)")
        }
    }

    /// The forward packing is reused while W_hh is unchanged and redone when it changes.
    @Test(.enabled(if: AVX512Kernels.available))
    func changedWeightsAreRepacked() throws {
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 20, layers: 1)
        let h = try StackHarness<Float>(config, batch: 3, steps: 4, seed: 77, weightScale: 0.3)
        try h.forward()
        let before = h.workspace.outputArray()
        let whh = try h.store.valueView("weight_hh_l0")
        whh[5] += 0.5
        try h.forward()
        let after = h.workspace.outputArray()
        h.workspace.usesFusedKernels = false
        try h.forward()
        let portable = h.workspace.outputArray()
        #expect(zip(before, after).contains { abs($0 - $1) > 1e-3 }, "a changed W_hh must change the output")
        // Rounding-level differences only (see fusedMatchesPortablePath).
        let cmp = TensorComparison("repacked", actual: after.map(Double.init), expected: portable.map(Double.init),
                                   tolerance: 1e-4)
        #expect(cmp.passed, "\(cmp)")
    }
}
