import Training
@testable import Forecasting

/// A linear forecaster (horizon × lookback weights on the normalised target channel, plus a bias)
/// with exact MSE gradients: small enough to test the training loop without recurrent layers.
final class LinearTestNetwork: ForecastNetwork {
    let lookback: Int, horizon: Int
    var parameters: [Float]
    var gradients: [Float]
    /// Training steps after which `trainStep` reports NaN (to exercise divergence handling).
    var poisonedSteps: Set<Int> = []
    private(set) var steps = 0

    init(lookback: Int, horizon: Int) {
        self.lookback = lookback; self.horizon = horizon
        parameters = [Float](repeating: 0, count: horizon * lookback + horizon)
        gradients = parameters
    }

    var parameterCount: Int { parameters.count }
    func snapshot() -> [Float] { parameters }
    func restore(_ values: [Float]) { parameters = values }

    func withParametersAndGradients(_ body: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) {
        parameters.withUnsafeMutableBufferPointer { p in gradients.withUnsafeMutableBufferPointer { g in body(p, g) } }
    }

    private func predict(_ batch: ForecastBatch, _ i: Int, _ k: Int) -> Float {
        var y = parameters[horizon * lookback + k]
        for t in 0..<lookback { y += parameters[k * lookback + t] * batch.inputs[(i * lookback + t) * batch.width] }
        return y
    }

    func trainStep(_ batch: ForecastBatch, context: inout TrainingStepContext) -> Double {
        steps += 1
        for i in gradients.indices { gradients[i] = 0 }
        var loss = 0.0
        let n = Float(batch.count * horizon)
        for i in 0..<batch.count {
            for k in 0..<horizon {
                let e = predict(batch, i, k) - batch.targets[i * horizon + k]
                loss += Double(e * e)
                let g = 2 * e / n
                gradients[horizon * lookback + k] += g
                for t in 0..<lookback { gradients[k * lookback + t] += g * batch.inputs[(i * lookback + t) * batch.width] }
            }
        }
        if poisonedSteps.contains(steps) { return .nan }
        return loss / Double(n)
    }

    func forecast(_ batch: ForecastBatch, steps: Int) -> [Float] {
        var out = [Float](repeating: 0, count: batch.count * steps)
        for i in 0..<batch.count { for k in 0..<min(steps, horizon) { out[i * steps + k] = predict(batch, i, k) } }
        return out
    }

    func stateDict() -> [(name: String, shape: [Int], values: [Float])] {
        [("head.weight", [horizon, lookback], Array(parameters[0..<(horizon * lookback)])),
         ("head.bias", [horizon], Array(parameters[(horizon * lookback)...]))]
    }
}
