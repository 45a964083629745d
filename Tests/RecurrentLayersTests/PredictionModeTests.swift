import CRecurrentKernels
import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

/// `ForwardMode.prediction`: the forward-only LSTM kernel (no caches for backward) against the
/// training forward it replaces, on shapes that reach every branch: one-row steps (batch 1–3) with
/// the input projected inside each step (layer 0) or for all steps first (layer 1, input 2·H or
/// D·H > 16), 4-row tiles plus leftovers (batch 9), the batch split across threads (batch 64),
/// partial 16-unit blocks (hidden 5, 37, 70), both directions.
@Suite("Prediction mode (forward-only LSTM)")
struct PredictionModeTests {
    static let cases: [(hidden: Int, batch: Int, layers: Int, bidirectional: Bool)] = [
        (37, 1, 1, false), (70, 1, 2, false), (37, 3, 2, true), (16, 9, 1, true), (64, 64, 2, false), (5, 2, 2, false),
    ]

    /// Outputs, h_n and c_n of `.prediction` and of the `.inference` forward (which keeps the caches).
    static func bothPasses(_ h: StackHarness<Float>) throws -> (prediction: [[Float]], training: [[Float]]) {
        func results() -> [[Float]] {
            [h.workspace.outputArray(), h.workspace.finalHiddenArray(), h.workspace.finalCellArray()]
        }
        h.mode = .inference
        try h.forward()
        let training = results()
        h.mode = .prediction
        try h.forward()
        return (results(), training)
    }

    @Test(.enabled(if: AVX512Kernels.available), arguments: cases.indices)
    func predictionMatchesTrainingForward(_ index: Int) throws {
        let c = Self.cases[index]
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 3, hiddenSize: c.hidden, layers: c.layers,
                                                 bidirectional: c.bidirectional)
        let h = try StackHarness<Float>(config, batch: c.batch, steps: 9, seed: 300 + UInt64(index), weightScale: 0.4)
        let (prediction, training) = try Self.bothPasses(h)
        // Each unit runs the same operations in the same order as the fused training kernel
        // (measured difference: 0). The tolerance only leaves room for the training kernel to
        // change its accumulation order later: Float rounding of ≤ 150-term sums over 9 chained
        // steps stays below 1e-5 of max(|x|, 1), while a wrong unit, row, step or state is O(0.1).
        for (i, name) in ["output", "h_n", "c_n"].enumerated() {
            let a = prediction[i], e = training[i]
            let cmp = TensorComparison("LSTM \(c.layers)x H\(c.hidden) B\(c.batch) bi \(c.bidirectional) \(name)",
                                       actual: a.map(Double.init), expected: e.map(Double.init), tolerance: 1e-5)
            #expect(cmp.passed, "\(cmp)")
        }
    }

    /// Same inputs, same bits, run after run; a pass after other passes on the same workspace
    /// (different batch) starts from the given states, not from leftovers.
    @Test(.enabled(if: AVX512Kernels.available))
    func repeatedPassesAreBitIdentical() throws {
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 70, layers: 2)
        let h = try StackHarness<Float>(config, batch: 2, steps: 6, seed: 41, weightScale: 0.4)
        h.mode = .prediction
        func bits() throws -> [UInt32] {
            try h.forward()
            return (h.workspace.outputArray() + h.workspace.finalHiddenArray() + h.workspace.finalCellArray()).map(\.bitPattern)
        }
        let first = try bits()
        try h.stack.forward(parameters: h.store, input: h.input, batch: 1, steps: 3, mode: .prediction, workspace: h.workspace)
        let second = try bits(), third = try bits()
        #expect(first == second && second == third)
    }

    /// Backward needs the caches a prediction pass does not keep.
    @Test func backwardAfterPredictionThrows() throws {
        for cell in [RecurrentCell.lstm, .gru] {
            let config = RecurrentStackConfiguration(cell: cell, inputSize: 2, hiddenSize: 8, layers: 1)
            let h = try StackHarness<Float>(config, batch: 2, steps: 3, seed: 5)
            h.mode = .prediction
            #expect(throws: RecurrentLayerError.backwardWithoutForward) { try h.backward() }
            h.mode = .inference
            try h.backward()
        }
    }

    /// Cells and scalars without the forward-only kernel run their usual forward under `.prediction`.
    @Test func otherCellsAndDoubleRunTheUsualForward() throws {
        let gru = try StackHarness<Float>(.init(cell: .gru, inputSize: 2, hiddenSize: 20, layers: 2), batch: 3, steps: 4, seed: 8)
        let (a, e) = try Self.bothPasses(gru)
        // Same code path: identical, so any tolerance passes; 1e-6 states "rounding at most".
        let cmp = TensorComparison("GRU output", actual: a[0].map(Double.init), expected: e[0].map(Double.init), tolerance: 1e-6)
        #expect(cmp.passed, "\(cmp)")
        let lstm = try StackHarness<Double>(.init(cell: .lstm, inputSize: 2, hiddenSize: 20, layers: 2), batch: 3, steps: 4, seed: 9)
        lstm.mode = .inference
        try lstm.forward()
        let expected = lstm.workspace.outputArray()
        lstm.mode = .prediction
        try lstm.forward()
        let double = TensorComparison("Double LSTM output", actual: lstm.workspace.outputArray(), expected: expected, tolerance: 1e-12)
        #expect(double.passed, "\(double)")
    }
}

extension ThreadingTests {
    /// `.prediction` at 1 and 2 threads: at batch 1 two threads split each step's hidden units
    /// (forced here: the split is normally used only when the helper thread is spinning, which a
    /// loaded test machine may never show), at batch 64 the batch. Each unit is computed by one
    /// thread with the same operations, so all runs give the same bits, and they match the
    /// one-thread training forward.
    @Test(.enabled(if: AVX512Kernels.available), arguments: [1, 64])
    func predictionIsBitIdenticalAcrossRunsAndThreads(batch: Int) throws {
        let previous = ComputeThreads.count, minimum = RecurrentExecution.predictionUnitSplitMinimumHidden
        RecurrentExecution.predictionUnitSplitMinimumHidden = 64
        RecurrentExecution.predictionAlwaysSplits = true
        defer {
            ComputeThreads.set(previous)
            RecurrentExecution.predictionUnitSplitMinimumHidden = minimum
            RecurrentExecution.predictionAlwaysSplits = false
        }
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 1, hiddenSize: 70, layers: 2)
        let h = try StackHarness<Float>(config, batch: batch, steps: 12, seed: 61, weightScale: 0.4)
        func bits() throws -> [UInt32] {
            try h.forward()
            return (h.workspace.outputArray() + h.workspace.finalHiddenArray() + h.workspace.finalCellArray()).map(\.bitPattern)
        }
        ComputeThreads.set(1)
        let training = try bits()
        h.mode = .prediction
        let single = try bits()
        ComputeThreads.set(2)
        let first = try bits(), second = try bits()
        #expect(first == second, "2 threads: same bits run to run")
        #expect(first == single, "2 threads: same bits as 1 thread")
        // See predictionMatchesTrainingForward for the tolerance.
        let cmp = TensorComparison("B\(batch) prediction vs training forward", actual: first.map { Double(Float(bitPattern: $0)) },
                                   expected: training.map { Double(Float(bitPattern: $0)) }, tolerance: 1e-5)
        #expect(cmp.passed, "\(cmp)")
    }

    /// A split pass whose helper loses its core inside its share (simulated: it pauses 200 ms
    /// after computing step 2's share, before publishing it). The caller then computes that share
    /// and the helper's later ones itself and returns without waiting; the helper's late copy of
    /// the share writes the same bits to the pass's own memory. Every pass gives the one-thread
    /// bits, the passes after it too (they wait for the helper to leave; forced split), and the
    /// workspace is freed only after the helper has left (rk_team_quiesce in its deinit).
    /// Other suites run concurrently and may hold the helpers (this pass then runs alone, counted
    /// as busy), so the counters are checked for "taken over, or ran alone", not exact counts.
    @Test(.enabled(if: AVX512Kernels.available))
    func predictionSplitTakesOverALateHelpersShare() throws {
        let previous = ComputeThreads.count, minimum = RecurrentExecution.predictionUnitSplitMinimumHidden
        RecurrentExecution.predictionUnitSplitMinimumHidden = 64
        RecurrentExecution.predictionAlwaysSplits = true
        defer {
            rk_team_set_helper_stall(0, 0)
            ComputeThreads.set(previous)
            RecurrentExecution.predictionUnitSplitMinimumHidden = minimum
            RecurrentExecution.predictionAlwaysSplits = false
        }
        // Layer 1's input (70 wide) is projected for all steps first: both input forms are split.
        let config = RecurrentStackConfiguration(cell: .lstm, inputSize: 1, hiddenSize: 70, layers: 2)
        let h = try StackHarness<Float>(config, batch: 1, steps: 12, seed: 62, weightScale: 0.4)
        h.mode = .prediction
        func bits() throws -> [UInt32] {
            try h.forward()
            return (h.workspace.outputArray() + h.workspace.finalHiddenArray() + h.workspace.finalCellArray()).map(\.bitPattern)
        }
        ComputeThreads.set(1)
        let single = try bits()
        ComputeThreads.set(2)
        rk_team_set_helper_stall(2, 200_000)
        var before = rk_team_counts(), after = rk_team_counts()
        rk_team_get_counts(&before)
        let stalled = try bits()
        rk_team_get_counts(&after)
        rk_team_set_helper_stall(0, 0)
        let next = try bits(), again = try bits()
        // Only a caller descheduled for the whole 200 ms pause would see the share published.
        #expect(after.taken > before.taken || after.busy > before.busy,
                "the caller computed the stalled helper's share (or the helpers were busy)")
        #expect(stalled == single, "a taken-over share gives the same bits")
        #expect(next == single && again == single, "passes after a late helper give the same bits")
    }
}
