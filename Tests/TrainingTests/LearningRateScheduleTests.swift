import Testing
import Training

/// Schedules against torch.optim.lr_scheduler (training-schedules.json). Both sides evaluate the
/// same recursive formulas in Double, so the rates agree to a few ulps (1e-13 relative).
@Suite("Learning-rate schedules against PyTorch")
struct LearningRateScheduleTests {
    @Test("StepLR") func step() throws {
        let ref = try loadReference(ScheduleReference.self, "training-schedules.json")
        var s = try StepDecay(baseLearningRate: ref.base, stepSize: ref.step.step_size, gamma: ref.step.gamma)
        let rates = [s.learningRate] + (0..<30).map { _ in s.step() }
        #expect(maxRelativeError(rates, ref.step.lrs, label: "StepLR", tolerance: 1e-13) < 1e-13)
    }

    @Test("CosineAnnealingLR, past T_max and back up") func cosine() throws {
        let ref = try loadReference(ScheduleReference.self, "training-schedules.json")
        var s = try CosineAnnealing(baseLearningRate: ref.base, period: ref.cosine.t_max,
                                    minimumLearningRate: ref.cosine.eta_min)
        let rates = [s.learningRate] + (0..<30).map { _ in s.step() }
        #expect(maxRelativeError(rates, ref.cosine.lrs, label: "Cosine", tolerance: 1e-13) < 1e-13)
    }

    @Test("ReduceLROnPlateau, min/relative with cooldown and floor") func plateau() throws {
        let ref = try loadReference(ScheduleReference.self, "training-schedules.json")
        let p = ref.plateau
        var s = try ReduceOnPlateau(learningRate: ref.base, factor: p.factor, patience: p.patience,
                                    threshold: p.threshold, cooldown: p.cooldown ?? 0,
                                    minimumLearningRate: p.min_lr ?? 0)
        let rates = [s.learningRate] + p.metrics.map { s.step(metric: $0) }
        #expect(maxRelativeError(rates, p.lrs, label: "Plateau", tolerance: 1e-13) < 1e-13)
    }

    @Test("ReduceLROnPlateau, max/absolute") func plateauMax() throws {
        let ref = try loadReference(ScheduleReference.self, "training-schedules.json")
        let p = ref.plateau_max_abs
        var s = try ReduceOnPlateau(learningRate: ref.base, mode: .maximize, factor: p.factor, patience: p.patience,
                                    threshold: p.threshold, thresholdMode: .absolute)
        let rates = [s.learningRate] + p.metrics.map { s.step(metric: $0) }
        // Rates fall below 1e-8 here, where the 1e-12 relative floor would hide nothing; compare absolutely too.
        #expect(maxRelativeError(rates, p.lrs, label: "PlateauMax", tolerance: 1e-13) < 1e-13)
    }

    @Test("invalid options are typed errors") func invalid() {
        #expect(throws: TrainingError.self) { try StepDecay(baseLearningRate: 0.1, stepSize: 0) }
        #expect(throws: TrainingError.self) { try CosineAnnealing(baseLearningRate: 0.1, period: 0) }
        #expect(throws: TrainingError.self) { try ReduceOnPlateau(learningRate: 0.1, factor: 1.5) }
        #expect(throws: TrainingError.self) { try ReduceOnPlateau(learningRate: -1) }
    }
}
