import MatrixKernels

extension RecurrentStack {
    /// The plain-loop reference of ``forward(parameters:input:batch:steps:initialHidden:initialCell:mode:workspace:)``
    /// in inference mode: PyTorch's equations written out per row, gate and step with no BLAS,
    /// no fusion and no caching. The fast path is tested against it; it is far too slow for use.
    ///
    /// - Parameters: as the fast forward, as arrays: `input` `[T, B, I]`, states `[L·D, B, H]`.
    /// - Returns: outputs `[T, B, D·H]`, final hidden and cell states `[L·D, B, H]`.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public func referenceForward<T: RecurrentScalar>(
        parameters: ParameterStore<T>, input: [T], batch: Int, steps: Int,
        initialHidden: [T]? = nil, initialCell: [T]? = nil
    ) throws -> (output: [T], finalHidden: [T], finalCell: [T]) {
        try checkStore(parameters)
        let c = configuration, d = directions, h = c.hiddenSize, dh = d * h
        let v = parameters.storage
        var layerInput = input
        var finalHidden = [T](repeating: 0, count: stateCount * batch * h)
        var finalCell = finalHidden
        for k in 0..<c.layers {
            let inSize = inputSize(ofLayer: k)
            var output = [T](repeating: 0, count: steps * batch * dh)
            for direction in 0..<d {
                let ld = k * d + direction, p = directionOffsets[ld]
                for b in 0..<batch {
                    var hState = (0..<h).map { initialHidden?[(ld * batch + b) * h + $0] ?? 0 }
                    var cState = (0..<h).map { c.cell == .lstm ? (initialCell?[(ld * batch + b) * h + $0] ?? 0) : 0 }
                    for s in 0..<steps {
                        let t = direction == 0 ? s : steps - 1 - s
                        let x = Array(layerInput[((t * batch + b) * inSize)..<((t * batch + b + 1) * inSize)])
                        // xw[r] = W_ih[r, :]·x + b_ih[r], hw[r] = W_hh[r, :]·h + b_hh[r]
                        func xw(_ r: Int) -> T {
                            var sum = v[p.inputBias + r]
                            for i in 0..<inSize { sum += v[p.inputWeight + r * inSize + i] * x[i] }
                            return sum
                        }
                        func hw(_ r: Int) -> T {
                            var sum = v[p.hiddenBias + r]
                            for i in 0..<h { sum += v[p.hiddenWeight + r * h + i] * hState[i] }
                            return sum
                        }
                        var next = hState
                        for j in 0..<h {
                            switch c.cell {
                            case .rnnTanh: next[j] = T.hyperbolicTangent(xw(j) + hw(j))
                            case .rnnReLU: next[j] = max(0, xw(j) + hw(j))
                            case .gru:
                                let r = referenceSigmoid(xw(j) + hw(j))
                                let z = referenceSigmoid(xw(h + j) + hw(h + j))
                                let n = T.hyperbolicTangent(xw(2 * h + j) + r * hw(2 * h + j))
                                next[j] = (1 - z) * n + z * hState[j]
                            case .lstm:
                                let i = referenceSigmoid(xw(j) + hw(j))
                                let f = referenceSigmoid(xw(h + j) + hw(h + j))
                                let g = T.hyperbolicTangent(xw(2 * h + j) + hw(2 * h + j))
                                let o = referenceSigmoid(xw(3 * h + j) + hw(3 * h + j))
                                cState[j] = f * cState[j] + i * g
                                next[j] = o * T.hyperbolicTangent(cState[j])
                            }
                        }
                        hState = next
                        for j in 0..<h { output[(t * batch + b) * dh + direction * h + j] = hState[j] }
                    }
                    for j in 0..<h {
                        finalHidden[(ld * batch + b) * h + j] = hState[j]
                        finalCell[(ld * batch + b) * h + j] = cState[j]
                    }
                }
            }
            layerInput = output
        }
        return (layerInput, finalHidden, finalCell)
    }
}

/// 1 / (1 + e^(−x)), the textbook form.
private func referenceSigmoid<T: BLASScalar>(_ x: T) -> T { 1 / (1 + T.exponential(-x)) }
