import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct LevelChannelTests {
    /// The level channel's score at each row (the multi-scale scorer's last channel), for `predictor`.
    func levelScores(_ values: [Double], predictor: any OneStepPredictor, onValues: Bool) throws -> [Double?] {
        var settings = DetectorSettings()
        settings.learningSpan = 300
        settings.shapeLength = 0
        settings.levelOnValues = onValues
        var detector = try StreamingDetector(predictor: predictor, settings: settings)
        detector.recordsChannels = true
        return values.enumerated().map { i, v in
            _ = detector.process(timestamp: Int64(i) * 60_000, value: v)
            let channels = detector.lastChannelScores
            return channels.count == 4 ? channels[3] : nil
        }
    }

    func noisyStep() -> [Double] {
        var random = TestRandom(state: 11)
        return (0..<900).map { i in 20 + 2 * random.normal() + (i >= 600 ? 6 : 0) }
    }

    @Test func levelIsMeasuredOnTheValuesWhateverThePredictor() throws {
        // For the naive predictor the residual is the value's step, so its level channel is the
        // values' level; a moving median's residuals sum to something else. On values, both
        // predictors give the same level channel (same inputs, same arithmetic: 1e-9 is rounding).
        let v = noisyStep()
        let naive = try levelScores(v, predictor: NaivePredictor(), onValues: true)
        let median = try levelScores(v, predictor: MovingMedianPredictor(window: 5), onValues: true)
        let compared = zip(naive, median).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        #expect(compared.count > 800)
        #expect(compared.allSatisfy { abs($0.0 - $0.1) <= 1e-9 * max(1, abs($0.0)) })
        // The step at 600 is what the level channel sees.
        let atStep = naive[620...660].compactMap { $0 }.max() ?? 0
        #expect(atStep > 4.5, "level channel at the step: \(atStep)")

        let residualLevel = try levelScores(v, predictor: MovingMedianPredictor(window: 5), onValues: false)
        let differs = zip(naive, residualLevel).contains { a, b in
            guard let a, let b else { return false }
            return abs(a - b) > 1e-3
        }
        #expect(differs, "on residuals the moving median's level channel is not the values' level")
    }

    @Test func seasonalPredictorKeepsTheLevelOnItsResiduals() throws {
        // A seasonal series: on its values the level channel would see the season; the seasonal
        // difference predictor's residual sum (the season-on-season change) has none.
        var random = TestRandom(state: 3)
        let v = (0..<900).map { 10 * sin(2 * .pi * Double($0) / 48) + 0.5 * random.normal() }
        let predictor = SeasonalDifferencePredictor(period: 48)
        #expect(predictor.removesSeason)
        let onValues = try levelScores(v, predictor: predictor, onValues: true)
        let onResiduals = try levelScores(v, predictor: predictor, onValues: false)
        let pairs = zip(onValues, onResiduals).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        #expect(!pairs.isEmpty)
        #expect(pairs.allSatisfy { abs($0.0 - $0.1) <= 1e-12 }, "a predictor that removes a season keeps residual sums")
    }
}
