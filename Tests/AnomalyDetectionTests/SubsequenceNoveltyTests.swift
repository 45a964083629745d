import Foundation
import Testing
@testable import AnomalyDetection
import _TestSupport

@Suite struct SubsequenceNoveltyTests {
    /// A sine of period 40 (amplitude 1) with noise of 0.05, 5 minutes apart.
    func wave(_ count: Int, seed: UInt64 = 3) -> (timestamps: [Int64], values: [Double]) {
        var random = TestRandom(state: seed)
        let values = (0..<count).map { sin(2 * .pi * Double($0) / 40) + 0.05 * random.normal() }
        return ((0..<count).map { Int64($0) * 300_000 }, values)
    }

    @Test func repeatedPatternIsNearAndANewShapeIsFar() {
        var novelty = SubsequenceNovelty(length: 32, segments: 8, history: 500, margin: 1)
        let (_, v) = wave(400)
        for x in v { novelty.update(x) }
        // The wave has repeated nine times: its nearest earlier stretch differs by about the
        // noise (block means of 4 values: 0.05/√4 ≈ 0.025), far below the amplitude.
        let repeated = try? #require(novelty.nearestDistance)
        #expect((repeated ?? 1) < 0.1)
        // 32 rows held at 0 (the wave flattened): every block mean differs from the sine's.
        for _ in 0..<32 { novelty.update(0) }
        let flat = try? #require(novelty.nearestDistance)
        #expect((flat ?? 0) > 0.4)
        #expect(novelty.score == nil, "no score before calibration")
    }

    @Test func constantCalibrationGivesNoScore() {
        var novelty = SubsequenceNovelty(length: 8, segments: 4, history: 100, margin: 1.3)
        for _ in 0..<50 { novelty.update(5) }
        novelty.startCalibration()
        for _ in 0..<50 { novelty.update(5) }
        novelty.finishCalibration()
        novelty.update(9)
        #expect(novelty.nearestDistance ?? 0 > 0)
        #expect(novelty.score == nil, "a calibration maximum of 0 cannot scale a score")
    }

    func run(_ values: [Double], _ timestamps: [Int64], shapeLength: Int) throws -> DetectionRun {
        var settings = DetectorSettings()
        settings.learningSpan = 400
        settings.shapeLength = shapeLength
        return try SeriesDetection.run(timestamps: timestamps, values: values,
                                       predictor: NaivePredictor(), settings: settings)
    }

    @Test func flagsAFlattenedCycleThatTheResidualScorerMisses() throws {
        // Two cycles flattened to the mean: each step is smaller than the wave's own steps
        // (≤ 2π/40 ≈ 0.16), so one-step residuals look normal; the shape never occurred before.
        var (t, v) = wave(2000)
        for i in 1400..<1480 { v[i] = 0.05 * sin(Double(i)) }
        let without = try run(v, t, shapeLength: 0)
        #expect(!without.points[1400..<1500].contains { $0.isAnomaly }, "premise: residual channels miss it")
        let with = try run(v, t, shapeLength: 32)
        let first = with.points[1400..<1500].first { $0.isAnomaly }
        #expect(first != nil, "the shape channel flags the flattened stretch")
        #expect(!with.points[400..<1400].contains { $0.isAnomaly }, "and nothing while the wave repeats")
    }

    @Test func staysQuietOnARepeatedPatternAndFlagsANewOne() {
        // The wave with a burst every 9 cycles at the same phase. Calibrated on rows 150..<500
        // as a learning span of 500 would be (after the first burst left the stretches): later bursts repeat the first (row 100), so no
        // score reaches 1; a burst of the same size at another phase is a new shape.
        var (_, v) = wave(3000, seed: 9)
        for start in stride(from: 100, to: 3000, by: 360) { for i in start..<(start + 10) { v[i] += 1.5 } }
        let novel = 2010  // phase 10 of 40; the recurring bursts start at phase 20
        for i in novel..<(novel + 10) { v[i] += 1.5 }
        var shape = SubsequenceNovelty(length: 32, segments: 8, history: 2000, margin: 1.5)
        var highest = 0.0, highestAtNovel = 0.0
        for (i, x) in v.enumerated() {
            if i == 150 { shape.startCalibration() }
            if i == 500 { shape.finishCalibration() }
            shape.update(x)
            guard i >= 500, let s = shape.score else { continue }
            if (novel..<(novel + 42)).contains(i) { highestAtNovel = max(highestAtNovel, s) } else { highest = max(highest, s) }
        }
        #expect(highest < 1, "repeated bursts stay below the calibrated distance")
        #expect(highestAtNovel >= 1, "the burst at a new phase reaches it")
    }

    @Test func theFloorCutsTheAlertsOfATrend() {
        // The wave, then from row 600 a steady climb: every stretch is at a level never seen.
        let (_, v0) = wave(1600, seed: 5)
        let v = v0.enumerated().map { $0.offset < 600 ? $0.element : $0.element + 0.02 * Double($0.offset - 600) }
        func flaggedRows(floorWindow: Int) -> Int {
            var shape = SubsequenceNovelty(length: 32, segments: 8, history: 2000, margin: 1.5, floorWindow: floorWindow)
            var count = 0
            for (i, x) in v.enumerated() {
                if i == 150 { shape.startCalibration() }
                if i == 500 { shape.finishCalibration() }
                shape.update(x)
                if i >= 500, (shape.score ?? 0) >= 1 { count += 1 }
            }
            return count
        }
        let without = flaggedRows(floorWindow: 0), with = flaggedRows(floorWindow: 300)
        #expect(without > 500, "without the floor the climb is new at every row: \(without)")
        // With it, a row is flagged only when its distance is a record for the last 300 rows: the
        // climb's start, then rare noise records (76 here, against 736 with a floor of 0.9 ×).
        #expect(with >= 1 && with < without / 5, "with the floor: \(with) of \(without)")
    }
}
