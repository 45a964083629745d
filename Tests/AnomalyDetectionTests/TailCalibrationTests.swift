import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

/// The heavy-tail factor of `MultiScaleScorer`'s calibration (`tailQuantile`).
@Suite struct TailCalibrationTests {
    /// The residual channel's threshold factor after 100 warm-up and 400 calibration residuals
    /// drawn by `draw`; the max-based calibration is off (margin 0), so only the tail factor acts.
    func residualFactor(tailQuantile: Double, _ draw: (inout TestRandom) -> Double) -> Double {
        var scorer = MultiScaleScorer(window: 1000, spans: [], volatilitySpans: [], noveltyMargin: 0, threshold: 4.5,
                                      tailQuantile: tailQuantile, tailCap: 2)
        var random = TestRandom(state: 11)
        for _ in 0..<100 { scorer.update(draw(&random)) }
        scorer.startCalibration()
        for _ in 0..<400 { scorer.update(draw(&random)) }
        scorer.finishCalibration()
        return scorer.channelThresholdFactors[0]
    }

    @Test func gaussianQuantileOfTheAbsoluteValue() {
        // Table values of the standard normal: P(|Z| ≤ 1.959964) = 0.95, P(|Z| ≤ 2.575829) = 0.99.
        #expect(abs(TailCalibration.gaussianAbsoluteQuantile(0.95) - 1.959964) < 1e-5)
        #expect(abs(TailCalibration.gaussianAbsoluteQuantile(0.99) - 2.575829) < 1e-5)
        #expect(TailCalibration.quantile([3, 1, 2], 0.5) == 2)
        #expect(TailCalibration.quantile([], 0.5) == nil)
    }

    @Test func gaussianResidualsKeepThePlainThreshold() {
        // The 0.95 quantile of 400 Gaussian |z| has a standard error of about 5 %; 1.15 is 3 of them.
        let factor = residualFactor(tailQuantile: 0.95) { $0.normal() }
        #expect(factor >= 1 && factor < 1.15, "factor \(factor)")
    }

    @Test func heavyTailedResidualsRaiseIt() {
        // Laplace residuals: the 0.95 quantile of |x| is ln 20 = 3.00 and the robust scale
        // 1.4826 · ln 2 = 1.03, so 2.91 z against the Gaussian's 1.96: a factor of about 1.49.
        func laplace(_ random: inout TestRandom) -> Double {
            let u = random.uniform()
            return (u < 0.5 ? 1 : -1) * -log(max(2 * min(u, 1 - u), 1e-300))
        }
        let factor = residualFactor(tailQuantile: 0.95, laplace)
        #expect(factor > 1.3 && factor < 1.7)
        #expect(residualFactor(tailQuantile: 0, laplace) == 1, "off: no calibration at all here")
    }

    @Test func oneIncidentInTheLearningSpanBarelyMovesIt() {
        // A 5-row incident (huge residuals, 1.25 % of 400 calibration rows) only moves the 0.95
        // quantile to the rest's 0.962 quantile (2.07 against 1.96 for a Gaussian: +0.06 on the
        // factor; 0.1 leaves room for sampling), where the largest score, which the max-based
        // calibration uses, is the incident's (50 z).
        let clean = residualFactor(tailQuantile: 0.95) { $0.normal() }
        var count = 0
        let factor = residualFactor(tailQuantile: 0.95) { random in
            count += 1
            let x = random.normal()
            return count > 300 && count <= 305 ? 50 : x
        }
        #expect(factor >= clean && factor < clean + 0.1, "factor \(factor) against \(clean)")
    }
}
