import MatrixKernels

// Fused per-step gate kernels: one pass over a step's rows applies the non-linearities, updates
// the states and writes the cached values backward needs. Written once, generically, and
// specialised for Float and Double through `RecurrentScalar` below, so generic layer code makes
// one dynamic call per step, never per element.
//
// Legend: rows = batch rows of the step; H = hidden size; strides are in elements.
// `gates` rows hold the gate pre-activations on entry and the activated gates on exit.

@inline(__always)
func lstmForwardRows<T: BLASScalar>(
    rows: Int, hidden h: Int, gates: UnsafeMutablePointer<T>, bias: UnsafePointer<T>,
    cellPrev: UnsafePointer<T>, cell: UnsafeMutablePointer<T>, tanhCell: UnsafeMutablePointer<T>,
    hiddenOut: UnsafeMutablePointer<T>, hiddenStride: Int
) {
    for b in 0..<rows {
        let g = gates + b * 4 * h
        let cp = cellPrev + b * h, c = cell + b * h, tc = tanhCell + b * h
        let ho = hiddenOut + b * hiddenStride
        for j in 0..<h {
            let i = sigmoid(g[j] + bias[j]), f = sigmoid(g[h + j] + bias[h + j])
            let gg = tanhActivation(g[2 * h + j] + bias[2 * h + j])
            let o = sigmoid(g[3 * h + j] + bias[3 * h + j])
            g[j] = i; g[h + j] = f; g[2 * h + j] = gg; g[3 * h + j] = o
            let cNew = f * cp[j] + i * gg
            let t = tanhActivation(cNew)
            c[j] = cNew; tc[j] = t
            ho[j] = o * t
        }
    }
}

/// `dh` = carried gradient + `outputGradient` (if any); `dc` is the carried cell gradient on entry
/// and the gradient for the previous cell state on exit.
@inline(__always)
func lstmBackwardRows<T: BLASScalar>(
    rows: Int, hidden h: Int, gates: UnsafePointer<T>, cellPrev: UnsafePointer<T>,
    tanhCell: UnsafePointer<T>, outputGradient: UnsafePointer<T>?, outputStride: Int,
    hiddenGradient: UnsafePointer<T>, cellGradient: UnsafeMutablePointer<T>,
    gateGradient: UnsafeMutablePointer<T>
) {
    for b in 0..<rows {
        let g = gates + b * 4 * h, cp = cellPrev + b * h, tc = tanhCell + b * h
        let dh = hiddenGradient + b * h, dc = cellGradient + b * h
        let dg = gateGradient + b * 4 * h
        let dOut = outputGradient.map { $0 + b * outputStride }
        for j in 0..<h {
            let i = g[j], f = g[h + j], gg = g[2 * h + j], o = g[3 * h + j], t = tc[j]
            var dhj = dh[j]
            if let dOut { dhj += dOut[j] }
            let dcj = dc[j] + dhj * o * (1 - t * t)
            dg[j] = dcj * gg * i * (1 - i)
            dg[h + j] = dcj * cp[j] * f * (1 - f)
            dg[2 * h + j] = dcj * i * (1 - gg * gg)
            dg[3 * h + j] = dhj * t * o * (1 - o)
            dc[j] = dcj * f
        }
    }
}

/// `hh` holds `W_hh h` for the step (all three blocks); on exit its n block holds
/// `W_hn h + b_hn`, which backward needs.
@inline(__always)
func gruForwardRows<T: BLASScalar>(
    rows: Int, hidden h: Int, gates: UnsafeMutablePointer<T>, inputBias: UnsafePointer<T>,
    hh: UnsafeMutablePointer<T>, hiddenBias: UnsafePointer<T>,
    hiddenPrev: UnsafePointer<T>, hiddenPrevStride: Int,
    hiddenOut: UnsafeMutablePointer<T>, hiddenStride: Int
) {
    for b in 0..<rows {
        let g = gates + b * 3 * h, a = hh + b * 3 * h
        let hp = hiddenPrev + b * hiddenPrevStride, ho = hiddenOut + b * hiddenStride
        for j in 0..<h {
            let r = sigmoid(g[j] + inputBias[j] + a[j] + hiddenBias[j])
            let z = sigmoid(g[h + j] + inputBias[h + j] + a[h + j] + hiddenBias[h + j])
            let hn = a[2 * h + j] + hiddenBias[2 * h + j]
            a[2 * h + j] = hn
            let n = tanhActivation(g[2 * h + j] + inputBias[2 * h + j] + r * hn)
            g[j] = r; g[h + j] = z; g[2 * h + j] = n
            ho[j] = (1 - z) * n + z * hp[j]
        }
    }
}

/// On exit `hiddenGradient` holds the direct term `dh ⊙ z` for the previous hidden state (the
/// recurrent GEMM then adds `dHH · W_hh`); `gateGradient` is d(pre-activation) of the input
/// projection, `hhGradient` that of `W_hh h + b_hh` (differs in the n block by the factor r).
@inline(__always)
func gruBackwardRows<T: BLASScalar>(
    rows: Int, hidden h: Int, gates: UnsafePointer<T>, hh: UnsafePointer<T>,
    hiddenPrev: UnsafePointer<T>, hiddenPrevStride: Int,
    outputGradient: UnsafePointer<T>?, outputStride: Int,
    hiddenGradient: UnsafeMutablePointer<T>,
    gateGradient: UnsafeMutablePointer<T>, hhGradient: UnsafeMutablePointer<T>
) {
    for b in 0..<rows {
        let g = gates + b * 3 * h, a = hh + b * 3 * h, hp = hiddenPrev + b * hiddenPrevStride
        let dh = hiddenGradient + b * h
        let dg = gateGradient + b * 3 * h, dhh = hhGradient + b * 3 * h
        let dOut = outputGradient.map { $0 + b * outputStride }
        for j in 0..<h {
            let r = g[j], z = g[h + j], n = g[2 * h + j]
            var dhj = dh[j]
            if let dOut { dhj += dOut[j] }
            let dn = dhj * (1 - z) * (1 - n * n)
            let dz = dhj * (hp[j] - n) * z * (1 - z)
            let dr = dn * a[2 * h + j] * r * (1 - r)
            dg[j] = dr; dg[h + j] = dz; dg[2 * h + j] = dn
            dhh[j] = dr; dhh[h + j] = dz; dhh[2 * h + j] = dn * r
            dh[j] = dhj * z
        }
    }
}

@inline(__always)
func rnnForwardRows<T: BLASScalar>(
    rows: Int, hidden h: Int, relu useReLU: Bool, gates: UnsafeMutablePointer<T>, bias: UnsafePointer<T>,
    hiddenOut: UnsafeMutablePointer<T>, hiddenStride: Int
) {
    for b in 0..<rows {
        let g = gates + b * h, ho = hiddenOut + b * hiddenStride
        if useReLU {
            for j in 0..<h { let y = relu(g[j] + bias[j]); g[j] = y; ho[j] = y }
        } else {
            for j in 0..<h { let y = tanhActivation(g[j] + bias[j]); g[j] = y; ho[j] = y }
        }
    }
}

@inline(__always)
func rnnBackwardRows<T: BLASScalar>(
    rows: Int, hidden h: Int, relu useReLU: Bool, gates: UnsafePointer<T>,
    outputGradient: UnsafePointer<T>?, outputStride: Int,
    hiddenGradient: UnsafePointer<T>, gateGradient: UnsafeMutablePointer<T>
) {
    for b in 0..<rows {
        let y = gates + b * h, dh = hiddenGradient + b * h, dg = gateGradient + b * h
        let dOut = outputGradient.map { $0 + b * outputStride }
        for j in 0..<h {
            var dhj = dh[j]
            if let dOut { dhj += dOut[j] }
            dg[j] = useReLU ? (y[j] > 0 ? dhj : 0) : dhj * (1 - y[j] * y[j])
        }
    }
}
