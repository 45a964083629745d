import Foundation
import RecurrentLayers
import Testing
import Training

/// A 2-layer LSTM and GRU learn a noisy multi-sine series and beat the seasonal-naive forecast.
@Suite("Learning a noisy multi-sine series")
struct LearningTests {
    static let lookback = 24, horizon = 6, season = 12
    /// Few epochs keep the debug-mode test fast (about 85 steps per cell); 8 epochs reached 0.08×.
    static let epochs = 5

    /// x_t = sin(2πt/12) + 0.8 sin(2πt/17.3 + 1) + 0.2 ε_t. Seasonal naive with the main period
    /// (ŷ_{t+h} = x_{t+h−12}) cannot follow the 17.3-step component: its MSE is about
    /// 0.64·2·(1 − cos(2π·12/17.3)) + 2·0.04 ≈ 0.94. A network that learns both components is
    /// limited only by the noise (0.04), so < 0.5× seasonal naive is a wide but safe margin.
    static func series(count: Int) -> [Float] {
        var g = SeededGenerator(seed: 2024)
        return (0..<count).map { t in
            let x = Double(t)
            return Float(sin(2 * .pi * x / 12) + 0.8 * sin(2 * .pi * x / 17.3 + 1) + 0.2 * g.nextGaussian())
        }
    }

    @Test("2-layer LSTM and GRU reach < 0.5× the seasonal-naive validation MSE", arguments: [RecurrentCell.lstm, .gru])
    func learns(cell: RecurrentCell) throws {
        let series = Self.series(count: 700)
        let window = Self.lookback + Self.horizon
        let split = 560
        let trainStarts = Array(0...(split - window))
        let validationStarts = Array((split - Self.lookback)...(series.count - window))
        let batch = 32
        let configuration = RecurrentStackConfiguration(cell: cell, inputSize: 1, hiddenSize: 16, layers: 2)
        let model = try SequenceRegressor(configuration: configuration, outputSize: Self.horizon,
                                          batchCapacity: validationStarts.count, steps: Self.lookback, seed: 7)
        var optimizer = RegressorOptimizer.adam(try Adam(parameterCount: model.parameters.count, learningRate: 0.02))
        var schedule = try CosineAnnealing(baseLearningRate: 0.02, period: Self.epochs, minimumLearningRate: 0.002)
        var shuffler = try BatchShuffler(count: trainStarts.count, batchSize: batch)
        var generator = SeededGenerator(seed: 11)
        var inputs = [Float](repeating: 0, count: Self.lookback * validationStarts.count)
        var targets = [Float](repeating: 0, count: Self.horizon * validationStarts.count)

        func gather(_ starts: [Int]) {
            for (b, s) in starts.enumerated() {
                for t in 0..<Self.lookback { inputs[t * starts.count + b] = series[s + t] }
                for h in 0..<Self.horizon { targets[b * Self.horizon + h] = series[s + Self.lookback + h] }
            }
        }
        for _ in 0..<Self.epochs {
            shuffler.shuffle(using: &generator)
            for i in 0..<shuffler.batchCount {
                let starts = shuffler.batch(i).map { trainStarts[$0] }
                gather(starts)
                _ = try model.trainStep(inputs: inputs, targets: targets, batch: starts.count, loss: .meanSquaredError,
                                        optimizer: &optimizer, clip: .globalNorm(1))
            }
            optimizer.learningRate = schedule.step()
        }
        gather(validationStarts)
        let networkMSE = try model.evaluate(inputs: inputs, targets: targets, batch: validationStarts.count,
                                            loss: .meanSquaredError)
        var naiveSum = 0.0
        for s in validationStarts {
            for h in 0..<Self.horizon {
                let e = Double(series[s + Self.lookback + h - Self.season]) - Double(series[s + Self.lookback + h])
                naiveSum += e * e
            }
        }
        let naiveMSE = naiveSum / Double(validationStarts.count * Self.horizon)
        print("\(cell): network MSE \(networkMSE), seasonal naive \(naiveMSE), ratio \(networkMSE / naiveMSE)")
        #expect(networkMSE < 0.5 * naiveMSE)
    }
}
