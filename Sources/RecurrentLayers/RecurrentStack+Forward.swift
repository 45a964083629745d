import MatrixKernels

extension RecurrentStack {
    /// Runs the stack over a window: all layers, both directions, every step.
    ///
    /// Per (layer, direction): one GEMM projects the inputs of all `steps` at once; then each step
    /// does one GEMM `h_{t−1} · W_hhᵀ` and one fused pass of the gate non-linearities. With more
    /// than one thread (``MatrixKernels/ComputeThreads``) the time loops of the two directions and of
    /// disjoint slices of the batch run in parallel (see ``RecurrentExecution``).
    ///
    /// - Parameters:
    ///   - parameters: the store built from the layout this stack registered in.
    ///   - input: `[steps, batch, inputSize]`, time-major. Read again by backward: keep it alive.
    ///   - batch: rows, `1...workspace.batchCapacity`.
    ///   - steps: time steps, `1...workspace.stepCapacity`.
    ///   - initialHidden: `[L·D, batch, H]`, or nil for zeros.
    ///   - initialCell: `[L·D, batch, H]` (LSTM), or nil for zeros.
    ///   - mode: ``ForwardMode/training(dropoutSeed:)`` applies dropout between layers;
    ///     ``ForwardMode/prediction`` keeps no caches for backward (LSTM: a forward-only kernel).
    ///   - workspace: receives outputs and final states, and the caches for backward.
    /// - Throws: ``RecurrentLayerError`` when sizes exceed the workspace or the store is not this
    ///   stack's.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public func forward<T: RecurrentScalar>(
        parameters: ParameterStore<T>, input: UnsafePointer<T>, batch: Int, steps: Int,
        initialHidden: UnsafePointer<T>? = nil, initialCell: UnsafePointer<T>? = nil,
        mode: ForwardMode = .inference, workspace ws: RecurrentWorkspace<T>
    ) throws {
        try checkStore(parameters)
        guard ws.stack == self else { throw RecurrentLayerError.workspaceMismatch }
        guard (1...ws.batchCapacity).contains(batch) else {
            throw RecurrentLayerError.sizeOutOfRange(what: "batch", value: batch, allowed: 1...ws.batchCapacity)
        }
        guard (1...ws.stepCapacity).contains(steps) else {
            throw RecurrentLayerError.sizeOutOfRange(what: "steps", value: steps, allowed: 1...ws.stepCapacity)
        }
        let c = configuration
        let h = c.hiddenSize, stateCount = self.stateCount * batch * h
        ws.batch = batch
        ws.steps = steps
        if let initialHidden { ws.initialHiddenCopy.update(from: initialHidden, count: stateCount) }
        else { ws.initialHiddenCopy.update(repeating: 0, count: stateCount) }
        if let initialCell, c.cell.hasCellState { ws.initialCellCopy.update(from: initialCell, count: stateCount) }
        else { ws.initialCellCopy.update(repeating: 0, count: stateCount) }

        var dropoutSeed: UInt64? = nil, isTraining = false
        if case .training(let seed) = mode {
            isTraining = true
            if c.dropout > 0, c.layers > 1 { dropoutSeed = seed }
        }
        ws.lastPassDropout = dropoutSeed != nil
        ws.lastPassAllowsBackward = mode != .prediction
        ws.lastPassZeroInitialHidden = initialHidden == nil
        let predicts = mode == .prediction && c.cell == .lstm ? ws.fused : nil

        for k in 0..<c.layers {
            var layerInput = input
            if k > 0 {
                layerInput = UnsafePointer(ws.layerOutputs[k - 1])
                if let seed = dropoutSeed {
                    applyDropout(layer: k, seed: seed, batch: batch, steps: steps, workspace: ws)
                    layerInput = UnsafePointer(ws.droppedInputs[k - 1])
                }
            }
            if let predicts {
                predictionLayer(k, values: UnsafeRawPointer(parameters.storage).assumingMemoryBound(to: Float.self),
                                version: parameters.version,
                                input: UnsafeRawPointer(layerInput).assumingMemoryBound(to: Float.self),
                                batch: batch, steps: steps, workspace: predicts)
            } else {
                forwardLayer(k, values: parameters.storage, version: isTraining ? nil : parameters.version,
                             input: layerInput, batch: batch, steps: steps, workspace: ws)
            }
        }
        gatherFinalStates(batch: batch, steps: steps, workspace: ws)
    }

    /// Draws layer `k`'s input mask (inverted dropout: kept values scaled by 1/(1 − p)) serially
    /// from the seed, so masks do not depend on the thread count.
    private func applyDropout<T: RecurrentScalar>(
        layer k: Int, seed: UInt64, batch: Int, steps: Int, workspace ws: RecurrentWorkspace<T>
    ) {
        let n = steps * batch * outputSize
        let p = configuration.dropout, keep = T(1 / (1 - p))
        var rng = SplitMix64(seed: seed &+ UInt64(k) &* 0x2545_F491_4F6C_DD1D)
        let mask = ws.dropoutMasks[k - 1], source = ws.layerOutputs[k - 1], dropped = ws.droppedInputs[k - 1]
        for i in 0..<n {
            let m: T = rng.nextUnit() < p ? 0 : keep
            mask[i] = m
            dropped[i] = source[i] * m
        }
    }

    private func forwardLayer<T: RecurrentScalar>(
        _ k: Int, values: UnsafeMutablePointer<T>, version: UInt64?, input: UnsafePointer<T>, batch: Int, steps: Int,
        workspace ws: RecurrentWorkspace<T>
    ) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, inSize = inputSize(ofLayer: k)
        let fused = ws.fused
        // The fused kernels do the input projection per step when the input is narrow (no
        // [T·B, G·H] pre-activation buffer written and read back); wide inputs use one GEMM.
        let fusesInput = fused != nil && inSize <= RecurrentExecution.fusedInputLimit
        for direction in 0..<d where !fusesInput {
            let ld = k * d + direction, p = directionOffsets[ld]
            // Input projection for all steps at once: gates[T·B, G·H] = X[T·B, I] · W_ihᵀ.
            parallelGEMM(.none, .transposed, m: steps * batch, n: gh, k: inSize,
                 a: input, lda: inSize, b: values + p.inputWeight, ldb: inSize,
                 beta: 0, c: ws.gates[ld], ldc: gh)
        }
        for direction in 0..<d {
            let ld = k * d + direction, p = directionOffsets[ld]
            if c.cell != .gru {
                let bias = ws.combinedBias[ld]
                for j in 0..<gh { bias[j] = values[p.inputBias + j] + values[p.hiddenBias + j] }
            }
        }
        let slices = RecurrentExecution.batchSlices(batch: batch, directions: d)
        let floatValues = UnsafeRawPointer(values).assumingMemoryBound(to: Float.self)
        if let fused { packForward(layer: k, values: floatValues, version: version, workspace: fused) }
        let run = { (piece: Int) in
            let direction = piece % d, slice = slices[piece / d]
            if let fused {
                self.fusedTimeLoop(layer: k, direction: direction, rows: slice, values: floatValues,
                                   input: fusesInput ? UnsafeRawPointer(input).assumingMemoryBound(to: Float.self) : nil,
                                   batch: batch, steps: steps, workspace: fused)
            } else {
                self.timeLoop(layer: k, direction: direction, rows: slice, values: values,
                              batch: batch, steps: steps, workspace: ws)
            }
        }
        let pieces = d * slices.count
        if pieces > 1 && ComputeThreads.count > 1 {
            ComputeThreads.withSingleThreadedBLAS { ComputeThreads.parallelFor(pieces, run) }
        } else {
            for piece in 0..<pieces { run(piece) }
        }
    }

    /// The recurrence of one direction of layer `k` over the batch rows `rows`.
    private func timeLoop<T: RecurrentScalar>(
        layer k: Int, direction: Int, rows: Range<Int>, values: UnsafeMutablePointer<T>,
        batch: Int, steps: Int, workspace ws: RecurrentWorkspace<T>
    ) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, dh = d * h
        let ld = k * d + direction, p = directionOffsets[ld]
        let r0 = rows.lowerBound, n = rows.count
        let whh = UnsafePointer(values + p.hiddenWeight)
        let out = ws.layerOutputs[k]
        for s in 0..<steps {
            let t = direction == 0 ? s : steps - 1 - s
            let tPrev = direction == 0 ? t - 1 : t + 1
            let hPrev: UnsafePointer<T>, hPrevStride: Int
            if s == 0 { hPrev = UnsafePointer(ws.initialHiddenCopy + (ld * batch + r0) * h); hPrevStride = h }
            else { hPrev = UnsafePointer(out + (tPrev * batch + r0) * dh + direction * h); hPrevStride = dh }
            let g = ws.gates[ld] + (t * batch + r0) * gh
            let hOut = out + (t * batch + r0) * dh + direction * h
            switch c.cell {
            case .lstm:
                gemm(.none, .transposed, m: n, n: gh, k: h, a: hPrev, lda: hPrevStride, b: whh, ldb: h,
                     beta: 1, c: g, ldc: gh)
                let cPrev = s == 0 ? ws.initialCellCopy + (ld * batch + r0) * h
                                   : ws.cells[ld] + (tPrev * batch + r0) * h
                T.lstmForward(rows: n, hidden: h, gates: g, bias: ws.combinedBias[ld], cellPrev: cPrev,
                              cell: ws.cells[ld] + (t * batch + r0) * h,
                              tanhCell: ws.tanhCells[ld] + (t * batch + r0) * h,
                              hiddenOut: hOut, hiddenStride: dh)
            case .gru:
                let a = ws.hh[ld] + (t * batch + r0) * gh
                gemm(.none, .transposed, m: n, n: gh, k: h, a: hPrev, lda: hPrevStride, b: whh, ldb: h,
                     beta: 0, c: a, ldc: gh)
                T.gruForward(rows: n, hidden: h, gates: g, inputBias: values + p.inputBias, hh: a,
                             hiddenBias: values + p.hiddenBias, hiddenPrev: hPrev, hiddenPrevStride: hPrevStride,
                             hiddenOut: hOut, hiddenStride: dh)
            case .rnnTanh, .rnnReLU:
                gemm(.none, .transposed, m: n, n: gh, k: h, a: hPrev, lda: hPrevStride, b: whh, ldb: h,
                     beta: 1, c: g, ldc: gh)
                T.rnnForward(rows: n, hidden: h, relu: c.cell == .rnnReLU, gates: g, bias: ws.combinedBias[ld],
                             hiddenOut: hOut, hiddenStride: dh)
            }
        }
    }

    /// Copies h_n (and c_n) out of the per-step buffers: the last step of the forward direction,
    /// the first of the reverse one.
    private func gatherFinalStates<T: RecurrentScalar>(batch: Int, steps: Int, workspace ws: RecurrentWorkspace<T>) {
        let c = configuration, d = directions, h = c.hiddenSize, dh = d * h
        for k in 0..<c.layers {
            for direction in 0..<d {
                let ld = k * d + direction
                let t = direction == 0 ? steps - 1 : 0
                for b in 0..<batch {
                    let dst = ws.finalHiddenBuffer + (ld * batch + b) * h
                    dst.update(from: ws.layerOutputs[k] + (t * batch + b) * dh + direction * h, count: h)
                    let cdst = ws.finalCellBuffer + (ld * batch + b) * h
                    if c.cell.hasCellState { cdst.update(from: ws.cells[ld] + (t * batch + b) * h, count: h) }
                    else { cdst.update(repeating: 0, count: h) }
                }
            }
        }
    }
}
