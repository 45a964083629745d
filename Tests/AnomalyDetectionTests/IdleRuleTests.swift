import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct IdleRuleTests {
    func run(_ values: [Double], idle: Int = 10) throws -> DetectionRun {
        var settings = DetectorSettings()
        settings.learningSpan = 300
        settings.idleRunMinimum = idle
        return try SeriesDetection.run(timestamps: (0..<values.count).map { Int64($0) * 300_000 }, values: values,
                                       predictor: NaivePredictor(), settings: settings)
    }

    /// Idle at 0 with a 3-row burst every 30 rows (idle runs of 27 rows), then idle from row 900 on.
    func burstyThenSilent() -> [Double] {
        let burst: [Double] = [400, 900, 300]
        var values = [Double](repeating: 0, count: 1300)
        for i in 0..<900 where i % 30 < 3 { values[i] = burst[i % 30] }
        return values
    }

    @Test func anIdleSpellLongerThanEverIsFlagged() throws {
        // The last burst ends at row 872; the zeros from 873 are a run longer than 27 at row 900 (its 28th row).
        let result = try run(burstyThenSilent())
        let flagged = result.points.filter(\.isAnomaly).map(\.index)
        #expect(flagged.contains(900), "first row past the longest earlier idle run (27): \(flagged.prefix(5))")
        #expect(!flagged.contains { (300..<900).contains($0) }, "regular bursts and idle spells are normal")
        let event = try #require(result.events.last)
        #expect(event.startIndex == 900)
        #expect(event.severity == .medium)
    }

    @Test func theRuleIsWhatFlagsIt() throws {
        let result = try run(burstyThenSilent(), idle: 0)
        #expect(!result.points[900...].contains { $0.isAnomaly }, "no channel sees an absence")
    }

    @Test func aSeriesThatNeverMovedOrNeverRepeatsIsNotIdle() throws {
        // A flat line has no ended idle run to compare with; a continuous metric no run of 2 rows.
        #expect(try run(Array(repeating: 5, count: 1200)).events.isEmpty)
        var random = TestRandom(state: 9)
        let noisy = (0..<1200).map { _ in 50 + random.normal() }
        #expect(!(try run(noisy)).points.contains { $0.isAnomaly && $0.exceedance == 2 })
    }

    @Test func settingsRejectANegativeMinimum() {
        var settings = DetectorSettings()
        settings.idleRunMinimum = -1
        #expect(throws: DetectorSettingsError.self) { try settings.validate() }
    }
}
