import Foundation
import RecurrentLayers
import Testing
import Training

/// Decoded `Fixtures/reference/training-regressor.json` (scripts/make_reference_regressor.py).
struct RegressorReference: Decodable {
    struct Step: Decodable { let loss: Double; let grad_norm: Double; let parameters: [String: [Double]] }
    struct Case: Decodable {
        let cell: String
        let initial: [String: [Double]]
        let steps: [Step]
        let validation_mse: Double
    }
    let lookback: Int, horizon: Int, hidden: Int, layers: Int, batch: Int
    let learning_rate: Double, clip: Double
    let series: [Double]
    let train_windows: Int, validation_start: Int
    let orders: [[Int]]
    let cases: [Case]
}

/// The recurrent benchmark's training loop end to end — `SequenceRegressor.trainStep` (stack,
/// head, MSE over batch × horizon, global-norm clipping, Adam) in the order the benchmark feeds
/// it, with a short last batch — against PyTorch's `nn.LSTM/GRU/RNN` + `nn.Linear` +
/// `clip_grad_norm_` + `torch.optim.Adam` from the same start, step by step.
@Suite("SequenceRegressor training against PyTorch")
struct RegressorGoldenTests {
    static let reference = Result { try loadReference(RegressorReference.self, "training-regressor.json") }

    @Test("six Adam + clip steps and the validation MSE match PyTorch", arguments: ["lstm", "gru", "rnn_tanh"])
    func trajectory(cellName: String) throws {
        let ref = try Self.reference.get()
        let c = try #require(ref.cases.first { $0.cell == cellName })
        let cell = try #require(RecurrentCell(rawValue: cellName))
        let configuration = RecurrentStackConfiguration(cell: cell, inputSize: 1, hiddenSize: ref.hidden, layers: ref.layers)
        let windows = ref.series.count - ref.lookback - ref.horizon + 1
        let model = try SequenceRegressor(configuration: configuration, outputSize: ref.horizon,
                                          batchCapacity: windows, steps: ref.lookback, seed: 0)
        for (name, values) in c.initial { try model.parameters.setValues(name, values.map { Float($0) }) }
        var optimizer = RegressorOptimizer.adam(try Adam<Float>(parameterCount: model.parameters.count,
                                                                learningRate: ref.learning_rate))
        /// Time-major inputs [T, B, 1] and targets [B, horizon] of the windows starting at `starts`.
        func batch(_ starts: [Int]) -> (inputs: [Float], targets: [Float]) {
            var x = [Float](repeating: 0, count: ref.lookback * starts.count)
            var y = [Float](repeating: 0, count: ref.horizon * starts.count)
            for (b, s) in starts.enumerated() {
                for t in 0..<ref.lookback { x[t * starts.count + b] = Float(ref.series[s + t]) }
                for h in 0..<ref.horizon { y[b * ref.horizon + h] = Float(ref.series[s + ref.lookback + h]) }
            }
            return (x, y)
        }
        var stepIndex = 0
        for order in ref.orders {
            for start in stride(from: 0, to: ref.train_windows, by: ref.batch) {
                let starts = Array(order[start..<min(start + ref.batch, ref.train_windows)])
                let (x, y) = batch(starts)
                let expected = c.steps[stepIndex]
                let loss = try model.trainStep(inputs: x, targets: y, batch: starts.count, loss: .meanSquaredError,
                                               optimizer: &optimizer, clip: .globalNorm(ref.clip))
                // Float forward/backward over 6 steps of 5-unit cells: ~1e-6 relative from rounding;
                // 1e-4 leaves room for it to grow over six updates and catches any formula difference
                // (a wrong reduction or missing bias correction moves the loss by > 1e-2).
                #expect(relativeError(loss, expected.loss) < 1e-4, "\(cellName) step \(stepIndex): loss \(loss) vs \(expected.loss)")
                for (name, values) in expected.parameters {
                    let got = try model.parameters.valuesArray(name).map(Double.init)
                    // Absolute: parameters are O(0.5) and move ~lr = 0.01 per step; the Float
                    // trajectory stays within 6e-8 of the Double one here (Float rounding), while a
                    // wrong Adam or clip step (clipping at 1.1× the limit) is off by > 1e-4.
                    let worst = zip(got, values).map { abs($0 - $1) }.max() ?? 0
                    #expect(worst < 1e-6, "\(cellName) step \(stepIndex) \(name): max |Δ| \(worst)")
                }
                stepIndex += 1
            }
        }
        #expect(stepIndex == c.steps.count)
        // The fixture holds both clipped and unclipped steps, so both branches were exercised.
        #expect(c.steps.contains { $0.grad_norm > ref.clip } && c.steps.contains { $0.grad_norm < ref.clip })

        let validation = Array(ref.validation_start..<windows)
        let (vx, vy) = batch(validation)
        let mse = try model.evaluate(inputs: vx, targets: vy, batch: validation.count, loss: .meanSquaredError)
        #expect(relativeError(mse, c.validation_mse) < 1e-4, "\(cellName): validation MSE \(mse) vs \(c.validation_mse)")
    }
}
