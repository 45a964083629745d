import MatrixKernels
import RecurrentLayers
import Testing
import _TestSupport

/// The fused LSTM path's shortcuts for a zero h0 (the training case: `initialHidden` nil): the
/// first step skips `h0 · W_hhᵀ`, `dW_hh` skips its first-step product, and with
/// `computeInitialStateGradients: false` backward skips the first step's `dgates · W_hh`. Each
/// skipped product would only have added ±0, so outputs and parameter gradients must have the
/// same bits as a pass given explicit zero states (compared after adding +0, which maps −0 to
/// +0: the sign of an exact zero is the one thing a skipped `x + (−0)` may change).
@Suite("Zero initial state")
struct ZeroInitialStateTests {
    static func normalised(_ values: [Float]) -> [UInt32] { values.map { ($0 + 0).bitPattern } }

    @Test(.enabled(if: AVX512Kernels.available),
          arguments: [(5, 1, 1, 3), (37, 1, 2, 9), (128, 1, 1, 64), (20, 2, 1, 6), (16, 3, 2, 4)])
    func sameBitsAsExplicitZeros(_ hidden: Int, _ inputSize: Int, _ layers: Int, _ batch: Int) throws {
        let configuration = RecurrentStackConfiguration(cell: .lstm, inputSize: inputSize, hiddenSize: hidden, layers: layers)
        let steps = 7
        var layout = ParameterLayout()
        let stack = try RecurrentStack(configuration, registeringIn: &layout)
        let store = ParameterStore<Float>(layout: layout)
        var rng = SeededValues(seed: UInt64(hidden * 10 + layers))
        for i in 0..<layout.count { store.values[i] = Float(rng.uniform(-0.3, 0.3)) }
        let input = rng.uniform(count: steps * batch * inputSize).map(Float.init)
        let finalHiddenGradient = rng.uniform(count: stack.stateCount * batch * hidden).map(Float.init)
        let zeros = [Float](repeating: 0, count: stack.stateCount * batch * hidden)

        func run(explicitZeros: Bool, initialStateGradients: Bool) throws -> (output: [Float], gradients: [Float]) {
            let ws = try RecurrentWorkspace<Float>(stack: stack, batch: batch, steps: steps)
            store.zeroGradients()
            try stack.forward(parameters: store, input: input, batch: batch, steps: steps,
                              initialHidden: explicitZeros ? zeros : nil, initialCell: explicitZeros ? zeros : nil,
                              mode: .training(dropoutSeed: 0), workspace: ws)
            try stack.backward(parameters: store, input: input, outputGradient: nil, finalHiddenGradient: finalHiddenGradient,
                               computeInputGradient: false, computeInitialStateGradients: initialStateGradients, workspace: ws)
            return (ws.outputArray(), Array(UnsafeBufferPointer(start: store.gradients, count: store.count)))
        }
        let reference = try run(explicitZeros: true, initialStateGradients: true)
        for initialStateGradients in [true, false] {
            let fast = try run(explicitZeros: false, initialStateGradients: initialStateGradients)
            #expect(Self.normalised(fast.output) == Self.normalised(reference.output))
            #expect(Self.normalised(fast.gradients) == Self.normalised(reference.gradients),
                    "initial-state gradients \(initialStateGradients)")
        }
    }
}
