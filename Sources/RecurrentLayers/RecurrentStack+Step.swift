import MatrixKernels

/// The running state of a unidirectional ``RecurrentStack`` advanced one input at a time
/// (streaming anomaly detection, autoregressive decoding), plus the scratch the step needs.
public final class RecurrentState<T: RecurrentScalar> {
    /// The stack this state belongs to.
    public let stack: RecurrentStack
    /// Rows advanced together.
    public let batch: Int
    /// Hidden states `[L, batch, H]`, updated in place by each step.
    public let hidden: UnsafeMutablePointer<T>
    /// Cell states `[L, batch, H]` (LSTM; zeros otherwise).
    public let cell: UnsafeMutablePointer<T>
    let gates: UnsafeMutablePointer<T>      // [batch, G·H]
    let hh: UnsafeMutablePointer<T>         // [batch, G·H]
    let tanhCell: UnsafeMutablePointer<T>   // [batch, H]
    let combinedBias: UnsafeMutablePointer<T>  // [G·H]
    private let stateCount: Int

    /// Zero states for `batch` rows.
    /// - Throws: ``RecurrentLayerError/stepOnBidirectional`` or a batch below 1.
    public init(stack: RecurrentStack, batch: Int) throws {
        guard !stack.configuration.bidirectional else { throw RecurrentLayerError.stepOnBidirectional }
        guard batch >= 1 else { throw RecurrentLayerError.sizeOutOfRange(what: "batch", value: batch, allowed: 1...Int.max) }
        self.stack = stack
        self.batch = batch
        let h = stack.configuration.hiddenSize, gh = stack.configuration.cell.gateCount * h
        stateCount = stack.configuration.layers * batch * h
        hidden = .allocate(capacity: stateCount); hidden.initialize(repeating: 0, count: stateCount)
        cell = .allocate(capacity: stateCount); cell.initialize(repeating: 0, count: stateCount)
        gates = .allocate(capacity: batch * gh); gates.initialize(repeating: 0, count: batch * gh)
        hh = .allocate(capacity: batch * gh); hh.initialize(repeating: 0, count: batch * gh)
        tanhCell = .allocate(capacity: batch * h); tanhCell.initialize(repeating: 0, count: batch * h)
        combinedBias = .allocate(capacity: gh); combinedBias.initialize(repeating: 0, count: gh)
    }

    deinit {
        for p in [hidden, cell, gates, hh, tanhCell, combinedBias] { p.deallocate() }
    }

    /// The last layer's hidden state `[batch, H]`: the output of the latest step.
    public var output: UnsafePointer<T> {
        UnsafePointer(hidden + (stack.configuration.layers - 1) * batch * stack.configuration.hiddenSize)
    }

    /// Sets every state to zero.
    public func reset() {
        hidden.update(repeating: 0, count: stateCount)
        cell.update(repeating: 0, count: stateCount)
    }

    /// Copies states `[L, batch, H]` in, e.g. a workspace's ``RecurrentWorkspace/finalHidden``
    /// after a window, to continue from there. `cell` nil leaves zeros.
    public func load(hidden h: UnsafePointer<T>, cell c: UnsafePointer<T>? = nil) {
        hidden.update(from: h, count: stateCount)
        if let c { cell.update(from: c, count: stateCount) } else { cell.update(repeating: 0, count: stateCount) }
    }

    /// A copy of ``hidden``.
    public func hiddenArray() -> [T] { Array(UnsafeBufferPointer(start: hidden, count: stateCount)) }
}

extension RecurrentStack {
    /// Advances `state` by one input step, in inference mode: the same arithmetic as one step of
    /// ``forward(parameters:input:batch:steps:initialHidden:initialCell:mode:workspace:)``,
    /// without re-running the window.
    /// - Parameter input: `[batch, inputSize]`.
    /// - Throws: ``RecurrentLayerError`` for a state of another stack or a foreign store.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public func step<T: RecurrentScalar>(
        parameters: ParameterStore<T>, input: UnsafePointer<T>, state: RecurrentState<T>
    ) throws {
        try checkStore(parameters)
        guard state.stack == self else { throw RecurrentLayerError.workspaceMismatch }
        let c = configuration, batch = state.batch
        let h = c.hiddenSize, gh = c.cell.gateCount * h
        let values = parameters.storage
        var x = input
        for k in 0..<c.layers {
            let p = directionOffsets[k], inSize = inputSize(ofLayer: k)
            let hk = state.hidden + k * batch * h, ck = state.cell + k * batch * h
            let whh = UnsafePointer(values + p.hiddenWeight)
            gemm(.none, .transposed, m: batch, n: gh, k: inSize, a: x, lda: inSize, b: values + p.inputWeight,
                 ldb: inSize, beta: 0, c: state.gates, ldc: gh)
            switch c.cell {
            case .gru:
                gemm(.none, .transposed, m: batch, n: gh, k: h, a: hk, lda: h, b: whh, ldb: h,
                     beta: 0, c: state.hh, ldc: gh)
                T.gruForward(rows: batch, hidden: h, gates: state.gates, inputBias: values + p.inputBias,
                             hh: state.hh, hiddenBias: values + p.hiddenBias, hiddenPrev: hk, hiddenPrevStride: h,
                             hiddenOut: hk, hiddenStride: h)
            case .lstm, .rnnTanh, .rnnReLU:
                gemm(.none, .transposed, m: batch, n: gh, k: h, a: hk, lda: h, b: whh, ldb: h,
                     beta: 1, c: state.gates, ldc: gh)
                for j in 0..<gh { state.combinedBias[j] = values[p.inputBias + j] + values[p.hiddenBias + j] }
                if c.cell == .lstm {
                    T.lstmForward(rows: batch, hidden: h, gates: state.gates, bias: state.combinedBias,
                                  cellPrev: ck, cell: ck, tanhCell: state.tanhCell, hiddenOut: hk, hiddenStride: h)
                } else {
                    T.rnnForward(rows: batch, hidden: h, relu: c.cell == .rnnReLU, gates: state.gates,
                                 bias: state.combinedBias, hiddenOut: hk, hiddenStride: h)
                }
            }
            x = UnsafePointer(hk)
        }
    }
}
