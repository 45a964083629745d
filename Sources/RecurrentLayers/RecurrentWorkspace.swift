import CRecurrentKernels
import MatrixKernels

/// Every buffer one forward and backward pass of a ``RecurrentStack`` needs, allocated once for
/// a capacity of `batch` rows and `steps` time steps (one block, so nothing is allocated in the
/// time loop). A pass may use fewer rows or steps than the capacity; buffers are then laid out
/// `[steps, batch, …]` for the sizes of that pass.
///
/// After ``RecurrentStack/forward(parameters:input:batch:steps:initialHidden:initialCell:mode:workspace:)``:
/// ``output`` `[T, B, D·H]`, ``finalHidden`` and ``finalCell`` `[L·D, B, H]`.
/// After ``RecurrentStack/backward(parameters:input:outputGradient:finalHiddenGradient:finalCellGradient:truncation:computeInputGradient:workspace:)``:
/// ``inputGradient`` `[T, B, I]`, ``initialHiddenGradient`` and ``initialCellGradient`` `[L·D, B, H]`.
public final class RecurrentWorkspace<T: RecurrentScalar> {
    /// The stack this workspace was sized for.
    public let stack: RecurrentStack
    /// The largest batch a pass may use.
    public let batchCapacity: Int
    /// The most time steps a pass may use.
    public let stepCapacity: Int

    /// Rows and steps of the last forward pass (0 before any).
    public internal(set) var batch = 0
    public internal(set) var steps = 0
    /// Whether the last forward pass ran in training mode (and so applied dropout masks).
    public internal(set) var lastPassDropout = false
    /// Whether the last forward pass kept what backward needs (false after ``ForwardMode/prediction``).
    public internal(set) var lastPassAllowsBackward = false
    /// Whether the last forward pass started from zero hidden states (no `initialHidden`): the
    /// fused LSTM path then skips `h0 · W_hhᵀ` in the first step and `dW_hh`'s first-step product.
    var lastPassZeroInitialHidden = false
    /// Whether passes on this workspace run the fused AVX-512 kernels (Float only, and only where
    /// the CPU has them; see ``RecurrentExecution/usesFusedKernels``, the default). Setting it
    /// false runs the portable Swift + BLAS path, e.g. to compare the two.
    public var usesFusedKernels = RecurrentExecution.usesFusedKernels

    /// Whether the next pass runs the fused kernels.
    var fused: RecurrentWorkspace<Float>? {
        usesFusedKernels && T.self == Float.self && AVX512Kernels.available ? self as? RecurrentWorkspace<Float> : nil
    }

    private let block: UnsafeMutablePointer<T>
    private let blockCount: Int

    // Forward caches, per (layer, direction) index `ld` unless noted.
    let gates: [UnsafeMutablePointer<T>]         // [T, B, G·H] pre-activations → activated gates
    let hh: [UnsafeMutablePointer<T>]            // GRU: [T, B, 3H] W_hh h (+ b_hn in the n block)
    let cells: [UnsafeMutablePointer<T>]         // LSTM: [T, B, H]
    let tanhCells: [UnsafeMutablePointer<T>]     // LSTM: [T, B, H]
    let combinedBias: [UnsafeMutablePointer<T>]  // [G·H]: b_ih + b_hh (RNN, LSTM)
    let layerOutputs: [UnsafeMutablePointer<T>]  // per layer: [T, B, D·H]
    let dropoutMasks: [UnsafeMutablePointer<T>]  // per layer k ≥ 1 (index k − 1): [T, B, D·H]
    let droppedInputs: [UnsafeMutablePointer<T>] // per layer k ≥ 1 (index k − 1): [T, B, D·H]
    let initialHiddenCopy: UnsafeMutablePointer<T>  // [L·D, B, H]
    let initialCellCopy: UnsafeMutablePointer<T>    // [L·D, B, H]
    let finalHiddenBuffer: UnsafeMutablePointer<T>  // [L·D, B, H]
    let finalCellBuffer: UnsafeMutablePointer<T>    // [L·D, B, H]

    // Backward buffers, per direction unless noted (reused layer after layer).
    let gateGradients: [UnsafeMutablePointer<T>]    // [T, B, G·H]
    let hhGradients: [UnsafeMutablePointer<T>]      // GRU: [T, B, 3H]
    let hiddenCarry: [UnsafeMutablePointer<T>]      // [B, H]
    let cellCarry: [UnsafeMutablePointer<T>]        // [B, H]
    let layerGradients: [UnsafeMutablePointer<T>]   // two ping-pong buffers [T, B, D·H]
    let inputGradientBuffer: UnsafeMutablePointer<T>     // [T, B, I]
    let initialHiddenGradientBuffer: UnsafeMutablePointer<T>  // [L·D, B, H]
    let initialCellGradientBuffer: UnsafeMutablePointer<T>    // [L·D, B, H]

    // Float with AVX-512 only (empty otherwise), per (layer, direction): W_hh and W_ih packed for
    // the fused forward steps, and W_hh and W_ih packed for the backward products dgates · W_hh
    // and dgates · W_ih.
    let packedForward: [UnsafeMutablePointer<T>]
    let packedInput: [UnsafeMutablePointer<T>]
    let packedBackward: [UnsafeMutablePointer<T>]
    let packedInputBackward: [UnsafeMutablePointer<T>]
    /// Bidirectional stacks on the fused path: `[T, B, max layer input]`, the reverse direction's
    /// share of a layer's input gradient (both directions' time loops run at once; their shares
    /// are added after).
    let reverseInputGradient: UnsafeMutablePointer<T>
    /// [D, G·H]: each direction's bias-gradient column sums, added to both biases (LSTM, RNN).
    let biasGradientScratch: UnsafeMutablePointer<T>
    /// The ParameterStore.version whose values packedForward[ld] and packedInput[ld] hold, 0 for
    /// none (a training pass's packing is not kept: the optimiser changes the weights next).
    var packedVersion: [UInt64]

    /// A workspace for `stack` and passes of up to `batch` rows and `steps` steps.
    /// - Throws: ``RecurrentLayerError/sizeOutOfRange(what:value:allowed:)`` when either is below 1.
    public init(stack: RecurrentStack, batch: Int, steps: Int) throws {
        guard batch >= 1 else { throw RecurrentLayerError.sizeOutOfRange(what: "batch", value: batch, allowed: 1...Int.max) }
        guard steps >= 1 else { throw RecurrentLayerError.sizeOutOfRange(what: "steps", value: steps, allowed: 1...Int.max) }
        self.stack = stack
        batchCapacity = batch
        stepCapacity = steps
        let c = stack.configuration
        let l = c.layers, d = stack.directions, h = c.hiddenSize, g = c.cell.gateCount
        let tb = batch * steps, dh = d * h, ld = l * d
        let gru = c.cell == .gru, lstm = c.cell == .lstm
        let dropout = c.dropout > 0 && l > 1

        // Sizes in allocation order; `take` hands out consecutive regions.
        var sizes: [Int] = []
        sizes += Array(repeating: tb * g * h, count: ld)                    // gates
        sizes += Array(repeating: gru ? tb * 3 * h : 0, count: ld)          // hh
        sizes += Array(repeating: lstm ? tb * h : 0, count: 2 * ld)         // cells, tanhCells
        sizes += Array(repeating: g * h, count: ld)                         // combinedBias
        sizes += Array(repeating: tb * dh, count: l)                        // layerOutputs
        sizes += Array(repeating: dropout ? tb * dh : 0, count: 2 * (l - 1)) // masks, dropped
        sizes += Array(repeating: ld * batch * h, count: 4)                 // h0, c0, hn, cn
        sizes += Array(repeating: tb * g * h, count: d)                     // gateGradients
        sizes += Array(repeating: gru ? tb * 3 * h : 0, count: d)           // hhGradients
        sizes += Array(repeating: batch * h, count: 2 * d)                  // carries
        sizes += Array(repeating: tb * dh, count: 2)                        // layerGradients
        sizes += [tb * c.inputSize, ld * batch * h, ld * batch * h]         // dX, dh0, dc0
        let packs = T.self == Float.self && AVX512Kernels.available
        let blockColumns = (h + 15) / 16 * 16 * g
        let layerInputs = (0..<ld).map { stack.inputSize(ofLayer: $0 / d) }
        sizes += Array(repeating: packs ? blockColumns * h : 0, count: ld)  // packedForward
        sizes += layerInputs.map { packs ? blockColumns * $0 : 0 }          // packedInput
        sizes += Array(repeating: packs ? blockColumns * h : 0, count: ld)  // packedBackward
        sizes += layerInputs.map { packs ? ($0 + 15) / 16 * 16 * g * h : 0 } // packedInputBackward
        sizes += [packs && d == 2 ? tb * max(c.inputSize, dh) : 0]          // reverseInputGradient
        sizes += [packs ? d * g * h : 0]                                    // biasGradientScratch
        // Round each region up to 16 elements so regions start 64-byte aligned (for Float).
        let padded = sizes.map { ($0 + 15) / 16 * 16 }
        blockCount = max(16, padded.reduce(0, +))
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: (blockCount + 16) * MemoryLayout<T>.stride, alignment: 64)
        block = raw.bindMemory(to: T.self, capacity: blockCount + 16)
        block.initialize(repeating: 0, count: blockCount + 16)
        var cursor = 0, index = 0
        let base = block
        func take(_ n: Int) -> [UnsafeMutablePointer<T>] {
            (0..<n).map { _ in
                let p = base + cursor
                cursor += padded[index]
                index += 1
                return p
            }
        }
        gates = take(ld); hh = take(ld); cells = take(ld); tanhCells = take(ld)
        combinedBias = take(ld); layerOutputs = take(l)
        dropoutMasks = take(l - 1); droppedInputs = take(l - 1)
        let states = take(4)
        initialHiddenCopy = states[0]; initialCellCopy = states[1]
        finalHiddenBuffer = states[2]; finalCellBuffer = states[3]
        gateGradients = take(d); hhGradients = take(d)
        hiddenCarry = take(d); cellCarry = take(d)
        layerGradients = take(2)
        let tail = take(3)
        inputGradientBuffer = tail[0]; initialHiddenGradientBuffer = tail[1]; initialCellGradientBuffer = tail[2]
        packedForward = take(ld); packedInput = take(ld); packedBackward = take(ld)
        packedInputBackward = take(ld)
        reverseInputGradient = take(1)[0]
        biasGradientScratch = take(1)[0]
        packedVersion = Array(repeating: 0, count: ld)
    }

    deinit {
        // A helper thread of a split prediction pass that lost its core may still be reading
        // the packed weights here after its caller returned (InferenceTeam.c).
        rk_team_quiesce()
        block.deallocate()
    }

    /// The last layer's outputs `[steps, batch, D·H]` of the last forward pass.
    public var output: UnsafePointer<T> { UnsafePointer(layerOutputs[stack.configuration.layers - 1]) }
    /// Final hidden states `[L·D, batch, H]` of the last forward pass (PyTorch's `h_n`).
    public var finalHidden: UnsafePointer<T> { UnsafePointer(finalHiddenBuffer) }
    /// Final cell states `[L·D, batch, H]` (LSTM; zeros otherwise), PyTorch's `c_n`.
    public var finalCell: UnsafePointer<T> { UnsafePointer(finalCellBuffer) }
    /// Gradient of the input `[steps, batch, I]` after backward (if it was requested).
    public var inputGradient: UnsafePointer<T> { UnsafePointer(inputGradientBuffer) }
    /// Gradient of the initial hidden states `[L·D, batch, H]` after backward.
    public var initialHiddenGradient: UnsafePointer<T> { UnsafePointer(initialHiddenGradientBuffer) }
    /// Gradient of the initial cell states `[L·D, batch, H]` after backward (LSTM).
    public var initialCellGradient: UnsafePointer<T> { UnsafePointer(initialCellGradientBuffer) }

    /// A copy of ``output`` for the last pass, `[steps, batch, D·H]`.
    public func outputArray() -> [T] { Array(UnsafeBufferPointer(start: output, count: steps * batch * stack.outputSize)) }
    /// A copy of ``finalHidden``, `[L·D, batch, H]`.
    public func finalHiddenArray() -> [T] { Array(UnsafeBufferPointer(start: finalHidden, count: stateCount)) }
    /// A copy of ``finalCell``, `[L·D, batch, H]`.
    public func finalCellArray() -> [T] { Array(UnsafeBufferPointer(start: finalCell, count: stateCount)) }
    /// A copy of ``inputGradient``, `[steps, batch, I]`.
    public func inputGradientArray() -> [T] {
        Array(UnsafeBufferPointer(start: inputGradient, count: steps * batch * stack.configuration.inputSize))
    }
    /// A copy of ``initialHiddenGradient``, `[L·D, batch, H]`.
    public func initialHiddenGradientArray() -> [T] { Array(UnsafeBufferPointer(start: initialHiddenGradient, count: stateCount)) }
    /// A copy of ``initialCellGradient``, `[L·D, batch, H]`.
    public func initialCellGradientArray() -> [T] { Array(UnsafeBufferPointer(start: initialCellGradient, count: stateCount)) }

    private var stateCount: Int { stack.stateCount * batch * stack.configuration.hiddenSize }

    /// Bytes held by this workspace.
    public var byteCount: Int { (blockCount + 16) * MemoryLayout<T>.stride }
}
