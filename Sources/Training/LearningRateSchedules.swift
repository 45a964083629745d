import Foundation

// Learning-rate schedules with the semantics of `torch.optim.lr_scheduler`: a schedule starts at
// epoch 0 with the base rate; each `step()` advances one epoch (or one optimiser step, if the
// caller steps it per batch) and returns the rate to use next. The rates follow PyTorch's
// *recursive* ("chainable") formulas, not the closed forms, so they agree with PyTorch to the
// last bit in Double. Use: `optimizer.learningRate = schedule.step()`.

/// `StepLR(step_size, gamma)`: the rate is multiplied by γ every `stepSize` epochs.
public struct StepDecay: Sendable, Equatable {
    public let baseLearningRate: Double
    public let stepSize: Int
    public let gamma: Double
    /// Epochs stepped so far (PyTorch's `last_epoch`).
    public private(set) var epoch = 0
    /// The rate for the current epoch.
    public private(set) var learningRate: Double

    /// - Throws: `TrainingError.invalidOption` for `stepSize` < 1 or negative rates.
    public init(baseLearningRate: Double, stepSize: Int, gamma: Double = 0.1) throws {
        try requireNonNegative("learning rate", baseLearningRate)
        try requireNonNegative("gamma", gamma)
        guard stepSize >= 1 else {
            throw TrainingError.invalidOption(name: "step size", value: "\(stepSize)", expected: "an integer >= 1")
        }
        self.baseLearningRate = baseLearningRate
        self.stepSize = stepSize
        self.gamma = gamma
        learningRate = baseLearningRate
    }

    /// Advances one epoch. - Returns: the new rate.
    @discardableResult
    public mutating func step() -> Double {
        epoch += 1
        if epoch % stepSize == 0 { learningRate *= gamma }
        return learningRate
    }
}

/// `CosineAnnealingLR(T_max, eta_min)`: the rate follows
/// η_min + ½(η_base − η_min)(1 + cos(π·epoch/T_max)), falling to η_min at `T_max` and rising
/// again after it (the cosine continues; PyTorch does not restart or clamp).
public struct CosineAnnealing: Sendable, Equatable {
    public let baseLearningRate: Double
    public let period: Int
    public let minimumLearningRate: Double
    /// Epochs stepped so far (PyTorch's `last_epoch`).
    public private(set) var epoch = 0
    /// The rate for the current epoch.
    public private(set) var learningRate: Double

    /// - Parameter period: `T_max`, the number of epochs from the base rate down to the minimum.
    /// - Throws: `TrainingError.invalidOption` for `period` < 1 or negative rates.
    public init(baseLearningRate: Double, period: Int, minimumLearningRate: Double = 0) throws {
        try requireNonNegative("learning rate", baseLearningRate)
        try requireNonNegative("minimum learning rate", minimumLearningRate)
        guard period >= 1 else {
            throw TrainingError.invalidOption(name: "cosine period", value: "\(period)", expected: "an integer >= 1")
        }
        self.baseLearningRate = baseLearningRate
        self.period = period
        self.minimumLearningRate = minimumLearningRate
        learningRate = baseLearningRate
    }

    /// Advances one epoch with PyTorch's recursive update. - Returns: the new rate.
    @discardableResult
    public mutating func step() -> Double {
        epoch += 1
        let tMax = Double(period), e = Double(epoch), etaMin = minimumLearningRate
        // PyTorch tests (epoch − 1 − T_max) mod 2·T_max == 0 (a floor modulo in Python).
        let phase = (epoch - 1 - period) % (2 * period)
        if phase == 0 {  // Swift's remainder is 0 exactly when the floor modulo is
            learningRate += (baseLearningRate - etaMin) * (1 - cos(Double.pi / tMax)) / 2
        } else {
            learningRate = (1 + cos(Double.pi * e / tMax)) / (1 + cos(Double.pi * (e - 1) / tMax))
                * (learningRate - etaMin) + etaMin
        }
        return learningRate
    }
}

/// `ReduceLROnPlateau`: multiplies the rate by `factor` once the monitored metric has not
/// improved for more than `patience` epochs, then waits `cooldown` epochs before counting again.
public struct ReduceOnPlateau: Sendable, Equatable {
    /// Whether a lower (`minimize`, e.g. a loss) or higher (`maximize`) metric is better.
    public enum Mode: Sendable, Equatable { case minimize, maximize }
    /// Whether `threshold` is relative to the best value (`relative`) or an absolute margin.
    public enum ThresholdMode: Sendable, Equatable { case relative, absolute }

    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minimumLearningRate: Double
    /// Reductions smaller than this are skipped (PyTorch's `eps`).
    public let epsilon: Double
    /// The rate for the current epoch.
    public private(set) var learningRate: Double
    /// The best metric seen so far (±∞ before the first step).
    public private(set) var best: Double
    public private(set) var badEpochs = 0
    public private(set) var cooldownRemaining = 0
    public private(set) var epoch = 0

    /// Defaults are PyTorch's: min mode, factor 0.1, patience 10, threshold 1e-4 relative,
    /// cooldown 0, min_lr 0, eps 1e-8.
    /// - Throws: `TrainingError.invalidOption` for factor outside [0, 1), negative patience,
    ///   cooldown, threshold or rates.
    public init(learningRate: Double, mode: Mode = .minimize, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .relative, cooldown: Int = 0,
                minimumLearningRate: Double = 0, epsilon: Double = 1e-8) throws {
        try requireNonNegative("learning rate", learningRate)
        try requireUnitInterval("plateau factor", factor)
        try requireNonNegative("plateau threshold", threshold)
        try requireNonNegative("minimum learning rate", minimumLearningRate)
        try requireNonNegative("plateau epsilon", epsilon)
        guard patience >= 0, cooldown >= 0 else {
            throw TrainingError.invalidOption(name: "patience/cooldown", value: "\(patience)/\(cooldown)",
                                              expected: "integers >= 0")
        }
        self.learningRate = learningRate
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumLearningRate = minimumLearningRate
        self.epsilon = epsilon
        best = mode == .minimize ? .infinity : -.infinity
    }

    /// Records one epoch's metric and reduces the rate when it has plateaued.
    /// - Returns: the rate for the next epoch.
    @discardableResult
    public mutating func step(metric: Double) -> Double {
        epoch += 1
        if isBetter(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownRemaining > 0 {
            cooldownRemaining -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let reduced = max(learningRate * factor, minimumLearningRate)
            if learningRate - reduced > epsilon { learningRate = reduced }
            cooldownRemaining = cooldown
            badEpochs = 0
        }
        return learningRate
    }

    func isBetter(_ value: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.minimize, .relative): return value < best * (1 - threshold)
        case (.minimize, .absolute): return value < best - threshold
        case (.maximize, .relative): return value > best * (threshold + 1)
        case (.maximize, .absolute): return value > best + threshold
        }
    }
}
