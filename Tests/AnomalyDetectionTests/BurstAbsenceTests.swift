import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct BurstAbsenceTests {
    /// Noise around 5 (never an exact repeat, so the idle rule cannot fire) with a 3-row burst of
    /// about +60 every 37–61 rows until `quietFrom`, then noise only.
    static func burstyThenQuiet(rows: Int = 1500, quietFrom: Int = 1000, seed: UInt64 = 21) -> [Double] {
        var random = TestRandom(state: seed)
        var values = (0..<rows).map { _ in 5 + 0.3 * random.normal() }
        var next = 40
        while next < quietFrom {
            for d in 0..<3 where next + d < rows { values[next + d] += 60 + 10 * random.normal() }
            next += 37 + Int(abs(random.normal()) * 12)
        }
        return values
    }

    static func run(_ values: [Double], absence: Double) throws -> DetectionRun {
        var settings = DetectorSettings()
        settings.learningSpan = 360
        settings.absenceMargin = absence
        settings.shapeLength = 0   // not what is tested here, and the slowest part in a debug build
        return try SeriesDetection.run(timestamps: (0..<values.count).map { Int64($0) * 300_000 }, values: values,
                                       predictor: NaivePredictor(), settings: settings)
    }

    @Test func aMissingBurstIsFlaggedOnceAndOnlyByTheRule() throws {
        let values = Self.burstyThenQuiet()
        let with = try Self.run(values, absence: 1)
        let without = try Self.run(values, absence: 0)
        let absent = with.points.filter { $0.isAnomaly && $0.channel == .absence }.map(\.index)
        #expect(absent.count == 1, "one row, the first past the longest earlier quiet stretch: \(absent)")
        let row = try #require(absent.first)
        // The last burst starts before row 1000; the longest earlier gap is under 100 rows.
        #expect((1000..<1200).contains(row), "flagged at \(row)")
        #expect(!without.points[1000...].contains { $0.isAnomaly }, "no residual channel sees an absence")
        #expect(with.events.contains { $0.startIndex == row })
    }

    @Test func regularBurstsAreNotAnAbsence() throws {
        let values = Self.burstyThenQuiet(quietFrom: 1500)
        let result = try Self.run(values, absence: 1)
        #expect(!result.points.contains { $0.channel == .absence }, "bursts never stopped")
    }

    @Test func aSeriesWithoutBurstsHasNoAbsence() throws {
        // Noise only: the learning span holds no burst, so the rule never applies.
        var random = TestRandom(state: 4)
        let noise = (0..<1500).map { _ in 5 + random.normal() }
        var rule = BurstAbsence(burstScore: 10, margin: 1, minimumBursts: 3)
        for (i, v) in noise.enumerated() {
            if i == 360 { rule.finishLearning() }
            let fired = rule.update(v - 5)
            #expect(!fired, "row \(i)")
        }
        #expect(rule.learnedBursts == 0)
    }

    @Test func withoutALearningSpanTheRuleIsOff() throws {
        var settings = DetectorSettings()
        settings.shapeLength = 0
        let values = Self.burstyThenQuiet()
        let result = try SeriesDetection.run(timestamps: (0..<values.count).map { Int64($0) * 300_000 }, values: values,
                                             predictor: NaivePredictor(), settings: settings)
        #expect(!result.points.contains { $0.channel == .absence })
        // And the rule itself holds a bounded sample while it learns, however long that lasts.
        var rule = BurstAbsence(burstScore: 10, margin: 1, minimumBursts: 3)
        for i in 0..<(BurstAbsence.maximumLearningResiduals + 500) { _ = rule.update(Double(i % 7)) }
        #expect(rule.heldResiduals == BurstAbsence.maximumLearningResiduals)
    }

    @Test func settingsRejectAMarginBelowOne() {
        var settings = DetectorSettings()
        settings.absenceMargin = 0.5
        #expect(throws: DetectorSettingsError.self) { try settings.validate() }
        settings.absenceMargin = 1
        settings.absenceBurstScore = 0
        #expect(throws: DetectorSettingsError.self) { try settings.validate() }
    }
}
