import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

@Suite("Forward pass against the plain-loop reference")
struct ForwardTests {
    @Test(arguments: allShapes.indices)
    func fastPathMatchesReferenceInDouble(_ index: Int) throws {
        let s = allShapes[index]
        let config = RecurrentStackConfiguration(cell: s.cell, inputSize: 3, hiddenSize: 5, layers: s.layers,
                                                 bidirectional: s.bidirectional)
        let harness = try StackHarness<Double>(config, batch: 3, steps: 6, seed: 11 + UInt64(index))
        try harness.forward()
        let ref = try harness.stack.referenceForward(
            parameters: harness.store, input: harness.input, batch: 3, steps: 6,
            initialHidden: harness.initialHidden, initialCell: harness.initialCell.isEmpty ? nil : harness.initialCell)
        // Same arithmetic in another summation order (BLAS blocking, bias added first or last): ~1e-15.
        for (name, actual, expected) in [("output", harness.workspace.outputArray(), ref.output),
                                         ("h_n", harness.workspace.finalHiddenArray(), ref.finalHidden),
                                         ("c_n", harness.workspace.finalCellArray(), ref.finalCell)] {
            let cmp = TensorComparison("\(describe(config)) \(name)", actual: actual, expected: expected, tolerance: 1e-12)
            #expect(cmp.passed, "\(cmp)")
        }
    }

    @Test(arguments: RecurrentCell.allCases)
    func floatPathMatchesReference(_ cell: RecurrentCell) throws {
        let config = RecurrentStackConfiguration(cell: cell, inputSize: 4, hiddenSize: 16, layers: 2, bidirectional: true)
        // Weights in ±0.3 keep the relu RNN from growing (with ±0.8 its states reach ~10 and
        // Float's relative rounding becomes ~1e-4 absolute).
        let harness = try StackHarness<Float>(config, batch: 20, steps: 9, seed: 5, weightScale: 0.3)
        try harness.forward()
        let ref = try harness.stack.referenceForward(
            parameters: harness.store, input: harness.input, batch: 20, steps: 9,
            initialHidden: harness.initialHidden, initialCell: harness.initialCell.isEmpty ? nil : harness.initialCell)
        // Float: sums of ~20 terms and 9 chained steps, each rounding ~6e-8 relative: 1e-5 absolute
        // on values of order 1 leaves a wide margin.
        let cmp = TensorComparison("\(describe(config)) float output", actual: harness.workspace.outputArray().map(Double.init),
                                   expected: ref.output.map(Double.init), tolerance: 1e-5)
        #expect(cmp.passed, "\(cmp)")
    }

    @Test func smallerPassReusesWorkspace() throws {
        let config = RecurrentStackConfiguration(cell: .gru, inputSize: 2, hiddenSize: 4, layers: 2)
        let harness = try StackHarness<Double>(config, batch: 4, steps: 5, seed: 9)
        // The first 3 steps of the first 2 rows, laid out [3, 2, I].
        var small = [Double]()
        for t in 0..<3 { for b in 0..<2 { for i in 0..<2 { small.append(harness.input[(t * 4 + b) * 2 + i]) } } }
        try harness.stack.forward(parameters: harness.store, input: small, batch: 2, steps: 3, workspace: harness.workspace)
        let fast = harness.workspace.outputArray()
        let ref = try harness.stack.referenceForward(parameters: harness.store, input: small, batch: 2, steps: 3)
        let cmp = TensorComparison("partial batch", actual: fast, expected: ref.output, tolerance: 1e-12)
        #expect(cmp.passed, "\(cmp)")
        #expect(fast.count == 3 * 2 * 4)
    }

    @Test func sizeErrorsAreThrownNotTrapped() throws {
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 4)
        let harness = try StackHarness<Double>(config, batch: 2, steps: 3, seed: 1)
        #expect(throws: RecurrentLayerError.self) {
            try harness.stack.forward(parameters: harness.store, input: harness.input, batch: 3, steps: 3, workspace: harness.workspace)
        }
        #expect(throws: RecurrentLayerError.self) {
            try harness.stack.forward(parameters: harness.store, input: harness.input, batch: 2, steps: 0, workspace: harness.workspace)
        }
        var layout = ParameterLayout()
        #expect(throws: RecurrentLayerError.self) {
            _ = try RecurrentStack(RecurrentStackConfiguration(cell: .gru, inputSize: 0, hiddenSize: 4), registeringIn: &layout)
        }
        #expect(throws: RecurrentLayerError.self) {
            _ = try RecurrentStack(RecurrentStackConfiguration(cell: .gru, inputSize: 1, hiddenSize: 4, dropout: 1), registeringIn: &layout)
        }
        let small = ParameterStore<Double>(layout: ParameterLayout())
        #expect(throws: RecurrentLayerError.self) {
            try harness.stack.forward(parameters: small, input: harness.input, batch: 2, steps: 3, workspace: harness.workspace)
        }
    }
}
