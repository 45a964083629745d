import MatrixKernels
import RecurrentLayers
import _TestSupport

/// A stack with seeded parameters, inputs, initial states and loss weights, and the scalar loss
/// L = Σ output ⊙ R + Σ h_n ⊙ RH + Σ c_n ⊙ RC used by the gradient checks and the goldens.
final class StackHarness<T: RecurrentScalar> {
    let stack: RecurrentStack
    let store: ParameterStore<T>
    let workspace: RecurrentWorkspace<T>
    let batch: Int, steps: Int
    var input: [T]
    var initialHidden: [T]
    var initialCell: [T]
    var outputWeights: [T], finalHiddenWeights: [T], finalCellWeights: [T]
    var mode: ForwardMode = .inference

    init(_ configuration: RecurrentStackConfiguration, batch: Int, steps: Int, seed: UInt64,
         weightScale: Double = 0.8) throws {
        var layout = ParameterLayout()
        stack = try RecurrentStack(configuration, registeringIn: &layout)
        store = ParameterStore<T>(layout: layout)
        workspace = try RecurrentWorkspace<T>(stack: stack, batch: batch, steps: steps)
        self.batch = batch
        self.steps = steps
        var rng = SeededValues(seed: seed)
        for i in 0..<layout.count { store.values[i] = T(rng.uniform(-weightScale, weightScale)) }
        let states = stack.stateCount * batch * configuration.hiddenSize
        input = rng.uniform(count: steps * batch * configuration.inputSize).map { T($0) }
        initialHidden = rng.uniform(count: states, -0.5, 0.5).map { T($0) }
        initialCell = configuration.cell == .lstm ? rng.uniform(count: states, -0.5, 0.5).map { T($0) } : []
        outputWeights = rng.uniform(count: steps * batch * stack.outputSize).map { T($0) }
        finalHiddenWeights = rng.uniform(count: states).map { T($0) }
        finalCellWeights = configuration.cell == .lstm ? rng.uniform(count: states).map { T($0) } : []
    }

    func forward() throws {
        try stack.forward(parameters: store, input: input, batch: batch, steps: steps,
                          initialHidden: initialHidden, initialCell: initialCell.isEmpty ? nil : initialCell,
                          mode: mode, workspace: workspace)
    }

    /// Forward, then the loss.
    func loss() throws -> Double {
        try forward()
        var sum = 0.0
        let out = workspace.outputArray(), hn = workspace.finalHiddenArray(), cn = workspace.finalCellArray()
        for i in out.indices { sum += Double(out[i] * outputWeights[i]) }
        for i in hn.indices { sum += Double(hn[i] * finalHiddenWeights[i]) }
        for i in finalCellWeights.indices { sum += Double(cn[i] * finalCellWeights[i]) }
        return sum
    }

    /// Zeroes the gradients, runs forward and backward of the loss.
    func backward(truncation: Int? = nil) throws {
        store.zeroGradients()
        try forward()
        try stack.backward(parameters: store, input: input, outputGradient: outputWeights,
                           finalHiddenGradient: finalHiddenWeights,
                           finalCellGradient: finalCellWeights.isEmpty ? nil : finalCellWeights,
                           truncation: truncation, workspace: workspace)
    }
}

/// Every cell × depth × direction combination the checks run over.
let allShapes: [(cell: RecurrentCell, layers: Int, bidirectional: Bool)] =
    RecurrentCell.allCases.flatMap { cell in [(cell, 1, false), (cell, 2, false), (cell, 1, true), (cell, 2, true)] }

func describe(_ c: RecurrentStackConfiguration) -> String {
    "\(c.cell.rawValue) \(c.layers)x \(c.bidirectional ? "bi" : "uni")"
}
