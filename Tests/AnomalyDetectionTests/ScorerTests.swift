import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct ScorerTests {
    @Test func robustZUsesMedianAndMAD() throws {
        var s = RobustZScorer(window: 5, warmup: 5)
        #expect(s.score(1) == nil, "warming up")
        for r in [1.0, 2, 3, 4, 100] { s.update(r) }
        // median 3, MAD = median(|-2|,|-1|,0,1,97) = 1, scale 1.4826.
        let z = try #require(s.score(9))
        #expect(abs(z - 6 / 1.4826) < 1e-12)
        let band = try #require(s.normalBand(threshold: 2))
        #expect(abs(band.upper - (3 + 2 * 1.4826)) < 1e-12)
    }

    @Test func robustZFallsBackWhenMADIsZero() throws {
        var s = RobustZScorer(window: 10, warmup: 10)
        for r in [0.0, 0, 0, 0, 0, 0, 0, 0, 0, 5] { s.update(r) }
        // MAD 0 → 1.2533 × mean |dev| = 1.2533 × 0.5.
        let z = try #require(s.score(5))
        #expect(abs(z - 5 / (1.2533 * 0.5)) < 1e-9)
    }

    @Test func noveltyMarginRequiresAnUnprecedentedResidual() throws {
        var s = RobustZScorer(window: 100, warmup: 10, noveltyMargin: 1, noveltyThreshold: 5)
        var random = TestRandom(state: 5)
        for _ in 0..<99 { s.update(random.normal()) }
        s.update(20) // one earlier spike of height 20
        #expect(try #require(s.score(15)) < 5, "smaller than a spike already seen")
        #expect(try #require(s.score(25)) >= 5, "larger than anything seen")
    }

    @Test func conformalPValueCountsCalibrationResiduals() throws {
        var s = ConformalScorer(calibrationSize: 4, warmup: 4)
        for r in [1.0, -2, 3, -4] { s.update(r) }
        s.update(100) // calibration is full: ignored
        #expect(try #require(s.score(2.5)) == 3.0 / 5.0)    // |3|, |-4| and the point itself
        #expect(try #require(s.score(-10)) == 1.0 / 5.0)
        #expect(ScoreUnits.pValue.exceedance(0.0001, threshold: 0.01) > 1.99)
    }

    @Test func gaussianNLLMatchesTheFormula() throws {
        var s = GaussianNLLScorer(window: 3, warmup: 2)
        for r in [1.0, 3.0] { s.update(r) }
        // α = 0.5: mean 2, variance 0.5 · (0 + 2 · 1) = 1.
        let nll = try #require(s.score(4))
        #expect(abs(nll - (0.5 * log(2 * .pi) + 2)) < 1e-12)
    }

    @Test func calibrationRaisesANoisyChannelsThresholdUpToTheCap() throws {
        func pair(_ calibrationResidual: Double) throws -> (ratio: Double, expected: Double) {
            var calibrated = MultiScaleScorer(window: 100, spans: [], volatilitySpan: 0, noveltyMargin: 0, threshold: 4.5,
                                              calibrationMargin: 1.3, calibrationCap: 4.0 / 3.0)
            var plain = MultiScaleScorer(window: 100, spans: [], volatilitySpan: 0, noveltyMargin: 0, threshold: 4.5)
            for i in 0..<40 {
                calibrated.update(i % 2 == 0 ? 1 : -1)
                plain.update(i % 2 == 0 ? 1 : -1)
            }
            let calibrationScore = try #require(plain.score(calibrationResidual))
            calibrated.startCalibration()
            calibrated.update(calibrationResidual)
            calibrated.finishCalibration()
            plain.update(calibrationResidual)
            let ratio = try #require(plain.score(3)) / (try #require(calibrated.score(3)))
            return (ratio, min(max(1.3 * calibrationScore / 4.5, 1), 4.0 / 3.0))
        }
        // Same arithmetic on both sides; 1e-12 allows for rounding only.
        let moderate = try pair(6)
        #expect(moderate.expected > 1.1 && moderate.expected < 4.0 / 3.0)
        #expect(abs(moderate.ratio - moderate.expected) < 1e-12)
        let capped = try pair(100)
        #expect(abs(capped.ratio - 4.0 / 3.0) < 1e-12)
        let quiet = try pair(1)
        #expect(abs(quiet.ratio - 1) < 1e-12)
    }
}
