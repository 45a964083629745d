import Testing
import Training

@Suite("Loss functions")
struct LossFunctionTests {
    static let allLosses: [LossFunction] = [
        .meanSquaredError, .meanAbsoluteError, .huber(delta: 1.0), .huber(delta: 0.25),
        .pinball(quantiles: [0.1, 0.5, 0.9]),
    ]

    /// Central differences in Double: step 1e-6 leaves truncation error O(h²)·f''' (zero for the
    /// piecewise-quadratic losses) and rounding error ~1e-16/1e-6 = 1e-10 relative, far below the
    /// 1e-6 bound. Points are kept ≥ 1e-3 from every kink (|e| = 0, |e| = δ) so the step never
    /// crosses one.
    @Test("finite-difference gradient check in Double, relative error < 1e-6", arguments: allLosses)
    func finiteDifferences(loss: LossFunction) throws {
        var generator = SeededGenerator(seed: 42)
        let targetCount = 6
        let outputs = loss.outputsPerTarget
        let targets = (0..<targetCount).map { _ in generator.nextGaussian() }
        var predictions = [Double](repeating: 0, count: targetCount * outputs)
        for i in predictions.indices {
            repeat {
                predictions[i] = generator.nextGaussian()
            } while isNearKink(predictions[i] - targets[i / outputs], loss: loss)
        }
        var gradient: [Double] = []
        _ = try loss.evaluate(predictions: predictions, targets: targets, dPredictions: &gradient)
        let h = 1e-6
        var scratch: [Double] = []
        for i in predictions.indices {
            var plus = predictions, minus = predictions
            plus[i] += h
            minus[i] -= h
            let numeric = (try loss.evaluate(predictions: plus, targets: targets, dPredictions: &scratch)
                - loss.evaluate(predictions: minus, targets: targets, dPredictions: &scratch)) / (2 * h)
            let error = relativeError(gradient[i], numeric, floor: 1e-8)
            #expect(error < 1e-6, "\(loss) d/dprediction[\(i)]: analytic \(gradient[i]) numeric \(numeric)")
        }
    }

    func isNearKink(_ e: Double, loss: LossFunction) -> Bool {
        if abs(e) < 1e-3 { return true }
        if case let .huber(delta) = loss { return abs(abs(e) - delta) < 1e-3 }
        return false
    }

    /// PyTorch's float64 values and autograd gradients; agreement is to rounding (1e-12).
    @Test("values and gradients match PyTorch (float64)")
    func matchesPyTorch() throws {
        let reference = try loadReference(LossReference.self, "training-losses.json")
        #expect(reference.cases.count == 5)
        for c in reference.cases {
            let loss = try #require(lossFunction(named: c.loss, quantiles: reference.quantiles))
            var gradient: [Double] = []
            let value = try loss.evaluate(predictions: c.predictions, targets: c.targets, dPredictions: &gradient)
            #expect(relativeError(value, c.value) < 1e-12, "\(c.loss) value \(value) vs \(c.value)")
            #expect(maxRelativeError(gradient, c.gradient, label: c.loss, tolerance: 1e-12) < 1e-12)
        }
    }

    /// The Float path rounds only its inputs and the final gradient: it agrees with Double to
    /// Float's precision (2⁻²⁴ ≈ 6e-8 relative per rounding; 1e-6 leaves room for a few).
    @Test("Float evaluation agrees with Double", arguments: allLosses)
    func floatMatchesDouble(loss: LossFunction) throws {
        var generator = SeededGenerator(seed: 7)
        let targets = (0..<5).map { _ in Float(generator.nextGaussian()) }
        let predictions = (0..<(5 * loss.outputsPerTarget)).map { _ in Float(generator.nextGaussian()) }
        var gFloat: [Float] = [], gDouble: [Double] = []
        let vFloat = try loss.evaluate(predictions: predictions, targets: targets, dPredictions: &gFloat)
        let vDouble = try loss.evaluate(predictions: predictions.map(Double.init), targets: targets.map(Double.init),
                                        dPredictions: &gDouble)
        #expect(relativeError(vFloat, vDouble) < 1e-12)  // same Double sums of the same inputs
        #expect(maxRelativeError(gFloat.map(Double.init), gDouble, label: "\(loss)", tolerance: 1e-6) < 1e-6)
    }

    @Test("invalid options and counts are typed errors")
    func invalidInput() {
        var gradient: [Double] = []
        #expect(throws: TrainingError.self) {
            try LossFunction.huber(delta: 0).evaluate(predictions: [1.0], targets: [0.0], dPredictions: &gradient)
        }
        #expect(throws: TrainingError.self) {
            try LossFunction.pinball(quantiles: [0.5, 1.0]).validate()
        }
        #expect(throws: TrainingError.self) { try LossFunction.pinball(quantiles: []).validate() }
        #expect(throws: TrainingError.countMismatch(buffer: "predictions", count: 2, expected: 3)) {
            try LossFunction.meanSquaredError.evaluate(predictions: [1.0, 2.0], targets: [0, 1, 2],
                                                       dPredictions: &gradient)
        }
        let error = TrainingError.invalidOption(name: "quantile", value: "1.5", expected: "a number strictly between 0 and 1")
        #expect(error.description == "invalid quantile: got 1.5, expected a number strictly between 0 and 1")
    }

    @Test("hand-computed values")
    func handComputed() throws {
        var g: [Double] = []
        // e = (1, -3): MSE (1 + 9)/2 = 5, gradient 2e/2 = (1, -3).
        #expect(abs(try LossFunction.meanSquaredError.evaluate(predictions: [2, -1], targets: [1, 2], dPredictions: &g) - 5) < 1e-15)
        #expect(abs(g[0] - 1) < 1e-15 && abs(g[1] + 3) < 1e-15)
        // Huber δ=1: e = 0.5 → 0.125; e = −3 → 1·(3 − 0.5) = 2.5; mean 1.3125.
        #expect(abs(try LossFunction.huber(delta: 1).evaluate(predictions: [0.5, -3], targets: [0, 0], dPredictions: &g) - 1.3125) < 1e-15)
        // Pinball q=0.9, target 1, prediction 0: u = 1 → 0.9, gradient −0.9.
        #expect(abs(try LossFunction.pinball(quantiles: [0.9]).evaluate(predictions: [0], targets: [1], dPredictions: &g) - 0.9) < 1e-15)
        #expect(abs(g[0] + 0.9) < 1e-15)
    }
}
