import MatrixKernels
import RecurrentLayers
import Testing
import Training

@Suite("Sequence regressor: wiring, reproducibility, initialisation")
struct SequenceRegressorTests {
    static let shapes: [RecurrentStackConfiguration] = [
        RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 3, layers: 2),
        RecurrentStackConfiguration(cell: .gru, inputSize: 2, hiddenSize: 3, layers: 1, bidirectional: true),
        RecurrentStackConfiguration(cell: .rnnTanh, inputSize: 2, hiddenSize: 3, layers: 2),
    ]

    /// The layers' own gradients are checked in Double by RecurrentLayersTests; this checks the
    /// regressor's wiring (loss → head → last step → BPTT) in Float. Central differences with
    /// h = 1e-2 in Float have truncation error ~h²·f''' ≈ 1e-4 and rounding ~6e-8/h ≈ 6e-6
    /// relative; a wiring mistake (wrong slice, missing head gradient) gives errors of order 1,
    /// so 2e-2 (with a 1e-3 floor for near-zero gradients) separates the two cleanly.
    @Test("parameter gradients match finite differences (Float, wiring check)", arguments: shapes)
    func gradients(configuration: RecurrentStackConfiguration) throws {
        let steps = 4, batch = 3, outputs = 2
        let model = try SequenceRegressor(configuration: configuration, outputSize: outputs, batchCapacity: batch,
                                          steps: steps, seed: 17)
        var g = SeededGenerator(seed: 4)
        let inputs = (0..<(steps * batch * configuration.inputSize)).map { _ in Float(g.nextGaussian()) }
        let targets = (0..<(batch * outputs)).map { _ in Float(g.nextGaussian()) }
        var frozen = RegressorOptimizer.sgd(try StochasticGradientDescent(parameterCount: model.parameters.count,
                                                                          learningRate: 0))
        _ = try model.trainStep(inputs: inputs, targets: targets, batch: batch, loss: .meanSquaredError,
                                optimizer: &frozen)
        let analytic = Array(UnsafeBufferPointer(start: model.parameters.gradients, count: model.parameters.count))
        let h: Float = 1e-2
        for i in 0..<model.parameters.count {
            let saved = model.parameters.values[i]
            model.parameters.values[i] = saved + h
            let plus = try model.evaluate(inputs: inputs, targets: targets, batch: batch, loss: .meanSquaredError)
            model.parameters.values[i] = saved - h
            let minus = try model.evaluate(inputs: inputs, targets: targets, batch: batch, loss: .meanSquaredError)
            model.parameters.values[i] = saved
            let numeric = (plus - minus) / Double(2 * h)
            let name = model.parameters.layout.entries.last { $0.offset <= i }?.name ?? "?"
            #expect(relativeError(Double(analytic[i]), numeric, floor: 1e-3) < 2e-2,
                    "\(configuration.cell) \(name)[\(i)]: analytic \(analytic[i]) numeric \(numeric)")
        }
    }

    @Test("same seed, same data: bit-identical parameters after training steps")
    func reproducible() throws {
        func train() throws -> [UInt32] {
            let c = RecurrentStackConfiguration(cell: .gru, inputSize: 1, hiddenSize: 8, layers: 2)
            let model = try SequenceRegressor(configuration: c, outputSize: 3, batchCapacity: 5, steps: 6, seed: 9)
            var optimizer = RegressorOptimizer.adam(try Adam(parameterCount: model.parameters.count, learningRate: 0.01))
            var g = SeededGenerator(seed: 1)
            for _ in 0..<3 {
                let x = (0..<30).map { _ in Float(g.nextGaussian()) }
                let y = (0..<15).map { _ in Float(g.nextGaussian()) }
                _ = try model.trainStep(inputs: x, targets: y, batch: 5, loss: .huber(delta: 1), optimizer: &optimizer,
                                        clip: .globalNorm(0.5))
            }
            return UnsafeBufferPointer(start: model.parameters.values, count: model.parameters.count).map(\.bitPattern)
        }
        let first = try train()
        #expect(first == (try train()))
    }

    /// Each scheme gives the documented distribution per tensor role.
    @Test("initialisation schemes by parameter role")
    func initialisationSchemes() throws {
        let c = RecurrentStackConfiguration(cell: .lstm, inputSize: 3, hiddenSize: 16, layers: 1)
        let orthogonal = try SequenceRegressor(configuration: c, outputSize: 4, batchCapacity: 1, steps: 1,
                                               initialisation: .orthogonal, seed: 3)
        let whh = try orthogonal.parameters.valuesArray("rnn.weight_hh_l0")  // (4·16, 16)
        for gate in 0..<4 {  // each 16×16 gate block is orthogonal: rows have unit norm, pairwise dot 0
            for a in 0..<16 {
                for b in a..<16 {
                    var dot: Float = 0
                    for k in 0..<16 { dot += whh[(gate * 16 + a) * 16 + k] * whh[(gate * 16 + b) * 16 + k] }
                    // Float rounding of 16-term dot products of unit vectors: ~1e-6.
                    #expect(abs(dot - (a == b ? 1 : 0)) < 1e-5)
                }
            }
        }
        #expect(try orthogonal.parameters.valuesArray("rnn.bias_hh_l0").allSatisfy { $0.magnitude < 1e-30 })
        let standard = try SequenceRegressor(configuration: c, outputSize: 4, batchCapacity: 1, steps: 1, seed: 3)
        let bound = Float(1 / 4.0)  // 1/√16
        let recurrent = try standard.parameters.valuesArray("rnn.weight_ih_l0") + standard.parameters.valuesArray("rnn.bias_hh_l0")
        #expect(recurrent.allSatisfy { $0.magnitude <= bound })
        #expect(recurrent.contains { $0.magnitude > bound * 0.9 })  // the range is used, not a scaled-down copy
        let xavier = try SequenceRegressor(configuration: c, outputSize: 4, batchCapacity: 1, steps: 1,
                                           initialisation: .xavier, seed: 3)
        let xBound = Float((6.0 / 19).squareRoot())  // per gate block: fan_out 16, fan_in 3
        #expect(try xavier.parameters.valuesArray("rnn.weight_ih_l0").allSatisfy { $0.magnitude <= xBound })
    }

    /// The fused LSTM kernels reuse their packed weights between predictions while the store's
    /// version is unchanged: an optimiser step and a re-initialisation must reach the next
    /// prediction. Compared bit for bit with a regressor that copies the new values into a fresh
    /// workspace (same kernels, same values: same bits; a stale packing differs visibly).
    @Test("predictions after an optimiser step or re-initialisation use the new weights")
    func predictionsSeeUpdatedWeights() throws {
        let c = RecurrentStackConfiguration(cell: .lstm, inputSize: 2, hiddenSize: 24, layers: 2)
        let model = try SequenceRegressor(configuration: c, outputSize: 3, batchCapacity: 4, steps: 5, seed: 5)
        var optimizer = RegressorOptimizer.adam(try Adam(parameterCount: model.parameters.count, learningRate: 0.05))
        var g = SeededGenerator(seed: 2)
        let x = (0..<40).map { _ in Float(g.nextGaussian()) }, y = (0..<12).map { _ in Float(g.nextGaussian()) }
        func predictions(_ m: SequenceRegressor) throws -> [UInt32] {
            var out = [Float](repeating: 0, count: 12)
            try m.predict(inputs: x, batch: 4, output: &out)
            var one = [Float](repeating: 0, count: 3)
            var first: [Float] = []  // the first window of the batch, time-major [5, 1, 2]
            for t in 0..<5 { first += x[(t * 8)..<(t * 8 + 2)] }
            try m.predict(inputs: first, batch: 1, output: &one)
            return (out + one).map(\.bitPattern)
        }
        func freshCopy() throws -> [UInt32] {
            let copy = try SequenceRegressor(configuration: c, outputSize: 3, batchCapacity: 4, steps: 5, seed: 99)
            copy.parameters.values.update(from: model.parameters.readOnlyValues, count: model.parameters.count)
            return try predictions(copy)
        }
        var previous = try predictions(model)
        #expect(previous == (try predictions(model)), "repeated predictions (reused packing) must agree")
        let changes: [(String, () throws -> Void)] = [
            ("Adam step", { _ = try model.trainStep(inputs: x, targets: y, batch: 4, loss: .meanSquaredError, optimizer: &optimizer) }),
            ("re-initialisation", { ParameterInitialisation.initialise(model.parameters, scheme: .pytorchDefault, seed: 77) }),
        ]
        for (name, change) in changes {
            try change()
            let now = try predictions(model)
            let current = now == (try freshCopy()), changed = now != previous  // (no dump of the arrays)
            #expect(current, "\(name): the prediction used stale weights")
            #expect(changed, "\(name) did not change the prediction")
            previous = now
        }
    }
}
