import MatrixKernels
import RecurrentLayers
import Training

extension RecurrentBenchmark {
    /// Checks the fast path before timing it: predictions for 4 windows from
    /// `SequenceRegressor.predict` (BLAS GEMMs, fused gates) against the layers' plain-loop
    /// `referenceForward` followed by the head written out as loops.
    /// Tolerance 1e-4 relative (floor 1e-3): both run in Float with different summation orders
    /// over 48 steps of 64–128-term dot products, which moves results by ~1e-6 relative.
    /// - Throws: `BenchmarkError.verificationFailed` naming the first mismatch.
    static func verify(_ model: SequenceRegressor, data: RecurrentBenchmarkData) throws {
        let batch = 4, steps = RecurrentBenchmarkData.lookback, horizon = RecurrentBenchmarkData.horizon
        var inputs = [Float](repeating: 0, count: steps * batch)
        var targets = [Float](repeating: 0, count: horizon * batch)
        let starts = Array(data.validationStarts.prefix(batch))
        inputs.withUnsafeMutableBufferPointer { i in
            targets.withUnsafeMutableBufferPointer { t in
                data.gather(starts, inputs: i.baseAddress!, targets: t.baseAddress!, batch: batch)
            }
        }
        var fast = [Float](repeating: 0, count: horizon * batch)
        try fast.withUnsafeMutableBufferPointer { try model.predict(inputs: inputs, batch: batch, output: $0.baseAddress!) }
        let reference = try model.stack.referenceForward(parameters: model.parameters, input: inputs, batch: batch,
                                                         steps: steps)
        let width = model.stack.outputSize
        let weight = try model.parameters.valuesArray("head.weight"), bias = try model.parameters.valuesArray("head.bias")
        for b in 0..<batch {
            let last = (steps - 1) * batch * width + b * width
            for o in 0..<horizon {
                var sum = Double(bias[o])
                for k in 0..<width { sum += Double(weight[o * width + k]) * Double(reference.output[last + k]) }
                let got = Double(fast[b * horizon + o])
                guard abs(got - sum) <= 1e-4 * max(abs(sum), 1e-3) else {
                    throw BenchmarkError.verificationFailed("window \(b) step \(o): fast \(got), reference \(sum)")
                }
            }
        }
    }
}
