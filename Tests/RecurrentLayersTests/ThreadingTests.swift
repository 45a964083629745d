import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

@Suite("Threads", .serialized)
struct ThreadingTests {
    /// With two threads the batch is split across them; results must be bit-identical run to run
    /// and equal (to rounding) to the one-thread results.
    @Test(arguments: RecurrentCell.allCases)
    func splitBatchIsDeterministic(_ cell: RecurrentCell) throws {
        let previous = ComputeThreads.count
        defer { ComputeThreads.set(previous) }
        let config = RecurrentStackConfiguration(cell: cell, inputSize: 3, hiddenSize: 16, layers: 2, bidirectional: cell == .gru)
        let h = try StackHarness<Float>(config, batch: 32, steps: 7, seed: 4, weightScale: 0.3)
        func run() throws -> [UInt32] {
            try h.backward(truncation: 5)
            let grads = Array(UnsafeBufferPointer(start: h.store.gradients, count: h.store.count))
            return (h.workspace.outputArray() + grads + h.workspace.inputGradientArray()).map(\.bitPattern)
        }
        ComputeThreads.set(1)
        let single = try run()
        ComputeThreads.set(2)
        let first = try run(), second = try run()
        #expect(first == second, "same thread count, same bits")
        // Float, different GEMM slicing: rounding-level differences only.
        let cmp = TensorComparison("\(cell) 2 threads vs 1", actual: first.map { Double(Float(bitPattern: $0)) },
                                   expected: single.map { Double(Float(bitPattern: $0)) }, tolerance: 1e-4)
        #expect(cmp.passed, "\(cmp)")
    }

    /// Odd batches (slices of unequal size, 4-row tiles plus leftovers) and batches smaller than
    /// the thread count (one slice; only the weight-gradient rows are split): bit-identical run to
    /// run at 2 and 3 threads, equal to one thread to rounding.
    @Test(arguments: [(RecurrentCell.lstm, 1), (.lstm, 9), (.lstm, 17), (.gru, 3), (.rnnTanh, 17)])
    func oddAndSmallBatches(_ cell: RecurrentCell, _ batch: Int) throws {
        let previous = ComputeThreads.count
        defer { ComputeThreads.set(previous) }
        let config = RecurrentStackConfiguration(cell: cell, inputSize: 2, hiddenSize: 20, layers: 1)
        let h = try StackHarness<Float>(config, batch: batch, steps: 6, seed: 11 + UInt64(batch), weightScale: 0.3)
        func run() throws -> [UInt32] {
            try h.backward()
            let grads = Array(UnsafeBufferPointer(start: h.store.gradients, count: h.store.count))
            return (h.workspace.outputArray() + grads + h.workspace.inputGradientArray()
                    + h.workspace.initialHiddenGradientArray()).map(\.bitPattern)
        }
        ComputeThreads.set(1)
        let single = try run()
        for threads in [2, 3] {
            ComputeThreads.set(threads)
            let first = try run(), second = try run()
            #expect(first == second, "\(cell) batch \(batch), \(threads) threads: same bits run to run")
            // Slices of unequal size put rows in different tiles (a leftover row sums its dot
            // product in two interleaved halves): rounding-level differences only, as above.
            let cmp = TensorComparison("\(cell) batch \(batch) \(threads) threads vs 1",
                                       actual: first.map { Double(Float(bitPattern: $0)) },
                                       expected: single.map { Double(Float(bitPattern: $0)) }, tolerance: 1e-4)
            #expect(cmp.passed, "\(cmp)")
        }
    }

    /// When every slice is a multiple of 4 rows the tiles are those of one thread, and the weight
    /// gradients are in-order sums whatever the split (fused path): one layer then gives the same
    /// bits at 1 and 2 threads (the benchmark's 64 rows split 32/32 are such a case).
    @Test(.enabled(if: AVX512Kernels.available))
    func alignedSlicesGiveOneThreadBits() throws {
        let previous = ComputeThreads.count
        defer { ComputeThreads.set(previous) }
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 1, hiddenSize: 32, layers: 1)
        let h = try StackHarness<Float>(config, batch: 16, steps: 5, seed: 3, weightScale: 0.3)
        func run() throws -> [UInt32] {
            try h.backward()
            return (h.workspace.outputArray() + Array(UnsafeBufferPointer(start: h.store.gradients, count: h.store.count)))
                .map(\.bitPattern)
        }
        ComputeThreads.set(1)
        let single = try run()
        ComputeThreads.set(2)
        #expect(try run() == single)
    }
}
