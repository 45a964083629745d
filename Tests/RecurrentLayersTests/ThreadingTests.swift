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
}
