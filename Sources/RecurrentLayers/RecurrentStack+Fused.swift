import CRecurrentKernels
import MatrixKernels

// The Float time loops on the fused AVX-512 kernels of CRecurrentKernels (see
// RecurrentExecution.usesFusedKernels): per step one C call does h_{t−1} · W_hhᵀ on W_hh packed
// once per pass and applies the gates in registers; backward does the gate pass and dgates · W_hh
// on a second packing. Same equations, buffers and caches as the generic loops in
// RecurrentStack+Forward/+Backward, which remain the path for Double and for CPUs without AVX-512.

extension RecurrentStack {
    /// Packs layer `k`'s `W_ih` and `W_hh` for the forward steps, unless the workspace already
    /// holds a packing of these values: `version` is the store's ``ParameterStore/version``, which
    /// changes with every mutable access to the values (inference calls in a row reuse the
    /// packing). nil (training): the weights change after this pass, so the packing is not kept.
    func packForward(layer k: Int, values: UnsafePointer<Float>, version: UInt64?,
                     workspace ws: RecurrentWorkspace<Float>) {
        let c = configuration, h = c.hiddenSize, g = c.cell.gateCount, inSize = inputSize(ofLayer: k)
        for direction in 0..<directions {
            let ld = k * directions + direction, p = directionOffsets[ld]
            if let version, ws.packedVersion[ld] == version { continue }
            let wih = values + p.inputWeight, whh = values + p.hiddenWeight
            if g == 1 {
                rk_pack(Int32(inSize), Int32(h), wih, Int32(inSize), 1, ws.packedInput[ld])
                rk_pack(Int32(h), Int32(h), whh, Int32(h), 1, ws.packedForward[ld])
            } else {
                rk_pack_gates(Int32(g), Int32(h), Int32(inSize), wih, Int32(inSize), ws.packedInput[ld])
                rk_pack_gates(Int32(g), Int32(h), Int32(h), whh, Int32(h), ws.packedForward[ld])
            }
            ws.packedVersion[ld] = version ?? 0
        }
    }

    /// Packs layer `k`'s `W_hh` [G·H, H] for the backward product dgates · W_hh, and with
    /// `inputWeights` its `W_ih` [G·H, I] for dgates · W_ih (the layer's input gradient).
    func packBackward(layer k: Int, values: UnsafePointer<Float>, inputWeights: Bool, workspace ws: RecurrentWorkspace<Float>) {
        let h = configuration.hiddenSize, gh = configuration.cell.gateCount * h, inSize = inputSize(ofLayer: k)
        for direction in 0..<directions {
            let ld = k * directions + direction, p = directionOffsets[ld]
            rk_pack(Int32(gh), Int32(h), values + p.hiddenWeight, Int32(h), 0, ws.packedBackward[ld])
            if inputWeights {
                rk_pack(Int32(gh), Int32(inSize), values + p.inputWeight, Int32(inSize), 0, ws.packedInputBackward[ld])
            }
        }
    }

    /// The forward recurrence of one direction of layer `k` over batch rows `rows` (Float, fused).
    /// With `input` (the layer's input `[T, B, I]`) the kernels also do the input projection;
    /// without, `gates` already holds it.
    func fusedTimeLoop(layer k: Int, direction: Int, rows: Range<Int>, values: UnsafePointer<Float>,
                       input: UnsafePointer<Float>?, batch: Int, steps: Int, workspace ws: RecurrentWorkspace<Float>) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, dh = d * h
        let ld = k * d + direction, p = directionOffsets[ld]
        let r0 = rows.lowerBound, n = Int32(rows.count), h32 = Int32(h)
        let inSize = inputSize(ofLayer: k), in32 = Int32(inSize)
        let packed = UnsafePointer(ws.packedForward[ld]), packedInput = UnsafePointer(ws.packedInput[ld])
        let out = ws.layerOutputs[k]
        for s in 0..<steps {
            let t = direction == 0 ? s : steps - 1 - s
            let tPrev = direction == 0 ? t - 1 : t + 1
            let hPrev: UnsafePointer<Float>, hPrevStride: Int
            if s == 0 { hPrev = UnsafePointer(ws.initialHiddenCopy + (ld * batch + r0) * h); hPrevStride = h }
            else { hPrev = UnsafePointer(out + (tPrev * batch + r0) * dh + direction * h); hPrevStride = dh }
            let g = ws.gates[ld] + (t * batch + r0) * gh
            let hOut = out + (t * batch + r0) * dh + direction * h
            let x = input.map { $0 + (t * batch + r0) * inSize }
            switch c.cell {
            case .lstm:
                let cPrev = s == 0 ? ws.initialCellCopy + (ld * batch + r0) * h : ws.cells[ld] + (tPrev * batch + r0) * h
                // A zero h0 contributes nothing (each FMA would add ±0): the first step skips it.
                let recurrentInput: UnsafePointer<Float>? = s == 0 && ws.lastPassZeroInitialHidden ? nil : hPrev
                rk_lstm_forward(n, h32, in32, x, in32, packedInput, recurrentInput, Int32(hPrevStride), packed, g, ws.combinedBias[ld], cPrev,
                                ws.cells[ld] + (t * batch + r0) * h, nil,
                                hOut, Int32(dh))
            case .gru:
                rk_gru_forward(n, h32, in32, x, in32, packedInput, hPrev, Int32(hPrevStride), packed, g, values + p.inputBias,
                               values + p.hiddenBias, ws.hh[ld] + (t * batch + r0) * gh, hOut, Int32(dh))
            case .rnnTanh, .rnnReLU:
                rk_rnn_forward(n, h32, c.cell == .rnnReLU ? 1 : 0, in32, x, in32, packedInput, hPrev, Int32(hPrevStride), packed, g,
                               ws.combinedBias[ld], hOut, Int32(dh))
            }
        }
    }

    /// The backward sweep of one direction of layer `k` over batch rows `rows` (Float, fused):
    /// the same gradients and truncation rule as the generic backwardTimeLoop. With
    /// `inputGradient` (`[T, B, I]`, W_ih packed by ``packBackward(layer:values:inputWeights:workspace:)``)
    /// each step also writes this direction's `dX_t = dgates_t · W_ih` while dgates_t is in L1,
    /// instead of one GEMM over all steps that reads the gate gradients back from memory.
    func fusedBackwardTimeLoop(layer k: Int, direction: Int, rows: Range<Int>, outputGradient: UnsafePointer<Float>?,
                               inputGradient: UnsafeMutablePointer<Float>?,
                               truncation: Int?, initialStateGradients: Bool = true, batch: Int, steps: Int,
                               workspace ws: RecurrentWorkspace<Float>) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, dh = d * h
        let ld = k * d + direction
        let inSize = inputSize(ofLayer: k), packedInput = UnsafePointer(ws.packedInputBackward[ld])
        let r0 = rows.lowerBound, n = Int32(rows.count), h32 = Int32(h)
        let packed = UnsafePointer(ws.packedBackward[ld])
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
                rk_lstm_backward(n, h32, g, cPrev, ws.cells[ld] + row * h, dOut, Int32(dh), dhCarry, dcCarry, dG)
            case .gru:
                let hPrev: UnsafePointer<Float>, hPrevStride: Int
                if s == 0 { hPrev = UnsafePointer(ws.initialHiddenCopy + (ld * batch + r0) * h); hPrevStride = h }
                else { hPrev = UnsafePointer(out + (tPrev * batch + r0) * dh + direction * h); hPrevStride = dh }
                let dHH = ws.hhGradients[direction] + row * gh
                rk_gru_backward(n, h32, g, ws.hh[ld] + row * gh, hPrev, Int32(hPrevStride), dOut, Int32(dh),
                                dhCarry, dG, dHH)
                recurrentGradient = UnsafePointer(dHH)
            case .rnnTanh, .rnnReLU:
                rk_rnn_backward(n, h32, c.cell == .rnnReLU ? 1 : 0, g, dOut, Int32(dh), dhCarry, dG)
            }
            if let inputGradient {
                rk_gemm_packed(n, Int32(inSize), Int32(gh), dG, Int32(gh), packedInput, inputGradient + row * inSize,
                               Int32(inSize), 0)
            }
            // The first processed step's product only feeds the gradient of h0.
            if s == 0 && !initialStateGradients { continue }
            if s > 0, let truncation, (steps - s) % truncation == 0 {
                dhCarry.update(repeating: 0, count: rows.count * h)
                dcCarry.update(repeating: 0, count: rows.count * h)
                continue
            }
            // dh_prev (+)= dgates · W_hh (GRU: added to the direct term dh ⊙ z). Meanwhile the
            // next step's caches are prefetched: the forward wrote them long ago (6 MB of gates for
            // LSTM 128 × 64 rows × 48 steps), so they are in L3 or memory, and the gate pass that
            // follows would otherwise wait for them.
            let next = tPrev * batch + r0
            let gateBytes = rows.count * gh * MemoryLayout<Float>.stride, stateBytes = rows.count * h * MemoryLayout<Float>.stride
            let nextGates = UnsafeRawPointer(ws.gates[ld] + next * gh), nextGradients = UnsafeRawPointer(ws.gateGradients[direction] + next * gh)
            switch c.cell {
            case .lstm:
                let nextCell = UnsafeRawPointer(ws.cells[ld] + next * h)
                let nextCellPrev: UnsafeRawPointer? = s > 1 ? UnsafeRawPointer(ws.cells[ld] + ((direction == 0 ? tPrev - 1 : tPrev + 1) * batch + r0) * h) : nil
                rk_gemm_packed_prefetch(n, h32, Int32(gh), recurrentGradient, Int32(gh), packed, dhCarry, h32, 0,
                                        nextGates, gateBytes, nextGradients, gateBytes, nextCell, stateBytes, nextCellPrev, stateBytes)
            case .gru:
                let nextHH = UnsafeRawPointer(ws.hh[ld] + next * gh), nextHHGradients = UnsafeRawPointer(ws.hhGradients[direction] + next * gh)
                rk_gemm_packed_prefetch(n, h32, Int32(gh), recurrentGradient, Int32(gh), packed, dhCarry, h32, 1,
                                        nextGates, gateBytes, nextGradients, gateBytes, nextHH, gateBytes, nextHHGradients, gateBytes)
            case .rnnTanh, .rnnReLU:
                rk_gemm_packed_prefetch(n, h32, Int32(gh), recurrentGradient, Int32(gh), packed, dhCarry, h32, 0,
                                        nextGates, gateBytes, nextGradients, gateBytes, nil, 0, nil, 0)
            }
        }
    }

    /// The weight and bias gradients of layer `k` after its backward sweeps (Float, fused): per
    /// direction `dW_hh += dHHᵀ · H_prev` (h0 for the first processed step) and `dW_ih += dGᵀ · X`
    /// by `rk_weight_gradient`, which reads the gate gradients in place and takes the bias column
    /// sums from the same reads. The rows of the weights (gate units) are cut into fixed pieces,
    /// one per thread; every element is one in-order sum over all `T·B` rows whatever the cut, so
    /// these gradients have the same bits at every thread count.
    func fusedWeightGradients(layer k: Int, input: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                              batch: Int, steps: Int, workspace ws: RecurrentWorkspace<Float>) {
        let c = configuration, d = directions, h = c.hiddenSize, gh = c.cell.gateCount * h, dh = d * h
        let inSize = inputSize(ofLayer: k), gru = c.cell == .gru
        let groups = (gh + 15) / 16
        let rowPieces = max(1, min(groups, ComputeThreads.count / d))
        let run = { (piece: Int) in
            let direction = piece % d, part = piece / d
            let i0 = min(gh, groups * part / rowPieces * 16), i1 = min(gh, groups * (part + 1) / rowPieces * 16)
            guard i1 > i0 else { return }
            let ld = k * d + direction, p = self.directionOffsets[ld], m = Int32(i1 - i0)
            let dG = UnsafePointer(ws.gateGradients[direction])
            let dHH = gru ? UnsafePointer(ws.hhGradients[direction]) : dG
            // LSTM and RNN: both biases receive the same sums, gathered once in the scratch.
            let scratch = ws.biasGradientScratch + direction * gh
            if !gru { (scratch + i0).update(repeating: 0, count: i1 - i0) }
            let hiddenSums = gru ? gradients + p.hiddenBias : scratch
            let dWhh = gradients + p.hiddenWeight + i0 * h
            let out = UnsafePointer(ws.layerOutputs[k]) + direction * h
            let h0 = UnsafePointer(ws.initialHiddenCopy) + ld * batch * h
            let firstT = direction == 0 ? 0 : steps - 1
            let x1 = direction == 0 ? input + batch * inSize : input, x0 = input + firstT * batch * inSize
            let dWih = gradients + p.inputWeight + i0 * inSize
            if gru {
                // The input side has its own gradients (dG ≠ dHH): a separate product over all rows.
                rk_weight_gradient(m, Int32(inSize), Int32(steps * batch), dG + i0, Int32(gh), input, Int32(inSize),
                                   dWih, Int32(inSize), gradients + p.inputBias + i0)
            }
            // dW_hh (and, for LSTM/RNN, dW_ih on the same rows of dG) over the steps after the
            // first processed one, then over the first with h0.
            let n2 = gru ? 0 : Int32(inSize)
            if steps > 1 {
                let a = direction == 0 ? dHH + batch * gh : dHH, b = direction == 0 ? out : out + batch * dh
                rk_weight_gradient_pair(m, Int32((steps - 1) * batch), a + i0, Int32(gh), Int32(h), b, Int32(dh), dWhh, Int32(h),
                                        n2, x1, Int32(inSize), dWih, Int32(inSize), hiddenSums + i0)
            }
            // With a zero h0 the first step adds nothing to dW_hh (n = 0: only the bias sums and
            // the narrow dW_ih, from the same reads and in the same order as with it).
            let firstColumns = ws.lastPassZeroInitialHidden && !gru && inSize <= 4 ? 0 : Int32(h)
            rk_weight_gradient_pair(m, Int32(batch), dHH + firstT * batch * gh + i0, Int32(gh), firstColumns, h0, Int32(h), dWhh,
                                    Int32(h), n2, x0, Int32(inSize), dWih, Int32(inSize), hiddenSums + i0)
            if !gru {
                for j in i0..<i1 {
                    gradients[p.inputBias + j] += scratch[j]
                    gradients[p.hiddenBias + j] += scratch[j]
                }
            }
        }
        let pieces = d * rowPieces
        if pieces > 1 && ComputeThreads.count > 1 { ComputeThreads.parallelFor(pieces, run) }
        else { for piece in 0..<pieces { run(piece) } }
    }
}
