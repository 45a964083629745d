import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

/// Finite-difference checks of backward in Double: every parameter tensor (sampled), the input
/// and the initial states, for every cell, depth and direction, with and without truncation.
@Suite("Gradient checks")
struct GradientCheckTests {
    /// Central differences resolve ~1e-10 (see GradientChecker); the kernels' Double rounding is
    /// ~1e-15, so 1e-6 is loose for a correct backward and tight for any wrong term.
    static let tolerance = 1e-6

    static func checkAll(_ h: StackHarness<Double>, label: String, truncation: Int? = nil,
                         loss: @escaping () throws -> Double) throws {
        try h.backward(truncation: truncation)
        let grads = Array(UnsafeBufferPointer(start: h.store.gradients, count: h.store.count))
        let dInput = h.workspace.inputGradientArray()
        let dh0 = h.workspace.initialHiddenGradientArray(), dc0 = h.workspace.initialCellGradientArray()
        var results: [GradientChecker.Result] = []
        for entry in h.store.layout.entries {
            results.append(GradientChecker.check(
                label: "\(label) \(entry.name)", count: entry.count,
                indices: GradientChecker.sampleIndices(count: entry.count, limit: 12),
                get: { Double(h.store.values[entry.offset + $0]) },
                set: { h.store.values[entry.offset + $0] = $1 },
                analytic: { grads[entry.offset + $0] }, loss: { (try? loss()) ?? .nan }))
        }
        results.append(GradientChecker.check(
            label: "\(label) input", count: h.input.count,
            indices: GradientChecker.sampleIndices(count: h.input.count, limit: 16),
            get: { h.input[$0] }, set: { h.input[$0] = $1 }, analytic: { dInput[$0] }, loss: { (try? loss()) ?? .nan }))
        results.append(GradientChecker.check(
            label: "\(label) h0", count: h.initialHidden.count,
            get: { h.initialHidden[$0] }, set: { h.initialHidden[$0] = $1 }, analytic: { dh0[$0] },
            loss: { (try? loss()) ?? .nan }))
        if !h.initialCell.isEmpty {
            results.append(GradientChecker.check(
                label: "\(label) c0", count: h.initialCell.count,
                get: { h.initialCell[$0] }, set: { h.initialCell[$0] = $1 }, analytic: { dc0[$0] },
                loss: { (try? loss()) ?? .nan }))
        }
        for r in results { #expect(r.maxRelativeError < tolerance, "\(r)") }
    }

    @Test(arguments: allShapes.indices)
    func fullBPTT(_ index: Int) throws {
        let s = allShapes[index]
        let config = RecurrentStackConfiguration(cell: s.cell, inputSize: 3, hiddenSize: 4, layers: s.layers,
                                                 bidirectional: s.bidirectional)
        let h = try StackHarness<Double>(config, batch: 2, steps: 5, seed: 100 + UInt64(index))
        try Self.checkAll(h, label: describe(config), loss: h.loss)
    }

    /// Dropout on, in training mode with a fixed seed: the masks are the same at every call, so
    /// the loss is a smooth function of the parameters and backward must be its gradient.
    @Test(arguments: RecurrentCell.allCases)
    func withDropout(_ cell: RecurrentCell) throws {
        let config = RecurrentStackConfiguration(cell: cell, inputSize: 2, hiddenSize: 4, layers: 3,
                                                 bidirectional: cell == .gru, dropout: 0.4)
        let h = try StackHarness<Double>(config, batch: 3, steps: 4, seed: 7)
        h.mode = .training(dropoutSeed: 42)
        try Self.checkAll(h, label: describe(config) + " dropout", loss: h.loss)
    }

    @Test func dropoutIsSeededAndOffInInference() throws {
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 8, layers: 2, dropout: 0.5)
        let h = try StackHarness<Double>(config, batch: 4, steps: 6, seed: 3)
        try h.forward()
        let inference = h.workspace.outputArray()
        let ref = try h.stack.referenceForward(parameters: h.store, input: h.input, batch: 4, steps: 6,
                                               initialHidden: h.initialHidden, initialCell: h.initialCell)
        #expect(TensorComparison("inference", actual: inference, expected: ref.output, tolerance: 1e-12).passed)
        h.mode = .training(dropoutSeed: 1)
        try h.forward()
        let first = h.workspace.outputArray()
        try h.forward()
        #expect(first == h.workspace.outputArray(), "same seed, same masks, same bits")
        h.mode = .training(dropoutSeed: 2)
        try h.forward()
        #expect(first != h.workspace.outputArray(), "another seed, other masks")
        #expect(first != inference)
    }
}

/// The Float path (vectorised kernels, approximate tanh/sigmoid) against the Double path that the
/// finite differences verified: same parameters and data, every output and gradient.
@Suite("Float against Double")
struct FloatPathTests {
    @Test(arguments: allShapes.indices)
    func floatGradientsMatchDouble(_ index: Int) throws {
        let s = allShapes[index]
        let config = RecurrentStackConfiguration(cell: s.cell, inputSize: 3, hiddenSize: 13, layers: s.layers,
                                                 bidirectional: s.bidirectional)
        // 13 hidden units: one full 8-lane vector and a partial one.
        let d = try StackHarness<Double>(config, batch: 5, steps: 6, seed: 500 + UInt64(index), weightScale: 0.4)
        let f = try StackHarness<Float>(config, batch: 5, steps: 6, seed: 500 + UInt64(index), weightScale: 0.4)
        for i in 0..<d.store.count { f.store.values[i] = Float(d.store.values[i]) }
        for (from, to) in [(d.input, \StackHarness<Float>.input), (d.initialHidden, \.initialHidden),
                           (d.initialCell, \.initialCell), (d.outputWeights, \.outputWeights),
                           (d.finalHiddenWeights, \.finalHiddenWeights), (d.finalCellWeights, \.finalCellWeights)] {
            f[keyPath: to] = from.map(Float.init)
        }
        try d.backward(truncation: 4)
        try f.backward(truncation: 4)
        // Float rounding (6e-8) and the activations' ~3e-7 error, carried through 6 steps and
        // summed over ~100 terms: ~1e-5 relative; 1e-4 (floor 1e-2) leaves margin, and any wrong
        // term in a vector kernel shows as O(1).
        let pairs: [(String, [Float], [Double])] = [
            ("output", f.workspace.outputArray(), d.workspace.outputArray()),
            ("parameters", Array(UnsafeBufferPointer(start: f.store.gradients, count: f.store.count)),
             Array(UnsafeBufferPointer(start: d.store.gradients, count: d.store.count))),
            ("input", f.workspace.inputGradientArray(), d.workspace.inputGradientArray()),
            ("h0", f.workspace.initialHiddenGradientArray(), d.workspace.initialHiddenGradientArray()),
            ("c0", f.workspace.initialCellGradientArray(), d.workspace.initialCellGradientArray()),
        ]
        for (name, a, e) in pairs {
            let cmp = TensorComparison("\(describe(config)) float \(name)", actual: a.map(Double.init), expected: e,
                                       tolerance: 1e-4, floor: 1e-2)
            #expect(cmp.passed, "\(cmp)")
        }
    }
}
