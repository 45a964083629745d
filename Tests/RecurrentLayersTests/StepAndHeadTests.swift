import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

@Suite("Single step, dense head, parameter layout")
struct StepAndHeadTests {
    /// Advancing one step at a time reproduces the window's outputs, and continuing from a
    /// window's final state equals running the longer window.
    @Test(arguments: RecurrentCell.allCases)
    func stepsReproduceForward(_ cell: RecurrentCell) throws {
        let config = RecurrentStackConfiguration(cell: cell, inputSize: 3, hiddenSize: 5, layers: 2)
        let h = try StackHarness<Double>(config, batch: 2, steps: 6, seed: 21)
        try h.forward()
        let window = h.workspace.outputArray()
        let state = try RecurrentState<Double>(stack: h.stack, batch: 2)
        state.load(hidden: h.initialHidden, cell: cell == .lstm ? h.initialCell : nil)
        let row = 2 * 3, out = 2 * 5
        for t in 0..<6 {
            let x = Array(h.input[(t * row)..<((t + 1) * row)])
            try h.stack.step(parameters: h.store, input: x, state: state)
            let y = Array(UnsafeBufferPointer(start: state.output, count: out))
            // Same operations as the window's step (one GEMM fewer fused): ~1e-15 apart.
            let cmp = TensorComparison("\(cell) step \(t)", actual: y, expected: Array(window[(t * out)..<((t + 1) * out)]), tolerance: 1e-12)
            #expect(cmp.passed, "\(cmp)")
        }
        let cmp = TensorComparison("\(cell) h after steps", actual: state.hiddenArray(), expected: h.workspace.finalHiddenArray(), tolerance: 1e-12)
        #expect(cmp.passed, "\(cmp)")
        #expect(throws: RecurrentLayerError.self) {
            var layout = ParameterLayout()
            let bi = try RecurrentStack(RecurrentStackConfiguration(cell: cell, inputSize: 1, hiddenSize: 2, bidirectional: true), registeringIn: &layout)
            _ = try RecurrentState<Double>(stack: bi, batch: 1)
        }
    }

    @Test func denseGradientsMatchFiniteDifferences() throws {
        var layout = ParameterLayout()
        let dense = try DenseLayer(inputSize: 6, outputSize: 4, registeringIn: &layout)
        let store = ParameterStore<Double>(layout: layout)
        var rng = SeededValues(seed: 8)
        for i in 0..<store.count { store.values[i] = rng.uniform(-1, 1) }
        // Input rows are strided views (stride 9 > 6), as when the head reads the last step of a
        // recurrent output.
        let rows = 5, stride = 9
        var x = rng.uniform(count: rows * stride)
        let r = rng.uniform(count: rows * 4)
        func loss() -> Double {
            var y = [Double](repeating: 0, count: rows * 4)
            try? dense.forward(parameters: store, input: x, inputStride: stride, rows: rows, output: &y)
            return zip(y, r).reduce(0) { $0 + $1.0 * $1.1 }
        }
        store.zeroGradients()
        var dx = [Double](repeating: 0, count: rows * stride)
        try dense.backward(parameters: store, input: x, inputStride: stride, rows: rows, outputGradient: r, inputGradient: &dx)
        let grads = Array(UnsafeBufferPointer(start: store.gradients, count: store.count))
        let p = GradientChecker.check(label: "dense parameters", count: store.count, get: { store.values[$0] },
                                      set: { store.values[$0] = $1 }, analytic: { grads[$0] }, loss: loss)
        let columns = (0..<rows).flatMap { b in (0..<6).map { b * stride + $0 } }
        let xCheck = GradientChecker.check(label: "dense input", count: x.count, indices: columns, get: { x[$0] },
                                           set: { x[$0] = $1 }, analytic: { dx[$0] }, loss: loss)
        #expect(p.maxRelativeError < GradientCheckTests.tolerance, "\(p)")
        #expect(xCheck.maxRelativeError < GradientCheckTests.tolerance, "\(xCheck)")
    }

    @Test func layoutUsesPyTorchNamesOrderAndOneBuffer() throws {
        var layout = ParameterLayout()
        let encoder = try RecurrentStack(RecurrentStackConfiguration(cell: .lstm, inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: true),
                                         registeringIn: &layout, prefix: "encoder.")
        let head = try DenseLayer(inputSize: encoder.outputSize, outputSize: 2, registeringIn: &layout)
        let names = layout.entries.map(\.name)
        // torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True).state_dict() order, then the head.
        #expect(names == [
            "encoder.weight_ih_l0", "encoder.weight_hh_l0", "encoder.bias_ih_l0", "encoder.bias_hh_l0",
            "encoder.weight_ih_l0_reverse", "encoder.weight_hh_l0_reverse", "encoder.bias_ih_l0_reverse", "encoder.bias_hh_l0_reverse",
            "encoder.weight_ih_l1", "encoder.weight_hh_l1", "encoder.bias_ih_l1", "encoder.bias_hh_l1",
            "encoder.weight_ih_l1_reverse", "encoder.weight_hh_l1_reverse", "encoder.bias_ih_l1_reverse", "encoder.bias_hh_l1_reverse",
            "head.weight", "head.bias",
        ])
        #expect(layout.entry(named: "encoder.weight_ih_l1")?.shape == [16, 8])
        #expect(layout.entry(named: "head.weight")?.shape == [2, 8])
        // Contiguous, in order, no gaps: the optimiser can step over one buffer.
        var offset = 0
        for e in layout.entries { #expect(e.offset == offset); offset += e.count }
        #expect(layout.count == offset && head.outputSize == 2)
        #expect(throws: DuplicateParameterError.self) {
            _ = try DenseLayer(inputSize: 1, outputSize: 1, registeringIn: &layout)
        }
        let store = ParameterStore<Float>(layout: layout)
        #expect(throws: ParameterStoreError.self) { try store.setValues("head.bias", [1]) }
        #expect(throws: ParameterStoreError.self) { try store.valueView("decoder.weight_ih_l0") }
        #expect(ParameterRole.recurrentBias(gates: 4, hidden: 4).pytorchDefaultBound(shape: [16]) == 0.5)
        #expect(ParameterRole.denseWeight.pytorchDefaultBound(shape: [2, 16]) == 0.25)
    }
}
