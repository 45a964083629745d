import CSVIngest
import Foundation
import Testing
@testable import AnomalyDetection

@Suite struct NABScoringTests {
    /// NAB's scaled sigmoid written out independently: 2·sigmoid(−5x) − 1.
    func sigma(_ x: Double) -> Double { x > 3 ? -1 : 2 * (1 / (1 + exp(5 * x))) - 1 }

    @Test func probationaryLengthFollowsNAB() {
        #expect(NABScoring.probationaryLength(rows: 4032) == 604)
        #expect(NABScoring.probationaryLength(rows: 2380) == 357)
        #expect(NABScoring.probationaryLength(rows: 10000) == 750)
    }

    @Test func scoresTruePositivesFalsePositivesAndMisses() {
        // 200 rows: probation 30. Windows [50, 59] and [120, 139].
        let windows = [50...59, 120...139]
        var d = [Bool](repeating: false, count: 200)
        d[10] = true   // in the probationary period: ignored
        d[40] = true   // before any window: −fpWeight
        d[55] = true   // first detection in window 1
        d[58] = true   // later detection in the same window: no extra credit
        d[70] = true   // after window 1: fpWeight · σ(11 / 9)
        let standard = NABScoring.score(detections: d, windows: windows, profile: .standard)
        let maxTP = sigma(-1)
        let expected = sigma(-5.0 / 10) / maxTP - 0.11 + 0.11 * sigma(11.0 / 9) - 1 // window 2 missed
        // Same formula evaluated in a different order: rounding only.
        #expect(abs(standard.raw - expected) < 1e-12)
        #expect(standard.windows == 2 && standard.detectedWindows == 1 && standard.falsePositives == 2)
        let lowFN = NABScoring.score(detections: d, windows: windows, profile: .rewardLowFN)
        #expect(abs(lowFN.raw - (expected - 1)) < 1e-12)
    }

    @Test func earliestDetectionEarnsTheFullWeight() {
        var d = [Bool](repeating: false, count: 200)
        d[120] = true
        let s = NABScoring.score(detections: d, windows: [120...139], profile: .standard)
        #expect(abs(s.raw - 1) < 1e-12)
        #expect(NABScoring.score(detections: [Bool](repeating: false, count: 200), windows: [120...139], profile: .standard).raw == -1)
    }

    @Test func windowsInsideTheProbationaryPeriodAreNotScored() {
        let s = NABScoring.score(detections: [Bool](repeating: false, count: 200), windows: [5...20], profile: .standard)
        #expect(s.windows == 0 && s.raw == 0)
    }

    @Test func normalisationMapsNullToZeroAndPerfectToHundred() {
        #expect(NABScoring.normalized(raw: -3, null: -3, perfect: 3) == 0)
        #expect(NABScoring.normalized(raw: 3, null: -3, perfect: 3) == 100)
    }

    @Test func eventMetrics() {
        var d = [Bool](repeating: false, count: 200)
        d[55] = true; d[56] = true; d[100] = true
        let m = EventLevelMetrics(detections: d, windows: [50...59, 120...139])
        #expect(m.alerts == 3 && m.truePositiveAlerts == 2 && m.detectedWindows == 1 && m.windows == 2)
        #expect(abs(m.f1 - 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5)) < 1e-12)
    }

    @Test func readsLabelWindowsAndTimestamps() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nab-windows-\(UUID().uuidString).json")
        try #"{"realTraffic/a.csv": [["2015-09-11 15:34:00.000000", "2015-09-11 17:54:00.000000"]], "b.csv": []}"#
            .write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let labels = try NABLabelWindows(contentsOf: url)
        let w = try #require(labels.windows(for: "a.csv")?.first)
        #expect(w.start == ISO8601Timestamp.parse("2015-09-11 15:34:00"))
        #expect(w.end - w.start == 140 * 60_000)
        #expect(labels.windows(for: "b.csv") == [])
        #expect(ISO8601Timestamp.parse("2015-02-30 00:00:00") == nil)
        try "[1, 2]".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: NABError.self) { try NABLabelWindows(contentsOf: url) }
    }
}
