import MatrixKernels

extension RecurrentStack {
    /// Backpropagation through time for the last forward pass in `workspace`, full or truncated.
    ///
    /// Adds the gradients of every weight and bias to `parameters.gradients` (it accumulates:
    /// zero them first with ``ParameterStore/zeroGradients()``), and leaves the gradients of the
    /// input and the initial states in the workspace. Per (layer, direction): one sweep backward
    /// in time (one fused pass and one GEMM `dgates · W_hh` per step), then the weight gradients
    /// as one GEMM over all steps.
    ///
    /// - Parameters:
    ///   - parameters: the store of the forward pass.
    ///   - input: the forward pass's input `[steps, batch, inputSize]`.
    ///   - outputGradient: dLoss/d(outputs) `[steps, batch, D·H]`, or nil when only final states feed the loss.
    ///   - finalHiddenGradient: dLoss/d(h_n) `[L·D, batch, H]`, or nil.
    ///   - finalCellGradient: dLoss/d(c_n) `[L·D, batch, H]` (LSTM), or nil.
    ///   - truncation: `k` for truncated BPTT: the gradient is not carried from step `s` back to
    ///     step `s − 1` (in each direction's processing order) where `(steps − s)` is a multiple
    ///     of `k`, i.e. the window is cut into chunks of `k` steps aligned at its end, as if the
    ///     state were detached at each chunk boundary. nil (or `k ≥ steps`) is full BPTT.
    ///   - computeInputGradient: whether to compute ``RecurrentWorkspace/inputGradient`` (skip the
    ///     GEMM when the input is data).
    ///   - computeInitialStateGradients: whether ``RecurrentWorkspace/initialHiddenGradient`` and
    ///     ``RecurrentWorkspace/initialCellGradient`` are needed. When false, the fused path skips
    ///     the first step's product `dgates · W_hh` (which only feeds them) and their contents are
    ///     unspecified; the parameter gradients are the same bits either way.
    ///   - workspace: the workspace of the forward pass.
    /// - Throws: ``RecurrentLayerError`` for a workspace without a forward pass or a foreign store.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public func backward<T: RecurrentScalar>(
        parameters: ParameterStore<T>, input: UnsafePointer<T>, outputGradient: UnsafePointer<T>?,
        finalHiddenGradient: UnsafePointer<T>? = nil, finalCellGradient: UnsafePointer<T>? = nil,
        truncation: Int? = nil, computeInputGradient: Bool = true, computeInitialStateGradients: Bool = true,
        workspace ws: RecurrentWorkspace<T>
    ) throws {
        try checkStore(parameters)
        guard ws.stack == self else { throw RecurrentLayerError.workspaceMismatch }
        guard ws.batch > 0, ws.steps > 0, ws.lastPassAllowsBackward else { throw RecurrentLayerError.backwardWithoutForward }
        if let truncation, truncation < 1 {
            throw RecurrentLayerError.invalidConfiguration(field: "truncation", value: "\(truncation)", expected: "at least 1 step")
        }
        let c = configuration, batch = ws.batch, steps = ws.steps
        let dh = outputSize
        var dOut = outputGradient
        for k in stride(from: c.layers - 1, through: 0, by: -1) {
            let layerInput: UnsafePointer<T>
            if k == 0 { layerInput = input }
            else if ws.lastPassDropout { layerInput = UnsafePointer(ws.droppedInputs[k - 1]) }
            else { layerInput = UnsafePointer(ws.layerOutputs[k - 1]) }
            let dInput: UnsafeMutablePointer<T>? =
                k > 0 ? ws.layerGradients[k % 2] : (computeInputGradient ? ws.inputGradientBuffer : nil)
            backwardLayer(k, parameters: parameters, input: layerInput, outputGradient: dOut,
                          finalHiddenGradient: finalHiddenGradient, finalCellGradient: finalCellGradient,
                          truncation: truncation, initialStateGradients: computeInitialStateGradients,
                          inputGradient: dInput, batch: batch, steps: steps, workspace: ws)
            if k > 0, let dInput {
                if ws.lastPassDropout {
                    T.multiply(dInput, ws.dropoutMasks[k - 1], into: dInput, count: steps * batch * dh)
                }
                dOut = UnsafePointer(dInput)
            }
        }
    }

    private func backwardLayer<T: RecurrentScalar>(
        _ k: Int, parameters store: ParameterStore<T>, input: UnsafePointer<T>, outputGradient: UnsafePointer<T>?,
        finalHiddenGradient: UnsafePointer<T>?, finalCellGradient: UnsafePointer<T>?, truncation: Int?,
        initialStateGradients: Bool, inputGradient: UnsafeMutablePointer<T>?, batch: Int, steps: Int,
        workspace ws: RecurrentWorkspace<T>
    ) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, dh = d * h
        let inSize = inputSize(ofLayer: k)
        let values = store.storage, grads = store.gradients
        let slices = RecurrentExecution.batchSlices(batch: batch, directions: d)
        let fused = ws.fused
        if let fused {
            packBackward(layer: k, values: UnsafeRawPointer(values).assumingMemoryBound(to: Float.self),
                         inputWeights: inputGradient != nil, workspace: fused)
        }
        let run = { (piece: Int) in
            let direction = piece % d, rows = slices[piece / d]
            let ld = k * d + direction
            let r0 = rows.lowerBound, n = rows.count
            let dhCarry = ws.hiddenCarry[direction] + r0 * h, dcCarry = ws.cellCarry[direction] + r0 * h
            if let finalHiddenGradient { dhCarry.update(from: finalHiddenGradient + (ld * batch + r0) * h, count: n * h) }
            else { dhCarry.update(repeating: 0, count: n * h) }
            if let finalCellGradient, c.cell.hasCellState {
                dcCarry.update(from: finalCellGradient + (ld * batch + r0) * h, count: n * h)
            } else { dcCarry.update(repeating: 0, count: n * h) }
            if let fused {
                // The reverse direction's share of the input gradient goes to its own buffer
                // (both directions run at once), added to the forward one's below.
                var dX: UnsafeMutablePointer<Float>? = nil
                if let inputGradient {
                    dX = direction == 0 ? UnsafeMutableRawPointer(inputGradient).assumingMemoryBound(to: Float.self)
                                        : fused.reverseInputGradient
                }
                self.fusedBackwardTimeLoop(
                    layer: k, direction: direction, rows: rows,
                    outputGradient: outputGradient.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) },
                    inputGradient: dX,
                    truncation: truncation, initialStateGradients: initialStateGradients, batch: batch, steps: steps,
                    workspace: fused)
            } else {
                self.backwardTimeLoop(layer: k, direction: direction, rows: rows, values: values,
                                      outputGradient: outputGradient, truncation: truncation,
                                      batch: batch, steps: steps, workspace: ws)
            }
            ws.initialHiddenGradientBuffer.advanced(by: (ld * batch + r0) * h).update(from: dhCarry, count: n * h)
            ws.initialCellGradientBuffer.advanced(by: (ld * batch + r0) * h).update(from: dcCarry, count: n * h)
        }
        let pieces = d * slices.count
        if pieces > 1 && ComputeThreads.count > 1 {
            ComputeThreads.withSingleThreadedBLAS { ComputeThreads.parallelFor(pieces, run) }
        } else {
            for piece in 0..<pieces { run(piece) }
        }

        // Weight and bias gradients, one product each over all steps: the fused path's own kernel
        // (RecurrentStack+Fused), else BLAS and column sums. Then the input gradient: on the fused
        // path the time loops wrote it (the reverse direction's share is added here), else BLAS.
        if let fused {
            fusedWeightGradients(layer: k, input: UnsafeRawPointer(input).assumingMemoryBound(to: Float.self),
                                 gradients: UnsafeMutableRawPointer(grads).assumingMemoryBound(to: Float.self),
                                 batch: batch, steps: steps, workspace: fused)
        }
        let rowsAll = steps * batch
        if let fused, d == 2, let inputGradient {
            let dX = UnsafeMutableRawPointer(inputGradient).assumingMemoryBound(to: Float.self)
            let reverse = fused.reverseInputGradient
            for i in 0..<rowsAll * inSize { dX[i] += reverse[i] }
        }
        for direction in 0..<d {
            let ld = k * d + direction, p = directionOffsets[ld]
            let dG = UnsafePointer(ws.gateGradients[direction])
            if fused == nil {
                let dHH = c.cell == .gru ? UnsafePointer(ws.hhGradients[direction]) : dG
                // dW_ih += dGᵀ[G·H, T·B] · X[T·B, I]
                parallelGEMM(.transposed, .none, m: gh, n: inSize, k: rowsAll, a: dG, lda: gh, b: input, ldb: inSize,
                     beta: 1, c: grads + p.inputWeight, ldc: inSize)
                T.addColumnSums(rows: rowsAll, columns: gh, dG, ld: gh, into: grads + p.inputBias)
                T.addColumnSums(rows: rowsAll, columns: gh, dHH, ld: gh, into: grads + p.hiddenBias)
                // dW_hh += dHHᵀ · H_prev, where H_prev at step t is h_{t∓1} (a strided view of the
                // layer's outputs) except the first processed step, whose previous state is h0.
                let out = UnsafePointer(ws.layerOutputs[k]) + direction * h
                let h0 = UnsafePointer(ws.initialHiddenCopy) + ld * batch * h
                let firstT = direction == 0 ? 0 : steps - 1
                if steps > 1 {
                    let a = direction == 0 ? dHH + batch * gh : dHH
                    let b = direction == 0 ? out : out + batch * dh
                    parallelGEMM(.transposed, .none, m: gh, n: h, k: (steps - 1) * batch, a: a, lda: gh, b: b, ldb: dh,
                         beta: 1, c: grads + p.hiddenWeight, ldc: h)
                }
                gemm(.transposed, .none, m: gh, n: h, k: batch, a: dHH + firstT * batch * gh, lda: gh, b: h0, ldb: h,
                     beta: 1, c: grads + p.hiddenWeight, ldc: h)
            }
            if fused == nil, let inputGradient {
                // dX[T·B, I] (+)= dG · W_ih
                parallelGEMM(.none, .none, m: rowsAll, n: inSize, k: gh, a: dG, lda: gh, b: values + p.inputWeight,
                     ldb: inSize, beta: direction == 0 ? 0 : 1, c: inputGradient, ldc: inSize)
            }
        }
    }

    private func backwardTimeLoop<T: RecurrentScalar>(
        layer k: Int, direction: Int, rows: Range<Int>, values: UnsafeMutablePointer<T>,
        outputGradient: UnsafePointer<T>?, truncation: Int?, batch: Int, steps: Int,
        workspace ws: RecurrentWorkspace<T>
    ) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, dh = d * h
        let ld = k * d + direction, p = directionOffsets[ld]
        let r0 = rows.lowerBound, n = rows.count
        let whh = UnsafePointer(values + p.hiddenWeight)
        let out = ws.layerOutputs[k]
        let dhCarry = ws.hiddenCarry[direction] + r0 * h, dcCarry = ws.cellCarry[direction] + r0 * h
        for s in stride(from: steps - 1, through: 0, by: -1) {
            let t = direction == 0 ? s : steps - 1 - s
            let tPrev = direction == 0 ? t - 1 : t + 1
            let row = t * batch + r0
            let dOut = outputGradient.map { $0 + row * dh + direction * h }
            let dG = ws.gateGradients[direction] + row * gh
            let g = UnsafePointer(ws.gates[ld] + row * gh)
            var recurrentGradient = UnsafePointer(dG)
            switch c.cell {
            case .lstm:
                let cPrev = s == 0 ? ws.initialCellCopy + (ld * batch + r0) * h : ws.cells[ld] + (tPrev * batch + r0) * h
                T.lstmBackward(rows: n, hidden: h, gates: g, cellPrev: cPrev, tanhCell: ws.tanhCells[ld] + row * h,
                               outputGradient: dOut, outputStride: dh, hiddenGradient: dhCarry,
                               cellGradient: dcCarry, gateGradient: dG)
            case .gru:
                let hPrev: UnsafePointer<T>, hPrevStride: Int
                if s == 0 { hPrev = UnsafePointer(ws.initialHiddenCopy + (ld * batch + r0) * h); hPrevStride = h }
                else { hPrev = UnsafePointer(out + (tPrev * batch + r0) * dh + direction * h); hPrevStride = dh }
                let dHH = ws.hhGradients[direction] + row * gh
                T.gruBackward(rows: n, hidden: h, gates: g, hh: ws.hh[ld] + row * gh, hiddenPrev: hPrev,
                              hiddenPrevStride: hPrevStride, outputGradient: dOut, outputStride: dh,
                              hiddenGradient: dhCarry, gateGradient: dG, hhGradient: dHH)
                recurrentGradient = UnsafePointer(dHH)
            case .rnnTanh, .rnnReLU:
                T.rnnBackward(rows: n, hidden: h, relu: c.cell == .rnnReLU, gates: g, outputGradient: dOut,
                              outputStride: dh, hiddenGradient: dhCarry, gateGradient: dG)
            }
            if s > 0, let truncation, (steps - s) % truncation == 0 {
                dhCarry.update(repeating: 0, count: n * h)
                dcCarry.update(repeating: 0, count: n * h)
                continue
            }
            // dh_{prev} (+)= dgates · W_hh  (GRU: added to the direct term dh ⊙ z)
            gemm(.none, .none, m: n, n: h, k: gh, a: recurrentGradient, lda: gh, b: whh, ldb: h,
                 beta: c.cell == .gru ? 1 : 0, c: dhCarry, ldc: h)
        }
    }
}
