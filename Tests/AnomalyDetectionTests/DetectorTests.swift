import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct DetectorTests {
    /// A noisy daily-ish series of `count` rows, 5 minutes apart.
    func series(_ count: Int, seed: UInt64 = 1) -> (timestamps: [Int64], values: [Double]) {
        var random = TestRandom(state: seed)
        let values = (0..<count).map { 50 + 5 * sin(2 * .pi * Double($0) / 96) + random.normal() }
        return ((0..<count).map { Int64($0) * 300_000 }, values)
    }

    func run(_ values: [Double], _ timestamps: [Int64], predictor: PredictorChoice = .naive,
             configure: (inout DetectorSettings) -> Void = { _ in }) throws -> DetectionRun {
        var settings = DetectorSettings()
        settings.learningSpan = 300
        configure(&settings)
        return try SeriesDetection.run(timestamps: timestamps, values: values,
                                       predictor: predictor.makePredictor(training: Array(values.prefix(300))), settings: settings)
    }

    @Test func flagsASpikeAndNothingElse() throws {
        var (t, v) = series(1500)
        v[900] += 40
        let result = try run(v, t)
        #expect(result.events.count == 1)
        let event = try #require(result.events.first)
        #expect(event.startIndex == 900)
        #expect(event.peak.index == 900)
        #expect(event.severity == .high)
        #expect(result.points[900].isAnomaly)
        #expect(result.points[900].expected != nil)
    }

    @Test func levelShiftIsFlaggedOnceThenBecomesNormal() throws {
        var (t, v) = series(2000)
        for i in 1000..<2000 { v[i] += 30 }
        let result = try run(v, t)
        let event = try #require(result.events.first)
        #expect(event.startIndex == 1000)
        #expect(result.events.count == 1, "the new level stops alerting: \(result.events.map(\.startIndex))")
        #expect(!result.points[1500...].contains { $0.isAnomaly })
    }

    @Test func dropToZeroIsFlagged() throws {
        var (t, v) = series(1500)
        for i in 1200..<1260 { v[i] = 0 }
        let result = try run(v, t)
        #expect(result.events.first?.startIndex == 1200)
    }

    @Test func aCountThatStopsIsFlaggedEvenWhenNoiseIsAsLargeAsTheDrop() throws {
        // Counts around 8 with Poisson-sized noise (±3), a burst to 30 at 500..<520 (raises the
        // scorer's novelty floor), then 20 rows of zero at 900.
        var random = TestRandom(state: 7)
        var v = (0..<1200).map { _ in max(0, (8 + 3 * random.normal()).rounded()) }
        for i in 500..<520 { v[i] = 30 }
        for i in 900..<920 { v[i] = 0 }
        let t = (0..<1200).map { Int64($0) * 60_000 }
        let result = try run(v, t, predictor: .median(5))
        let outage = try #require(result.events.first { $0.startIndex >= 880 && $0.startIndex < 940 })
        // The level before is about 8: two zeros give 2 × 8 ≥ 14.
        #expect(outage.startIndex == 901)
        // The shape channel (a stretch of 48 values holding the zeros is new until they leave it)
        // may keep the event open past the outage, by less than one stretch.
        #expect(outage.endIndex >= 919 && outage.endIndex < 919 + 48, "\(outage.endIndex)")
        #expect(outage.severity == .medium || outage.severity == .high)
        let residualOnly = try run(v, t, predictor: .median(5)) { $0.shapeLength = 0 }
        #expect(residualOnly.events.first { $0.startIndex == 901 }.map { $0.endIndex == 919 && $0.severity == .medium } == true)
        let off = try run(v, t, predictor: .median(5)) { $0.zeroDropEvidence = 0; $0.shapeLength = 0 }
        #expect(!off.points[901...919].contains { $0.isAnomaly && $0.exceedance < 1 })
    }

    @Test func missingValuesAreSkippedUnlessAsked() throws {
        var (t, v) = series(1200)
        for i in 700..<720 { v[i] = .nan }
        let quiet = try run(v, t)
        #expect(quiet.events.isEmpty)
        #expect(quiet.points[705].isMissing && !quiet.points[705].isAnomaly)
        let flagged = try run(v, t) { $0.flagMissing = true }
        #expect(flagged.events.count == 1)
        #expect(flagged.events.first?.startIndex == 700)
        #expect(flagged.events.first?.anomalousPoints == 20)
    }

    @Test func learningSpanIsNeverFlagged() throws {
        var (t, v) = series(1000)
        v[100] += 100
        let result = try run(v, t)
        #expect(!result.points[..<300].contains { $0.isAnomaly })
    }

    @Test func contaminationSetsTheThresholdFromTheLearningSpan() throws {
        let (t, v) = series(3000, seed: 9)
        let result = try run(v, t) { s in
            s.scorer = .robustZ
            s.noveltyMargin = 0
            s.learningSpan = 1500
            s.contamination = 0.05
            s.eventGap = 0
            s.releaseRatio = 1
        }
        // Same process after the learning span: the flagged share should be near 5 %; ±3 points
        // allows for the sampling error of 1500 draws and the rolling window's drift.
        let share = Double(result.points[1500...].filter(\.isAnomaly).count) / 1500
        #expect(abs(share - 0.05) < 0.03, "share \(share)")
    }

    @Test func everyScorerFlagsAnObviousSpike() throws {
        var (t, v) = series(1500)
        v[1000] += 60
        for kind in ScorerKind.allCases {
            let result = try run(v, t) { $0.scorer = kind; $0.noveltyMargin = 0 }
            #expect(result.events.contains { $0.startIndex == 1000 }, "\(kind)")
            #expect(result.points[1000].score != nil)
            let p = result.points[1000]
            #expect(p.lower! < p.expected! && p.expected! < p.upper!, "\(kind)")
        }
    }

    @Test func horizonTwoUsesForecastsFromTwoStepsBack() throws {
        let t = (0..<10).map { Int64($0) }
        let v = (0..<10).map { Double($0 * $0) }
        let result = try run(v, t) { $0.horizon = 2; $0.learningSpan = 0 }
        // Naive forecast two steps ahead of row i − 2 is v[i − 2].
        #expect(result.points[5].expected == 9)
        #expect(result.points[1].expected == nil)
    }

    @Test func rejectsInvalidSettings() {
        var s = DetectorSettings()
        s.contamination = 0.7
        s.learningSpan = 10
        #expect(throws: DetectorSettingsError.self) { try s.validate() }
        s = DetectorSettings()
        s.scorer = .conformal
        s.threshold = 3
        #expect(throws: DetectorSettingsError.self) { try s.validate() }
    }
}

@Suite struct EventBuilderTests {
    func point(_ i: Int, _ exceedance: Double) -> ScoredPoint {
        ScoredPoint(index: i, timestamp: Int64(i), value: 1, expected: 0, lower: nil, upper: nil, score: exceedance,
                    exceedance: exceedance, isAnomaly: exceedance >= 1)
    }

    @Test func hysteresisKeepsOneIncidentTogether() {
        var b = EventBuilder(releaseRatio: 0.5, maximumGap: 2)
        var closed: [AnomalyEvent] = []
        // Flag, hover between release and threshold, flag again, then quiet.
        for (i, e) in [0.1, 1.5, 0.7, 0.6, 0.8, 3.0, 0.2, 0.1, 0.1, 1.2, 0.1, 0.1, 0.1].enumerated() {
            if let event = b.add(point(i, e)) { closed.append(event) }
        }
        #expect(closed.count == 2)
        #expect(closed[0].startIndex == 1 && closed[0].endIndex == 5 && closed[0].peak.index == 5)
        #expect(closed[0].anomalousPoints == 2 && closed[0].severity == .medium)
        #expect(closed[1].startIndex == 9)
        #expect(b.finish() == nil)
    }

    @Test func escalationSplitsAnEventAtAFarLargerIncident() {
        var b = EventBuilder(releaseRatio: 0.5, maximumGap: 5, escalation: 3)
        var closed: [AnomalyEvent] = []
        // A low-grade event (peak 1.2) hovering above release, then a point 4× its peak.
        for (i, e) in [1.2, 0.8, 1.1, 0.9, 4.8, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1].enumerated() {
            if let event = b.add(point(i, e)) { closed.append(event) }
        }
        #expect(closed.map(\.startIndex) == [0, 4])
        #expect(closed[0].endIndex == 2 && closed[1].peak.index == 4)
        // Without escalation it is one event.
        var plain = EventBuilder(releaseRatio: 0.5, maximumGap: 5)
        var count = 0
        for (i, e) in [1.2, 0.8, 1.1, 0.9, 4.8, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1].enumerated() where plain.add(point(i, e)) != nil { count += 1 }
        #expect(count == 1)
    }
}
