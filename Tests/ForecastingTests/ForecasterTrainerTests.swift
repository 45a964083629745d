import Testing
import Foundation
import TimeFrames
@testable import Forecasting

@Suite("Training loop", .serialized)
struct ForecasterTrainerTests {
    /// A noisy sine with a period of 12 steps, one series, hourly.
    static func dataset(lookback: Int = 24, horizon: Int = 6, rows: Int = 600) -> ForecastDataset {
        var noise: UInt64 = 7
        let values: [Double] = (0..<rows).map { t in
            noise = noise &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(noise >> 40) / Double(1 << 24) - 0.5
            return sin(Double(t) * 2 * .pi / 12) + 0.1 * u
        }
        let t0 = CivilDateTime(year: 2024, month: 1, day: 1).epochMilliseconds
        let series = TimeSeries(key: [], timestamps: (0..<rows).map { SamplingInterval.hour.advance(t0, by: $0) },
                                columns: [values], interval: .hour)
        let frame = TimeFrame(timeColumn: "t", idColumns: [], targetColumns: ["y"], featureColumns: [], series: [series])
        var c = ForecasterConfiguration()
        c.network.lookback = lookback; c.network.horizon = horizon; c.network.calendarFeatures = []
        return try! ForecastDataset(frame: frame, configuration: c)  // fixed, valid test input
    }

    static func configuration(epochs: Int = 8) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.epochs = epochs; c.batchSize = 32; c.learningRate = 0.01; c.patience = 3
        return c
    }

    /// A trainer that ignores the process-wide Ctrl-C flag (another suite toggles it).
    static func trainer(_ c: TrainingConfiguration, _ sink: TrainingProgressSink?) -> ForecasterTrainer {
        var t = ForecasterTrainer(configuration: c, progress: sink)
        t.shouldStop = { false }
        return t
    }

    @Test("Windows never straddle the split; validation targets lie in validation rows")
    func windowsRespectSplit() {
        let d = Self.dataset()
        #expect(d.trainWindows.count == 480 - 30 + 1)
        #expect(d.trainWindows.allSatisfy { $0.start + 30 <= 480 })
        #expect(d.validationWindows.allSatisfy { $0.start + 24 >= 480 && $0.start + 30 <= 600 })
        #expect(d.validationWindows.count == 120 - 6 + 1)
    }

    @Test("Training beats the untrained (naive) start and restores the best epoch")
    func learnsAndRestoresBest() throws {
        let d = Self.dataset()
        let network = LinearTestNetwork(lookback: 24, horizon: 6)
        let trainer = Self.trainer(Self.configuration(), nil)
        let naiveLoss = try trainer.validationLoss(network, d)
        let outcome = try trainer.train(network, on: d)
        #expect(outcome.bestValidationLoss < 0.5 * naiveLoss)
        #expect(abs(try trainer.validationLoss(network, d) - outcome.bestValidationLoss) < 1e-9)  // same weights, same sums
        let best = try #require(outcome.epochs.first { $0.epoch == outcome.bestEpoch })
        #expect(best.isBest)
    }

    @Test("A gain below --min-gain keeps the untrained start; a large one keeps the trained weights")
    func minimumGain() throws {
        let d = Self.dataset()
        // Learning the sine lowers validation loss by far more than half (see above), so a
        // required gain of 99.99% cannot be met and 2% is met easily.
        var strict = Self.configuration(epochs: 3)
        strict.minimumGain = 0.9999
        let untouched = LinearTestNetwork(lookback: 24, horizon: 6)
        let start = untouched.snapshot()
        let outcome = try Self.trainer(strict, nil).train(untouched, on: d)
        #expect(outcome.bestEpoch == 0)
        #expect(untouched.snapshot() == start)
        var usual = Self.configuration(epochs: 3)
        usual.minimumGain = 0.02
        let trained = LinearTestNetwork(lookback: 24, horizon: 6)
        #expect(try Self.trainer(usual, nil).train(trained, on: d).bestEpoch > 0)
        #expect(trained.snapshot() != start)
    }

    @Test("The same seed gives bit-identical weights")
    func reproducible() throws {
        let d = Self.dataset()
        var runs: [[Float]] = []
        for _ in 0..<2 {
            let network = LinearTestNetwork(lookback: 24, horizon: 6)
            _ = try Self.trainer(Self.configuration(epochs: 3), nil).train(network, on: d)
            runs.append(network.parameters)
        }
        #expect(runs[0] == runs[1])
    }

    @Test("A NaN loss restores the best weights, halves the rate and goes on; repeated NaNs fail clearly")
    func divergence() throws {
        let d = Self.dataset()
        let network = LinearTestNetwork(lookback: 24, horizon: 6)
        network.poisonedSteps = [20]
        let sink = RecordingSink()
        let outcome = try Self.trainer(Self.configuration(epochs: 3), sink).train(network, on: d)
        #expect(outcome.divergences == 1)
        #expect(sink.notes.contains { $0.contains("halved the learning rate") })
        #expect(network.parameters.allSatisfy { $0.isFinite })

        let hopeless = LinearTestNetwork(lookback: 24, horizon: 6)
        hopeless.poisonedSteps = Set(1...10_000)
        #expect(throws: TrainingFailure.self) {
            _ = try Self.trainer(Self.configuration(epochs: 3), nil).train(hopeless, on: d)
        }
    }

    @Test("Ctrl-C stops at the next batch and keeps the best weights so far")
    func interrupt() throws {
        let d = Self.dataset()
        let network = LinearTestNetwork(lookback: 24, horizon: 6)
        var trainer = Self.trainer(Self.configuration(), nil)
        trainer.shouldStop = { true }
        let outcome = try trainer.train(network, on: d)
        #expect(outcome.stopReason == "interrupted")
        #expect(outcome.bestEpoch == 0)
        #expect(network.parameters.allSatisfy { $0 == 0 })  // the untrained weights were the best
    }

    @Test("Early stopping ends training before the epoch limit")
    func earlyStop() throws {
        let d = Self.dataset()
        let network = LinearTestNetwork(lookback: 24, horizon: 6)
        var c = Self.configuration(epochs: 200)
        c.patience = 2
        let outcome = try Self.trainer(c, nil).train(network, on: d)
        #expect(outcome.stopReason == "early-stopped")
        #expect(outcome.epochs.count < 200)
        #expect(outcome.epochs.count - outcome.bestEpoch == 2)
    }
}

final class RecordingSink: TrainingProgressSink {
    var notes: [String] = []
    var epochs: [EpochRecord] = []
    func report(_ event: TrainingEvent) {
        switch event {
        case .note(let text): notes.append(text)
        case .epoch(let record): epochs.append(record)
        case .batch: break
        }
    }
}
