import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct SustainedChannelTests {
    /// A multi-scale scorer with the residual channel and one volatility channel of 3 rows,
    /// warmed up on unit-normal residuals; no novelty floor or calibration, so only persistence differs.
    func warmScorer(sustainedRows: Int) -> MultiScaleScorer {
        var s = MultiScaleScorer(window: 300, spans: [], volatilitySpans: [3], levelSpan: 0, noveltyMargin: 0,
                                 threshold: 4.5, sustainedRows: sustainedRows)
        var random = TestRandom(state: 21)
        for _ in 0..<300 { s.update(random.normal()) }
        return s
    }

    /// The volatility channel's largest score while `residuals` arrive.
    func peakVolatility(_ residuals: [Double], sustainedRows: Int) throws -> Double {
        var s = warmScorer(sustainedRows: sustainedRows)
        var peak = 0.0
        for r in residuals {
            let channels = s.channelScores(r)
            peak = max(peak, try #require(channels[1]))
            s.update(r)
        }
        return peak
    }

    @Test func aSingleSpikeDoesNotHoldTheVolatilityChannelUp() throws {
        // One residual of 12 lifts the 3-row mean |residual| for 3 rows: over the threshold on
        // each of them, but not for 4 rows in a row.
        let spike = [12.0, 0, 0, 0, 0, 0]
        #expect(try peakVolatility(spike, sustainedRows: 1) > 4.5)
        #expect(try peakVolatility(spike, sustainedRows: 4) < 4.5)
    }

    @Test func aBurstOfNoiseStillReachesTheThreshold() throws {
        // Twelve rows of ±8: the 3-row mean |residual| stays near 8 for ten rows.
        let burst = (0..<12).map { $0 % 2 == 0 ? 8.0 : -8.0 }
        #expect(try peakVolatility(burst, sustainedRows: 4) > 4.5)
    }

    @Test func theResidualChannelNeedsNoPersistence() throws {
        // A spike is the residual channel's to flag at its first row, whatever the persistence.
        let s = warmScorer(sustainedRows: 4)
        #expect(try #require(s.channelScores(12)[0]) > 4.5)
        #expect(try #require(s.score(12)) > 4.5)
    }

    @Test func settingsRejectZeroRows() {
        var settings = DetectorSettings()
        settings.sustainedRows = 0
        #expect(throws: DetectorSettingsError.self) { try settings.validate() }
    }
}
