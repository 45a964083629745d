import Testing
import Training
@testable import Forecasting

@Suite("Recurrent forecast networks")
struct RecurrentForecastNetworkTests {
    static func configuration(_ architecture: ForecastArchitecture, _ cell: ForecastCell, bidirectional: Bool = false) -> ForecasterConfiguration {
        var c = ForecasterConfiguration()
        c.network.architecture = architecture
        c.network.cell = cell
        c.network.hidden = 3
        c.network.layers = 2
        c.network.bidirectional = bidirectional
        c.network.lookback = 5
        c.network.horizon = 3
        c.training.batchSize = 4
        return c
    }

    /// A random batch of 4 windows, width 2.
    static func batch(lookback: Int = 5, horizon: Int = 3, width: Int = 2) -> ForecastBatch {
        var g = SeededGenerator(seed: 3)
        func r(_ n: Int) -> [Float] { (0..<n).map { _ in Float(g.nextUniform(-1, 1)) } }
        return ForecastBatch(count: 4, lookback: lookback, horizon: horizon, width: width, inputs: r(4 * lookback * width),
                             targets: r(4 * horizon), futureSteps: horizon, future: r(4 * horizon * width),
                             normalisers: Array(repeating: (0, 1), count: 4))
    }

    @Test("An untrained network forecasts zeros (the naive forecast after last-value normalisation)",
          arguments: ForecastArchitecture.allCases)
    func untrainedIsNaive(_ architecture: ForecastArchitecture) throws {
        let network = try makeNetwork(Self.configuration(architecture, .lstm), inputWidth: 2)
        let y = network.forecast(Self.batch(), steps: 3)
        #expect(y.count == 12)
        #expect(y.allSatisfy { $0 == 0 })
    }

    @Test("Gradients of the composed network match finite differences",
          arguments: [(ForecastArchitecture.manyToOne, ForecastCell.lstm, false), (.manyToOne, .gru, true),
                      (.manyToMany, .rnn, false), (.manyToMany, .lstm, false), (.seq2seq, .lstm, true), (.seq2seq, .gru, false)])
    func gradientCheck(_ architecture: ForecastArchitecture, _ cell: ForecastCell, _ bidirectional: Bool) throws {
        let network = try makeNetwork(Self.configuration(architecture, cell, bidirectional: bidirectional), inputWidth: 2)
        var base = network.snapshot()
        // Random (non-zero) head weights so every path carries gradient.
        var g = SeededGenerator(seed: 11)
        for i in base.indices { base[i] = Float(g.nextUniform(-0.5, 0.5)) }
        network.restore(base)
        let batch = Self.batch()
        // Teacher forcing 1: the seq2seq decoder sees only true values, so the loss is a smooth
        // function of the weights (no detached feedback).
        func loss(_ w: [Float]) -> Double {
            network.restore(w)
            var context = TrainingStepContext(generator: SeededGenerator(seed: 5), teacherForcing: 1)
            return network.trainStep(batch, context: &context)
        }
        _ = loss(base)
        var analytic: [Float] = []
        network.withParametersAndGradients { _, grads in analytic = Array(grads) }
        // Float32 forward passes: a step of 1e-2 keeps rounding error (~1e-7 relative per op) far
        // below the difference; the tolerance allows the O(eps²) truncation error of central differences.
        let eps: Float = 1e-2
        var checked = 0
        for i in stride(from: 0, to: analytic.count, by: max(1, analytic.count / 40)) {
            var plus = base, minus = base
            plus[i] += eps; minus[i] -= eps
            let numeric = (loss(plus) - loss(minus)) / Double(2 * eps)
            let a = Double(analytic[i])
            #expect(abs(numeric - a) <= 2e-3 + 2e-2 * abs(a), "parameter \(i): numeric \(numeric), analytic \(a)")
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test("State-dict names and shapes follow PyTorch")
    func stateDictNames() throws {
        let network = try makeNetwork(Self.configuration(.seq2seq, .lstm, bidirectional: true), inputWidth: 2)
        let names = network.stateDict().map(\.name)
        #expect(names.contains("encoder.weight_ih_l0"))
        #expect(names.contains("encoder.weight_hh_l1_reverse"))
        #expect(names.contains("decoder.bias_hh_l1"))
        #expect(names.suffix(2) == ["head.weight", "head.bias"])
        let shapes = Dictionary(uniqueKeysWithValues: network.stateDict().map { ($0.name, $0.shape) })
        #expect(shapes["encoder.weight_ih_l0"] == [12, 2])       // 4 gates × hidden 3, input 2
        #expect(shapes["encoder.weight_ih_l1"] == [12, 6])       // layer 1 reads both directions
        #expect(shapes["decoder.weight_hh_l0"] == [24, 6])       // decoder hidden = 2 × 3
        #expect(shapes["head.weight"] == [1, 6])
        #expect(network.stateDict().reduce(0) { $0 + $1.values.count } == network.parameterCount)
    }

    @Test("many-to-many refuses a bidirectional encoder")
    func bidirectionalManyToMany() {
        #expect(throws: ConfigurationError.self) {
            _ = try makeNetwork(Self.configuration(.manyToMany, .gru, bidirectional: true), inputWidth: 2)
        }
    }
}
