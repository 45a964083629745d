import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

/// Truncated BPTT computes the exact gradient of a *detached* model: the window cut into chunks
/// of k steps aligned at its end, each chunk starting from the state the full forward pass
/// reached there, held constant. These tests build that model from chunked forward passes and
/// check backward(truncation: k) against its finite differences.
@Suite("Truncated BPTT")
struct TruncationTests {
    /// The detached model's loss. States at chunk boundaries are computed once, at the current
    /// parameters, and then held fixed (that is what "detached" means) while the checker perturbs.
    final class DetachedLoss {
        let h: StackHarness<Double>
        let k: Int
        let chunks: [Range<Int>]
        var startStates: [Int: (hidden: [Double], cell: [Double])] = [:]  // forward direction, at chunk start a
        var endStates: [Int: (hidden: [Double], cell: [Double])] = [:]    // reverse direction, at chunk end b
        let workspace: RecurrentWorkspace<Double>

        init(_ h: StackHarness<Double>, k: Int) throws {
            self.h = h
            self.k = k
            var starts = [0]
            for s in 1..<h.steps where (h.steps - s) % k == 0 { starts.append(s) }
            chunks = starts.indices.map { i in starts[i]..<(i + 1 < starts.count ? starts[i + 1] : h.steps) }
            workspace = try RecurrentWorkspace<Double>(stack: h.stack, batch: h.batch, steps: h.steps)
            for chunk in chunks {
                if chunk.lowerBound > 0 { startStates[chunk.lowerBound] = try run(0..<chunk.lowerBound) }
                if chunk.upperBound < h.steps { endStates[chunk.upperBound] = try run(chunk.upperBound..<h.steps) }
            }
        }

        private var rowSize: Int { h.batch * h.stack.configuration.inputSize }
        private var stateSize: Int { h.batch * h.stack.configuration.hiddenSize }

        /// Forward over `steps` from the true initial states; returns the final states.
        private func run(_ steps: Range<Int>) throws -> (hidden: [Double], cell: [Double]) {
            let x = Array(h.input[(steps.lowerBound * rowSize)..<(steps.upperBound * rowSize)])
            try h.stack.forward(parameters: h.store, input: x, batch: h.batch, steps: steps.count,
                                initialHidden: h.initialHidden, initialCell: h.initialCell.isEmpty ? nil : h.initialCell,
                                workspace: workspace)
            return (workspace.finalHiddenArray(), workspace.finalCellArray())
        }

        func loss() throws -> Double {
            let d = h.stack.directions, lstm = !h.initialCell.isEmpty
            var total = 0.0
            for chunk in chunks {
                var h0 = h.initialHidden, c0 = lstm ? h.initialCell : []
                for ld in 0..<h.stack.stateCount {
                    let range = (ld * stateSize)..<((ld + 1) * stateSize)
                    let source = ld % d == 0 ? startStates[chunk.lowerBound] : endStates[chunk.upperBound]
                    if let source {
                        h0.replaceSubrange(range, with: source.hidden[range])
                        if lstm { c0.replaceSubrange(range, with: source.cell[range]) }
                    }
                }
                let x = Array(h.input[(chunk.lowerBound * rowSize)..<(chunk.upperBound * rowSize)])
                try h.stack.forward(parameters: h.store, input: x, batch: h.batch, steps: chunk.count,
                                    initialHidden: h0, initialCell: lstm ? c0 : nil, workspace: workspace)
                let out = workspace.outputArray(), outRow = h.batch * h.stack.outputSize
                for i in out.indices { total += out[i] * h.outputWeights[chunk.lowerBound * outRow + i] }
                let hn = workspace.finalHiddenArray(), cn = workspace.finalCellArray()
                for ld in 0..<h.stack.stateCount {
                    // h_n of the forward direction comes from the last chunk, of the reverse from the first.
                    let owns = ld % d == 0 ? chunk.upperBound == h.steps : chunk.lowerBound == 0
                    guard owns else { continue }
                    for i in (ld * stateSize)..<((ld + 1) * stateSize) {
                        total += hn[i] * h.finalHiddenWeights[i]
                        if lstm { total += cn[i] * h.finalCellWeights[i] }
                    }
                }
            }
            return total
        }
    }

    /// Unidirectional stacks with a window that is not a multiple of k (a short first chunk), and
    /// single-layer bidirectional ones with a multiple of k (where both directions' chunks coincide).
    static let cases: [(cell: RecurrentCell, layers: Int, bidirectional: Bool, steps: Int, k: Int)] =
        RecurrentCell.allCases.flatMap { cell in
            [(cell, 1, false, 7, 3), (cell, 2, false, 7, 3), (cell, 1, true, 6, 2), (cell, 2, false, 5, 1)]
        }

    @Test(arguments: cases.indices)
    func truncatedGradientIsDetachedModelGradient(_ index: Int) throws {
        let c = Self.cases[index]
        let config = RecurrentStackConfiguration(cell: c.cell, inputSize: 2, hiddenSize: 3, layers: c.layers,
                                                 bidirectional: c.bidirectional)
        let h = try StackHarness<Double>(config, batch: 2, steps: c.steps, seed: 300 + UInt64(index))
        let detached = try DetachedLoss(h, k: c.k)
        let label = "\(describe(config)) T=\(c.steps) k=\(c.k)"
        // The detached model at the base point has the full model's value.
        #expect(abs(try detached.loss() - h.loss()) < 1e-12, "\(label) loss")
        try GradientCheckTests.checkAll(h, label: label, truncation: c.k, loss: detached.loss)
    }

    @Test func truncationAtOrBeyondWindowIsFullBPTT() throws {
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 3, layers: 2, bidirectional: true)
        let h = try StackHarness<Double>(config, batch: 2, steps: 4, seed: 1)
        try h.backward()
        let full = Array(UnsafeBufferPointer(start: h.store.gradients, count: h.store.count))
        try h.backward(truncation: 4)
        let truncated = Array(UnsafeBufferPointer(start: h.store.gradients, count: h.store.count))
        #expect(full == truncated)
        #expect(throws: RecurrentLayerError.self) { try h.backward(truncation: 0) }
    }
}
