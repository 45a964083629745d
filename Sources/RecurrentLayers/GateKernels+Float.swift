import MatrixKernels

// Float versions of GateKernels.swift, eight hidden units at a time with the vectorised
// activations of MatrixKernels. Same equations, same arguments; Double keeps the scalar libm
// kernels (it serves gradient checks, where accuracy matters more than speed).

private typealias V = FloatVector

@inline(__always)
private func lanes(_ h: Int, _ body: (Int, Int) -> Void) {
    var j = 0
    while j < h {
        body(j, min(8, h - j))
        j += 8
    }
}

enum FloatGateKernels {
    static func lstmForward(
        rows: Int, hidden h: Int, gates: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
        cellPrev: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>, tanhCell: UnsafeMutablePointer<Float>,
        hiddenOut: UnsafeMutablePointer<Float>, hiddenStride: Int
    ) {
        for b in 0..<rows {
            let g = gates + b * 4 * h, cp = cellPrev + b * h, c = cell + b * h, tc = tanhCell + b * h
            let ho = hiddenOut + b * hiddenStride
            lanes(h) { j, n in
                let i = fastSigmoid(loadVector(g + j, n) + loadVector(bias + j, n))
                let f = fastSigmoid(loadVector(g + h + j, n) + loadVector(bias + h + j, n))
                let gg = fastTanh(loadVector(g + 2 * h + j, n) + loadVector(bias + 2 * h + j, n))
                let o = fastSigmoid(loadVector(g + 3 * h + j, n) + loadVector(bias + 3 * h + j, n))
                storeVector(i, g + j, n); storeVector(f, g + h + j, n)
                storeVector(gg, g + 2 * h + j, n); storeVector(o, g + 3 * h + j, n)
                let cNew = f * loadVector(cp + j, n) + i * gg
                let t = fastTanh(cNew)
                storeVector(cNew, c + j, n); storeVector(t, tc + j, n)
                storeVector(o * t, ho + j, n)
            }
        }
    }

    static func lstmBackward(
        rows: Int, hidden h: Int, gates: UnsafePointer<Float>, cellPrev: UnsafePointer<Float>,
        tanhCell: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Float>, cellGradient: UnsafeMutablePointer<Float>,
        gateGradient: UnsafeMutablePointer<Float>
    ) {
        let one = V(repeating: 1)
        for b in 0..<rows {
            let g = gates + b * 4 * h, cp = cellPrev + b * h, tc = tanhCell + b * h
            let dh = hiddenGradient + b * h, dc = cellGradient + b * h, dg = gateGradient + b * 4 * h
            let dOut = outputGradient.map { $0 + b * outputStride }
            lanes(h) { j, n in
                let i = loadVector(g + j, n), f = loadVector(g + h + j, n)
                let gg = loadVector(g + 2 * h + j, n), o = loadVector(g + 3 * h + j, n), t = loadVector(tc + j, n)
                var dhj = loadVector(dh + j, n)
                if let dOut { dhj += loadVector(dOut + j, n) }
                let dcj = loadVector(dc + j, n) + dhj * o * (one - t * t)
                storeVector(dcj * gg * i * (one - i), dg + j, n)
                storeVector(dcj * loadVector(cp + j, n) * f * (one - f), dg + h + j, n)
                storeVector(dcj * i * (one - gg * gg), dg + 2 * h + j, n)
                storeVector(dhj * t * o * (one - o), dg + 3 * h + j, n)
                storeVector(dcj * f, dc + j, n)
            }
        }
    }

    static func gruForward(
        rows: Int, hidden h: Int, gates: UnsafeMutablePointer<Float>, inputBias: UnsafePointer<Float>,
        hh: UnsafeMutablePointer<Float>, hiddenBias: UnsafePointer<Float>,
        hiddenPrev: UnsafePointer<Float>, hiddenPrevStride: Int,
        hiddenOut: UnsafeMutablePointer<Float>, hiddenStride: Int
    ) {
        let one = V(repeating: 1)
        for b in 0..<rows {
            let g = gates + b * 3 * h, a = hh + b * 3 * h
            let hp = hiddenPrev + b * hiddenPrevStride, ho = hiddenOut + b * hiddenStride
            lanes(h) { j, n in
                let r = fastSigmoid(loadVector(g + j, n) + loadVector(inputBias + j, n)
                                    + loadVector(a + j, n) + loadVector(hiddenBias + j, n))
                let z = fastSigmoid(loadVector(g + h + j, n) + loadVector(inputBias + h + j, n)
                                    + loadVector(a + h + j, n) + loadVector(hiddenBias + h + j, n))
                let hn = loadVector(a + 2 * h + j, n) + loadVector(hiddenBias + 2 * h + j, n)
                storeVector(hn, a + 2 * h + j, n)
                let nn = fastTanh(loadVector(g + 2 * h + j, n) + loadVector(inputBias + 2 * h + j, n) + r * hn)
                storeVector(r, g + j, n); storeVector(z, g + h + j, n); storeVector(nn, g + 2 * h + j, n)
                storeVector((one - z) * nn + z * loadVector(hp + j, n), ho + j, n)
            }
        }
    }

    static func gruBackward(
        rows: Int, hidden h: Int, gates: UnsafePointer<Float>, hh: UnsafePointer<Float>,
        hiddenPrev: UnsafePointer<Float>, hiddenPrevStride: Int,
        outputGradient: UnsafePointer<Float>?, outputStride: Int,
        hiddenGradient: UnsafeMutablePointer<Float>,
        gateGradient: UnsafeMutablePointer<Float>, hhGradient: UnsafeMutablePointer<Float>
    ) {
        let one = V(repeating: 1)
        for b in 0..<rows {
            let g = gates + b * 3 * h, a = hh + b * 3 * h, hp = hiddenPrev + b * hiddenPrevStride
            let dh = hiddenGradient + b * h, dg = gateGradient + b * 3 * h, dhh = hhGradient + b * 3 * h
            let dOut = outputGradient.map { $0 + b * outputStride }
            lanes(h) { j, n in
                let r = loadVector(g + j, n), z = loadVector(g + h + j, n), nn = loadVector(g + 2 * h + j, n)
                var dhj = loadVector(dh + j, n)
                if let dOut { dhj += loadVector(dOut + j, n) }
                let dn = dhj * (one - z) * (one - nn * nn)
                let dz = dhj * (loadVector(hp + j, n) - nn) * z * (one - z)
                let dr = dn * loadVector(a + 2 * h + j, n) * r * (one - r)
                storeVector(dr, dg + j, n); storeVector(dz, dg + h + j, n); storeVector(dn, dg + 2 * h + j, n)
                storeVector(dr, dhh + j, n); storeVector(dz, dhh + h + j, n); storeVector(dn * r, dhh + 2 * h + j, n)
                storeVector(dhj * z, dh + j, n)
            }
        }
    }

    static func rnnForward(
        rows: Int, hidden h: Int, relu: Bool, gates: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
        hiddenOut: UnsafeMutablePointer<Float>, hiddenStride: Int
    ) {
        let zero = V()
        for b in 0..<rows {
            let g = gates + b * h, ho = hiddenOut + b * hiddenStride
            lanes(h) { j, n in
                let x = loadVector(g + j, n) + loadVector(bias + j, n)
                let y = relu ? pointwiseMax(x, zero) : fastTanh(x)
                storeVector(y, g + j, n); storeVector(y, ho + j, n)
            }
        }
    }

    static func rnnBackward(
        rows: Int, hidden h: Int, relu: Bool, gates: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Float>, gateGradient: UnsafeMutablePointer<Float>
    ) {
        let one = V(repeating: 1), zero = V()
        for b in 0..<rows {
            let y = gates + b * h, dh = hiddenGradient + b * h, dg = gateGradient + b * h
            let dOut = outputGradient.map { $0 + b * outputStride }
            lanes(h) { j, n in
                let yj = loadVector(y + j, n)
                var dhj = loadVector(dh + j, n)
                if let dOut { dhj += loadVector(dOut + j, n) }
                let d = relu ? dhj.replacing(with: zero, where: yj .<= zero) : dhj * (one - yj * yj)
                storeVector(d, dg + j, n)
            }
        }
    }
}
