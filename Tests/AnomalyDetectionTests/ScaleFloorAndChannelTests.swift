import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

/// Short and exactly predictable series (no residual spread), and the channel each flag names.
@Suite struct ScaleFloorAndChannelTests {
    /// The review's series: 60 daily rows of a weekly sawtooth rising slowly, no noise
    /// (row i: 10 + 0.7·(i div 7) + 1.1·(i mod 7), rounded to 2 decimals as in the CSV).
    static func sawtooth(_ count: Int = 60) -> [Double] {
        (0..<count).map { i -> Double in
            let week = Double(i / 7), day = Double(i % 7)
            let exact: Double = 10 + 0.7 * week + 1.1 * day
            return (exact * 100).rounded() / 100
        }
    }

    /// Detection as `forecast detect FILE` runs it: learning span 15 % of the rows, auto predictor.
    static func detect(_ values: [Double], configure: (inout DetectorSettings) -> Void = { _ in }) throws -> DetectionRun {
        var settings = DetectorSettings()
        settings.learningSpan = Int(0.15 * Double(values.count))
        configure(&settings)
        let predictor = PredictorChoice.auto.makePredictor(training: Array(values.prefix(settings.learningSpan)))
        return try SeriesDetection.run(timestamps: values.indices.map { Int64($0) * 86_400_000 }, values: values,
                                       predictor: predictor, settings: settings)
    }

    @Test(arguments: [500.0, 1e12])
    func aSpikeInACleanShortSeriesIsFlagged(spike: Double) throws {
        var v = Self.sawtooth()
        v[30] = spike
        for scorer in [ScorerKind.multiScale, .robustZ] {
            let run = try Self.detect(v) { $0.scorer = scorer }
            let p = run.points[30]
            #expect(p.isAnomaly, "\(scorer): \(p)")
            #expect(p.score.map { $0.isFinite } == true, "a finite score: \(String(describing: p.score))")
            #expect(p.channel == .residual)
            #expect(run.events.first?.startIndex == 30, "\(scorer): \(run.events.map(\.startIndex))")
        }
    }

    @Test func theCleanSeriesAloneFlagsNothing() throws {
        let run = try Self.detect(Self.sawtooth())
        #expect(run.events.isEmpty, "\(run.events.map(\.startIndex))")
    }

    @Test func aDepartureFromAConstantSeriesScoresOneOverTheFloorShare() throws {
        // An error count at exactly 0 for 200 rows, then 3: no residual or value spread at all.
        var v = [Double](repeating: 0, count: 240)
        v[200] = 3
        let run = try Self.detect(v) { $0.learningSpan = 100 }
        let p = run.points[200]
        #expect(p.isAnomaly)
        // The scale floor is 1e-3 × |residual| here, so the score is 1000 (tolerance: the
        // residual channel's centre and the multiscale calibration factor of 1, exact in floats).
        let score = try #require(p.score)
        #expect(abs(score - 1000) < 1e-6, "\(score)")
        let band = try #require(p.upper)
        #expect(band > 1e-9, "the band is not the 1e-9 absolute floor: \(band)")
    }

    @Test func aSpikeOnALevelSeriesScoresAgainstAShareOfItsLevel() throws {
        // A constant level of 100 (MAD 0, median 100): the floor is 0.1, so 100 → 150 scores 500.
        var v = [Double](repeating: 100, count: 240)
        v[200] = 150
        let run = try Self.detect(v) { $0.learningSpan = 100 }
        let score = try #require(run.points[200].score)
        #expect(abs(score - 500) < 1e-6, "\(score)")
    }

    @Test func everyFlagNamesItsChannel() throws {
        var random = TestRandom(state: 3)
        var v = (0..<1500).map { _ in 50 + random.normal() }
        v[600] += 30                                   // a spike: the residual channel
        for i in 900..<960 { v[i] += 6 * random.normal() }   // a burst of noise
        for i in 1300..<1340 { v[i] = 0 }              // an outage
        let run = try Self.detect(v) { $0.learningSpan = 300 }
        #expect(run.points[600].channel == .residual)
        let flagged = run.points.filter(\.isAnomaly)
        #expect(flagged.allSatisfy { $0.channel != nil }, "every flagged point says why")
        let outage = run.points[1300..<1340].filter(\.isAnomaly)
        #expect(!outage.isEmpty)
        let rule = outage.filter { $0.channel == .dropToZero }
        #expect(rule.allSatisfy { ($0.score ?? 0) > 0 }, "a rule's flag has the matching score, not 0")
        let event = try #require(run.events.first { $0.startIndex >= 1300 })
        #expect(event.peak.channel != nil)
    }

    @Test func recordsEndWithTheChannel() throws {
        let point = ScoredPoint(index: 3, timestamp: 0, value: 19, expected: 19, lower: 10, upper: 28, score: 6,
                                exceedance: 6 / 4.5, isAnomaly: true, channel: .volatility)
        let csv = AnomalyRecordFormatter(format: .csv, events: false)
        #expect(csv.header == "timestamp,series,value,expected,lower,upper,score,severity,channel")
        #expect(csv.line(point: point, series: "s").hasSuffix(",low,volatility"))
        let logfmt = AnomalyRecordFormatter(format: .logfmt, events: true)
        let event = AnomalyEvent(startIndex: 3, endIndex: 3, start: 0, end: 0, peak: point, anomalousPoints: 1)
        #expect(logfmt.line(event: event, series: "s").hasSuffix("severity=low points=1 channel=volatility"))
        let json = AnomalyRecordFormatter(format: .jsonl, events: false).line(point: point, series: "s")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["channel"] as? String == "volatility")
    }

    @Test func anEventHeldOnlyByTheReleaseLevelClosesAfterTheHold() {
        func point(_ i: Int, _ e: Double) -> ScoredPoint {
            ScoredPoint(index: i, timestamp: Int64(i), value: 1, expected: 0, lower: nil, upper: nil, score: e,
                        exceedance: e, isAnomaly: e >= 1)
        }
        // A flag, 30 rows hovering at 0.7 (above the release level, never flagged), a flag again.
        let exceedances = [1.5] + Array(repeating: 0.7, count: 30) + [1.2] + Array(repeating: 0.1, count: 10)
        func starts(hold: Int) -> [Int] {
            var b = EventBuilder(releaseRatio: 0.5, maximumGap: 5, maximumUnflagged: hold)
            var out: [Int] = []
            for (i, e) in exceedances.enumerated() { if let event = b.add(point(i, e)) { out.append(event.startIndex) } }
            if let last = b.finish() { out.append(last.startIndex) }
            return out
        }
        #expect(starts(hold: 0) == [0], "without a hold the release level keeps one event")
        #expect(starts(hold: 20) == [0, 31], "20 unflagged rows close it; the later flag is a new alert")
        #expect(starts(hold: 40) == [0])
    }
}
