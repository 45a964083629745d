import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

/// The novelty floor leaves out the residuals of each channel's warm-up (`floorSkipsWarmup`).
@Suite struct NoveltyFloorTests {
    /// Feeds a start-up transient of height 50 as the second residual, then 99 standard normal ones.
    func feedTransientThenNoise(_ s: inout RobustZScorer) {
        var random = TestRandom(state: 3)
        s.update(random.normal())
        s.update(50)
        for _ in 0..<98 { s.update(random.normal()) }
    }

    @Test func theWarmUpsTransientDoesNotHideALaterSpike() throws {
        var skipping = RobustZScorer(window: 200, warmup: 10, noveltyMargin: 0.9, noveltyThreshold: 4.5, floorSkipsWarmup: true)
        var plain = RobustZScorer(window: 200, warmup: 10, noveltyMargin: 0.9, noveltyThreshold: 4.5)
        feedTransientThenNoise(&skipping)
        feedTransientThenNoise(&plain)
        // A spike of 25: half the transient, far beyond the noise (σ = 1) seen since.
        #expect(try #require(skipping.score(25)) >= 4.5)
        #expect(try #require(plain.score(25)) < 4.5, "0.9 × 50 / 4.5 = 10 is the plain floor's scale")
    }

    @Test func theWarmUpStillCountsInTheMedianAndScale() throws {
        // Where the floor does not bind, the score is the plain robust z-score over every residual
        // held, the transient included (median and MAD of the same 100 values).
        var skipping = RobustZScorer(window: 200, warmup: 10, noveltyMargin: 0.9, noveltyThreshold: 4.5, floorSkipsWarmup: true)
        var noFloor = RobustZScorer(window: 200, warmup: 10)
        feedTransientThenNoise(&skipping)
        feedTransientThenNoise(&noFloor)
        let a = try #require(skipping.score(2)), b = try #require(noFloor.score(2))
        // Same arithmetic on the same values; 1e-12 allows for nothing but rounding.
        #expect(abs(a - b) < 1e-12)
    }

    @Test func defaultDetectorsResidualChannelSeesASpikeAfterAStartUpTransient() throws {
        // A start-up plateau of +400 in rows 13–23, inside the residual channel's warm-up (its
        // first 30 residuals), then noise, then a spike of 150 after the learning span: far beyond
        // the noise, but under 0.9 × the plateau's steps that the plain floor remembers. (The
        // other channels start scoring only once the 48-row level channel has its first value, so
        // they never see rows that early; the residual channel is the one the warm-up rule frees.)
        var random = TestRandom(state: 11)
        var values = (0..<1200).map { _ in 100 + random.normal() }
        for i in 13..<24 { values[i] += 400 }
        values[800] += 150
        func residualScore(_ configure: (inout DetectorSettings) -> Void) throws -> Double {
            var settings = DetectorSettings()
            settings.learningSpan = 180
            configure(&settings)
            var detector = try StreamingDetector(predictor: PredictorChoice.naive.makePredictor(training: Array(values.prefix(180))),
                                                 settings: settings)
            detector.recordsChannels = true
            var score = 0.0
            for (i, v) in values.enumerated() {
                _ = detector.process(timestamp: Int64(i) * 60_000, value: v)
                if i == 800 { score = try #require(detector.lastChannelScores.first ?? nil) }
            }
            return score
        }
        #expect(DetectorSettings().floorSkipsWarmup)
        // Calibrated z units: the flag threshold is 4.5 for every channel.
        #expect(try residualScore { _ in } >= 4.5)
        #expect(try residualScore { $0.floorSkipsWarmup = false } < 4.5, "the plateau's floor hides it")
    }
}

/// The heavy-tail factor measured on scores without the novelty floor (`tailWithoutFloor`).
@Suite struct TailWithoutFloorTests {
    @Test func theFloorlessScoreIsThePlainRobustZ() throws {
        var floored = RobustZScorer(window: 300, warmup: 10, noveltyMargin: 0.9, noveltyThreshold: 4.5)
        var plain = RobustZScorer(window: 300, warmup: 10)
        var random = TestRandom(state: 21)
        for i in 0..<200 {
            let r = i == 50 ? 40 : random.normal()
            floored.update(r)
            plain.update(r)
        }
        let withoutFloor = try #require(floored.scoreWithoutNoveltyFloor(3))
        // Same median and MAD of the same values: equal but for rounding.
        #expect(abs(withoutFloor - (try #require(plain.score(3)))) < 1e-12)
        // The spike of 40 holds the floored score down: 0.9 · 40 / 4.5 = 8 is its scale.
        #expect(try #require(floored.score(3)) < withoutFloor / 4)
    }

    /// The residual channel's factor after 100 warm-up residuals and 400 calibration residuals of
    /// Laplace noise, the first calibration residual a spike of 60 (the novelty floor on).
    func factor(tailWithoutFloor: Bool) -> Double {
        var scorer = MultiScaleScorer(window: 1000, spans: [], volatilitySpans: [], noveltyMargin: 0.9, threshold: 4.5,
                                      tailQuantile: 0.95, tailCap: 2, tailWithoutFloor: tailWithoutFloor)
        var random = TestRandom(state: 12)
        func laplace() -> Double {
            let u = random.uniform()
            return (u < 0.5 ? 1 : -1) * -log(max(2 * min(u, 1 - u), 1e-300))
        }
        for _ in 0..<100 { scorer.update(laplace()) }
        scorer.startCalibration()
        scorer.update(60)
        for _ in 0..<399 { scorer.update(laplace()) }
        scorer.finishCalibration()
        return scorer.channelThresholdFactors[0]
    }

    @Test func aSpikeInTheCalibrationSpanNoLongerHidesTheTail() {
        // Laplace residuals need a factor of about 1.49 (TailCalibrationTests); 1.3–1.7 leaves
        // room for the 5 % sampling error of a 0.95 quantile of 400 values.
        let measured = factor(tailWithoutFloor: true)
        #expect(measured > 1.3 && measured < 1.7, "factor \(measured)")
        // With the floor, the spike of 60 scales every later score down (scale 0.9 · 60 / 4.5 = 12
        // against a robust scale of about 1): their quantile is far below 1.96, and the factor stays 1.
        #expect(factor(tailWithoutFloor: false) == 1)
    }

    @Test func isTheDefault() {
        #expect(DetectorSettings().tailWithoutFloor)
        #expect(!DetectorSettings().calibrationMaximumWithoutFloor)
    }
}
