import CRecurrentKernels
import MatrixKernels

// The forward-only LSTM path of ``ForwardMode/prediction`` (Float on AVX-512): one C call per
// (layer, direction, batch slice) runs the whole time loop (`rk_lstm_infer`, LSTMInference.c),
// keeping only h (written to the layer's output) and the running cell state — no activated gates,
// cell history or tanh(c) for backward. Each unit's arithmetic is the training kernel's, so the
// outputs equal the `.inference`/`.training` forward to the bit (tested). Three choices, measured
// in docs/benchmarks.md ("Batch-1 LSTM inference"):
// - odd steps read the weight panels in reverse block order, so the panels read last are still
//   in L1 when the next step starts (at batch 1 every step streams all of W_hh);
// - at small batches, a layer with a wide input (layer ≥ 1) computes bias + x·W_ihᵀ for all steps
//   first (W_ih read once per pass instead of once per step);
// - when the batch gives fewer pieces than threads, the hidden units are split across threads
//   that meet after every step (each core keeps its half of W_hh in its own L1/L2); a thread
//   that is late with its share has it computed by another (InferenceTeam.c).

extension RecurrentExecution {
    /// The widest input whose projection a ``ForwardMode/prediction`` LSTM pass computes inside
    /// each step; wider inputs (layers ≥ 1) are projected for all steps before the time loop when
    /// a batch slice has fewer than 4 rows (one-row steps reread W_ih every step otherwise).
    nonisolated(unsafe) public static var predictionInputStepLimit = 16
    /// The smallest hidden size whose ``ForwardMode/prediction`` LSTM steps are split across
    /// threads by units when the batch alone cannot use them (batch 1): a step must be long
    /// enough to pay for the per-step meeting of the threads. Measured with both threads on
    /// cores: H 128 1.5× faster split, H 64 ≈ 5% (docs/benchmarks.md).
    nonisolated(unsafe) public static var predictionUnitSplitMinimumHidden = 128
    /// For tests: split every pass that may be split by units, even when the helper threads are
    /// idle or still finishing an earlier pass (normally such passes run alone; the results are
    /// the same bits either way).
    public static var predictionAlwaysSplits: Bool {
        get { predictionAlwaysSplitsValue }
        set { predictionAlwaysSplitsValue = newValue; rk_team_set_always_split(newValue ? 1 : 0) }
    }
    nonisolated(unsafe) private static var predictionAlwaysSplitsValue = false
}

extension RecurrentStack {
    /// Layer `k` of a ``ForwardMode/prediction`` pass (LSTM, Float, fused kernels available).
    func predictionLayer(_ k: Int, values: UnsafePointer<Float>, version: UInt64, input: UnsafePointer<Float>,
                         batch: Int, steps: Int, workspace ws: RecurrentWorkspace<Float>) {
        let c = configuration
        let d = directions, h = c.hiddenSize, gh = 4 * h, dh = d * h, inSize = inputSize(ofLayer: k)
        for direction in 0..<d {
            let ld = k * d + direction, p = directionOffsets[ld]
            let bias = ws.combinedBias[ld]
            for j in 0..<gh { bias[j] = values[p.inputBias + j] + values[p.hiddenBias + j] }
        }
        packForward(layer: k, values: values, version: version, workspace: ws)
        let slices = RecurrentExecution.batchSlices(batch: batch, directions: d)
        let pieces = d * slices.count, threads = ComputeThreads.count
        // Threads the batch cannot use split the units of each step instead.
        let workers = pieces == 1 && threads > 1 && h >= RecurrentExecution.predictionUnitSplitMinimumHidden ? threads : 1
        let out = ws.layerOutputs[k]
        let run = { (piece: Int) in
            let direction = piece % d, rows = slices[piece / d]
            let ld = k * d + direction, r0 = rows.lowerBound, n = rows.count
            let tLast = direction == 0 ? steps - 1 : 0
            // The running cell state lives where gatherFinalStates reads c_n.
            let cell = ws.cells[ld] + (tLast * batch + r0) * h
            let precomputes = n < 4 && inSize > RecurrentExecution.predictionInputStepLimit
            var args = rk_lstm_infer_args(
                steps: Int32(steps), rows: Int32(n), hidden: Int32(h), inSize: Int32(inSize),
                reverse: Int32(direction), alternatesBlocks: 1,
                x: input + r0 * inSize, xStepStride: batch * inSize, xRowStride: Int32(inSize),
                packedInput: UnsafePointer(ws.packedInput[ld]),
                pre: precomputes ? ws.gates[ld] + r0 * steps * gh : nil,
                h0: UnsafePointer(ws.initialHiddenCopy + (ld * batch + r0) * h),
                out: out + r0 * dh + direction * h, outStepStride: batch * dh, outRowStride: Int32(dh),
                packed: UnsafePointer(ws.packedForward[ld]), bias: UnsafePointer(ws.combinedBias[ld]),
                cell0: UnsafePointer(ws.initialCellCopy + (ld * batch + r0) * h), cell: cell)
            _ = rk_lstm_infer(&args, Int32(workers))
        }
        if pieces > 1 && threads > 1 {
            ComputeThreads.parallelFor(pieces, run)
        } else {
            for piece in 0..<pieces { run(piece) }
        }
    }
}
