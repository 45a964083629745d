import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct ShiftTolerantSeasonTests {
    static let period = 48

    /// A flat series with noise and a one-row spike once per season, at phase 20 moved by
    /// `jitter(season)` rows, plus `extra` spikes at the given rows.
    static func spikes(seasons: Int, jitter: (Int) -> Int, extra: [Int: Double] = [:], seed: UInt64 = 5) -> [Double] {
        var random = TestRandom(state: seed)
        var values = (0..<(seasons * period)).map { _ in 10 + 0.2 * random.normal() }
        for s in 0..<seasons {
            let row = s * period + 20 + jitter(s)
            if row < values.count { values[row] += 30 }
        }
        for (row, height) in extra { values[row] += height }
        return values
    }

    static func run(_ values: [Double], shifts: Int) throws -> DetectionRun {
        var settings = DetectorSettings()
        settings.learningSpan = 8 * period
        settings.seasonalShifts = shifts
        settings.shiftHistoryPlain = true
        settings.absenceMargin = 0
        settings.shapeLength = 0   // not what is tested here, and the slowest part in a debug build
        return try SeriesDetection.run(timestamps: (0..<values.count).map { Int64($0) * 60_000 }, values: values,
                                       predictor: SeasonalDifferencePredictor(period: period), settings: settings)
    }

    @Test func theNearestShiftedSeasonExplainsALateSpike() throws {
        var p = SeasonalDifferencePredictor(period: 4)
        for v in [0.0, 0, 9, 0, 0, 0, 9, 0, 0, 0] { p.observe(v) }   // spike at phase 2; now at phase 2 again
        // The spike comes one row late: at phase 2 the plain forecast expects 9, the value is 0.
        let plain = try #require(p.forecast(steps: 1)).expected
        #expect(abs(plain - 9) < 1e-12)
        #expect(abs(try #require(p.nearestForecast(to: 0, shifts: 1)).expected - 0) < 1e-12, "the season one row earlier: no spike yet")
        #expect(abs(try #require(p.nearestForecast(to: 0, shifts: 0)).expected - 9) < 1e-12, "no shift: the plain forecast")
        p.observe(0)
        // Next row (phase 3): the plain forecast expects the drop after the spike, 0 − 9; the late
        // spike arrives, which the season one row earlier explains exactly.
        #expect(abs(try #require(p.forecast(steps: 1)).expected - -9) < 1e-12)
        #expect(abs(try #require(p.nearestForecast(to: 9, shifts: 1)).expected - 9) < 1e-12)
        #expect(abs(try #require(p.nearestForecast(to: 9, shifts: 0)).expected - -9) < 1e-12)
    }

    @Test func predictorsWithoutASeasonOfferOnlyTheirForecast() throws {
        var p = NaivePredictor()
        p.observe(3)
        #expect(try #require(p.nearestForecast(to: 10, shifts: 3)).expected == 3)
    }

    /// The spike moves by 0 or ±2 rows from season to season through the learning span (8
    /// seasons) and two more, then also by ±1 (a cron job's jitter). A spike moved by one row
    /// leaves the plain seasonal-difference residuals −30, +60, −30 (the +60 doubles it), one
    /// moved by two −30, +30, +30, −30: the learning span's largest plain residual is 30, the
    /// later ones 60. The averaging channels see the same sums for both (their history keeps the
    /// plain residuals, `shiftHistoryPlain`), so only the residual channel tells them apart.
    static let jitter: (Int) -> Int = { $0 < 10 ? [0, 2, -2][$0 % 3] : [0, 1, -1, 2, -2, 1, 0, -1][$0 % 8] }

    @Test func aJitteredSeasonalSpikeIsNotFlaggedWithShiftsButIsWithout() throws {
        let values = Self.spikes(seasons: 30, jitter: Self.jitter)
        let plain = try Self.run(values, shifts: 0)
        let tolerant = try Self.run(values, shifts: 2)
        #expect(plain.points.contains { $0.isAnomaly && $0.channel == .residual }, "the plain seasonal difference doubles a spike moved by a row")
        #expect(!tolerant.points.contains { $0.isAnomaly }, "flagged: \(tolerant.points.filter(\.isAnomaly).map { "\($0.index) \($0.channel.map { $0.rawValue } ?? "-") \($0.exceedance)" }.prefix(8))")
    }

    @Test func aSpikeNoShiftedSeasonExplainsIsStillFlagged() throws {
        // Larger than the doubled spikes the plain residuals (which the scorer's history keeps) hold.
        let anomaly = 25 * Self.period + 35   // 15 rows after the season's spike
        let values = Self.spikes(seasons: 30, jitter: Self.jitter, extra: [anomaly: 100])
        let tolerant = try Self.run(values, shifts: 2)
        let flagged = tolerant.points.filter(\.isAnomaly).map(\.index)
        #expect(flagged.contains(anomaly), "flagged: \(flagged.prefix(5))")
        #expect(tolerant.events.count == 1)
    }

    @Test func aFlaggedRowReachesTheSeasonalPredictorsOwnMemory() throws {
        // Through the protocol (as the detector holds it), not only on the concrete type.
        var p: any OneStepPredictor = SeasonalDifferencePredictor(period: 4)
        for v in [1.0, 2, 3, 4, 1, 2, 3, 4] { p.observe(v) }
        p.observeFlagged(50, expected: 1, at: 0)
        for v in [2.0, 3, 4] { p.observe(v) }
        #expect(abs(try #require(p.forecast(steps: 1)).expected - 1) < 1e-12, "the spike is not replayed one season later")
    }

    @Test func settingsRejectShiftsOutOfRange() {
        var settings = DetectorSettings()
        settings.seasonalShifts = SeasonalDifferencePredictor.maximumShift + 1
        #expect(throws: DetectorSettingsError.self) { try settings.validate() }
        settings.seasonalShifts = -1
        #expect(throws: DetectorSettingsError.self) { try settings.validate() }
    }
}
