import Training

/// A batch of windows as the networks take it.
struct ForecastBatch {
    var count: Int
    var lookback: Int
    var horizon: Int
    /// Values per step.
    var width: Int
    /// (count, lookback, width), batch-major; channel 0 is the normalised target.
    var inputs: [Float]
    /// (count, horizon): the normalised future targets (zeros when unknown, at prediction time).
    var targets: [Float]
    /// Future steps described by `future` (the horizon, or more for a rollout).
    var futureSteps: Int
    /// (count, futureSteps, width): inputs of the future steps with channel 0 left for the network's own
    /// previous output; features held at their last value, calendar encodings exact.
    var future: [Float]
    var normalisers: [(location: Float, scale: Float)]
}

/// What a training step may use besides the batch.
struct TrainingStepContext {
    var generator: SeededGenerator
    /// seq2seq: probability of feeding the true previous value to the decoder.
    var teacherForcing: Double
}

/// The trainable network behind a forecaster, whichever architecture.
protocol ForecastNetwork: AnyObject {
    var parameterCount: Int { get }
    /// How many leading parameters training updates; the rest (a ridge-fitted linear skip path)
    /// stay as fitted, also under weight decay.
    var trainedParameterCount: Int { get }
    /// A copy of every parameter, in the parameter store's order.
    func snapshot() -> [Float]
    /// Overwrites every parameter from a ``snapshot()``.
    func restore(_ values: [Float])
    /// Runs `body` on the trained parameters and their gradients (both `trainedParameterCount` long).
    func withParametersAndGradients(_ body: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void)
    /// Zeroes the gradients, runs forward and backward on `batch` in training mode, and returns the
    /// mean squared error the gradients belong to.
    func trainStep(_ batch: ForecastBatch, context: inout TrainingStepContext) -> Double
    /// Forecasts `steps` normalised values per window, (count, steps), in inference mode. Steps
    /// past the trained horizon roll out by feeding forecasts back as inputs.
    func forecast(_ batch: ForecastBatch, steps: Int) -> [Float]
    /// Named tensors as PyTorch's state_dict would hold them, with shapes, in the order of
    /// ``snapshot()`` (so their concatenated values restore the network).
    func stateDict() -> [(name: String, shape: [Int], values: [Float])]
    /// Sets the linear skip path's weights `[horizon, lookback]`; false when there is none.
    func setSkipWeights(_ weights: [Float]) -> Bool
}

extension ForecastNetwork {
    /// Networks without a linear skip path have nothing to set.
    func setSkipWeights(_ weights: [Float]) -> Bool { false }
    /// Without a skip path, training updates every parameter.
    var trainedParameterCount: Int { parameterCount }
}
