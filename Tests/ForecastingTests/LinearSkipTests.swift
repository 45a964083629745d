import Testing
import Foundation
import TimeFrames
import Training
@testable import Forecasting

@Suite("Linear skip path: ridge fit, network output, configuration")
struct LinearSkipTests {
    @Test("The Cholesky ridge solver matches a hand-solved 2×2 system")
    func ridgeSolver() throws {
        // (G + 1·I) w = c with G = [[3, 1], [1, 2]], c = [9, 8]: [[4, 1], [1, 3]] w = [9, 8] → w = [19/11, 23/11].
        let w = try #require(LinearSkipFit.solveRidge(gram: [3, 1, 1, 2], cross: [9, 8], size: 2, outputs: 1, penalty: 1))
        // Tolerance: a handful of double roundings on numbers near 2.
        #expect(abs(w[0] - 19.0 / 11) < 1e-12 && abs(w[1] - 23.0 / 11) < 1e-12)
        // Not positive definite (a zero matrix with no penalty): no answer rather than a division by zero.
        #expect(LinearSkipFit.solveRidge(gram: [0, 0, 0, 0], cross: [1, 1], size: 2, outputs: 1, penalty: 0) == nil)
    }

    @Test("On a noiseless cycle the ridge forecast is far better than naive and is chosen on validation")
    func ridgeLearnsACycle() throws {
        let frame = ForecasterEndToEndTests.frame(rows: 360, noise: 0)
        var options = ForecasterEndToEndTests.options()
        options.linearSkip = true
        let resolved = try options.resolve(for: frame)
        let data = try ForecastDataset(frame: frame, configuration: resolved.configuration)
        let fit = try LinearSkipFit.fit(data)
        #expect(fit.relativePenalty != nil)
        // A 12-step sine is exactly linear in its own past; the smallest penalty still shrinks a
        // little, so the bound is loose: below 1% of the naive forecast's error.
        #expect(fit.validationMSE < 0.01 * fit.zeroValidationMSE)
        #expect(fit.weights.count == data.horizon * data.lookback)
    }

    @Test("On white noise around a level the ridge fit is chosen only if it beats zero weights on validation")
    func neverWorseThanZeroOnValidation() throws {
        var state: UInt64 = 5
        let rows = 300
        let values = (0..<rows).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        let t0 = CivilDateTime(year: 2024, month: 1, day: 1).epochMilliseconds
        let frame = TimeFrame(timeColumn: "time", idColumns: [], targetColumns: ["y"], featureColumns: [],
                              series: [TimeSeries(key: [], timestamps: (0..<rows).map { SamplingInterval.hour.advance(t0, by: $0) },
                                                  columns: [values], interval: .hour)])
        var options = ForecasterEndToEndTests.options()
        options.linearSkip = true
        let data = try ForecastDataset(frame: frame, configuration: try options.resolve(for: frame).configuration)
        let fit = try LinearSkipFit.fit(data)
        #expect(fit.validationMSE <= fit.zeroValidationMSE)
    }

    @Test("Training updates the recurrent part and the head but never the fitted skip path")
    func trainingLeavesTheSkipPathAsFitted() throws {
        var config = NetworkConfiguration()
        config.hidden = 4; config.layers = 1; config.lookback = 3; config.horizon = 2; config.linearSkip = true
        let network = try RecurrentForecastNetwork(config, inputWidth: 1, batchCapacity: 4, seed: 1)
        let skipWeights: [Float] = [1, 0, 0, 0, 0.5, 2]
        #expect(network.setSkipWeights(skipWeights))
        #expect(network.trainedParameterCount == network.parameterCount - (6 + 2))
        let batch = ForecastBatch(count: 1, lookback: 3, horizon: 2, width: 1, inputs: [3, 4, 5], targets: [1, -1],
                                  futureSteps: 2, future: [0, 0], normalisers: [(0, 1)])
        let before = network.snapshot()
        // AdamW with a large decay: anything the optimiser could reach would shrink.
        var optimizer = try Adam<Float>.adamW(parameterCount: network.trainedParameterCount,
                                              learningRate: 0.1, weightDecay: 0.5)
        for _ in 0..<3 {
            var context = TrainingStepContext(generator: SeededGenerator(seed: 5), teacherForcing: 1)
            _ = network.trainStep(batch, context: &context)
            network.withParametersAndGradients { parameters, gradients in
                #expect(parameters.count == network.trainedParameterCount)
                optimizer.step(parameters: parameters, gradients: UnsafeBufferPointer(gradients))
            }
        }
        let after = network.snapshot()
        let trained = network.trainedParameterCount
        // Bit-for-bit: the skip tail is never written.
        #expect(Array(after[trained...]) == Array(before[trained...]))
        #expect(Array(after[..<trained]) != Array(before[..<trained]))
    }

    @Test("When training keeps the untrained start, fit's note names what that start forecasts")
    func untrainedStartNote() {
        var net = NetworkConfiguration()
        net.linearSkip = true
        #expect(FitResult.untrainedStartNote(net).contains("linear skip path's ridge forecast (the last value (the naive forecast) when"))
        net.linearSkip = false
        #expect(FitResult.untrainedStartNote(net).hasSuffix("holds the last value (the naive forecast), with no recurrent correction"))
        net.windowNormalisation = .meanStd
        #expect(FitResult.untrainedStartNote(net).contains("holds the window's mean"))
    }

    @Test("The network's forecast is the skip path's linear map when the head is zero")
    func networkAddsSkip() throws {
        var config = NetworkConfiguration()
        config.hidden = 4; config.layers = 1; config.lookback = 3; config.horizon = 2; config.linearSkip = true
        let network = try RecurrentForecastNetwork(config, inputWidth: 1, batchCapacity: 4, seed: 1)
        #expect(network.stateDict().map(\.name).contains("skip.weight"))
        #expect(network.setSkipWeights([1, 0, 0, 0, 0.5, 2]))  // step 0 = x₀; step 1 = 0.5·x₁ + 2·x₂
        let batch = ForecastBatch(count: 1, lookback: 3, horizon: 2, width: 1, inputs: [3, 4, 5], targets: [0, 0],
                                  futureSteps: 2, future: [0, 0], normalisers: [(0, 1)])
        let y = network.forecast(batch, steps: 2)
        // Float arithmetic on small integers and halves is exact.
        #expect(y == [3, 12])
        #expect(!network.setSkipWeights([1, 2]))  // wrong size
    }

    @Test("Model files written before the skip path decode with it off; other architectures refuse it")
    func configurationCompatibility() throws {
        var config = NetworkConfiguration()
        config.linearSkip = true
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any])
        #expect(json["linearSkip"] as? Bool == true)
        json.removeValue(forKey: "linearSkip")
        let old = try JSONDecoder().decode(NetworkConfiguration.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.linearSkip == false)

        var options = ForecasterEndToEndTests.options()
        options.architecture = .seq2seq
        #expect(try options.resolve(for: ForecasterEndToEndTests.frame()).configuration.network.linearSkip == false)
        options.linearSkip = true
        #expect(throws: ConfigurationError.self) { try options.resolve(for: ForecasterEndToEndTests.frame()) }
    }
}
