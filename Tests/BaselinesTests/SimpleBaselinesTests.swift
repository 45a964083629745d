import Foundation
import Testing
import TimeFrames
@testable import Baselines

/// The naive family on small hand-worked series (tolerance 1e-12: a few exact operations).
@Suite struct SimpleBaselinesTests {
    let history: [Double] = [1, 2, 3, 10, 11, 12, 20, 21]   // period 3 pattern plus a step

    @Test func naiveRepeatsTheLastValue() throws {
        let f = try NaiveModel().forecast(history: history, horizon: 3)
        #expect(f.point == [21, 21, 21])
        #expect(f.lower == nil)
    }

    @Test func seasonalNaiveRepeatsTheLastCycle() throws {
        let f = try SeasonalNaiveModel(period: 3).forecast(history: history, horizon: 5)
        #expect(f.point == [12, 20, 21, 12, 20])   // last cycle is 12, 20, 21
    }

    @Test func seasonalNaiveFillsAGapFromTheCycleBefore() throws {
        let gappy: [Double] = [1, 2, 3, 4, .nan, 6]
        #expect(try SeasonalNaiveModel(period: 3).forecast(history: gappy, horizon: 3).point == [4, 2, 6])
    }

    @Test func driftExtendsTheFirstToLastLine() throws {
        // slope (21 − 1)/7 = 20/7
        let f = try DriftModel().forecast(history: history, horizon: 2)
        #expect(abs(f.point[0] - (21 + 20.0 / 7)) < 1e-12)
        #expect(abs(f.point[1] - (21 + 40.0 / 7)) < 1e-12)
    }

    @Test func movingAverageIsTheMeanOfTheLastWindow() throws {
        let f = try MovingAverageModel(window: 4).forecast(history: history, horizon: 2)
        #expect(abs(f.point[0] - 16) < 1e-12)   // (11+12+20+21)/4 = 64/4
        #expect(f.point[1] == f.point[0])
    }

    @Test func intervalsWidenAsTheMethodSays() throws {
        let f = try NaiveModel().forecast(history: history, horizon: 4, coverage: 0.9)
        let width = zip(f.upper!, f.lower!).map { $0 - $1 }
        // σ_h = σ √h → width ratio √4 / √1 = 2; relative 1e-12 for the square roots.
        #expect(abs(width[3] / width[0] - 2) < 1e-12)
        // One-step changes: 1,1,7,1,1,8,1 → σ = √(Σd²/7) = √(118/7); z(0.95) = 1.6448536…
        let expected = 2 * 1.6448536269514722 * (118.0 / 7).squareRoot()
        #expect(abs(width[0] - expected) < 1e-9)   // z is accurate to ~1e-14; 1e-9 leaves room
        let s = try SeasonalNaiveModel(period: 3).forecast(history: history, horizon: 6, coverage: 0.8)
        // σ_h = σ √(⌊(h−1)/m⌋ + 1): steps 1–3 share a width, steps 4–6 are √2 wider.
        let w = zip(s.upper!, s.lower!).map { $0 - $1 }
        #expect(abs(w[0] - w[2]) < 1e-12)
        #expect(abs(w[3] / w[0] - 2.0.squareRoot()) < 1e-12)
    }

    @Test func badInputIsATypedError() {
        #expect(throws: BaselineError.historyTooShort(model: "seasonal naive (m=24)", needed: 24, received: 8)) {
            try SeasonalNaiveModel(period: 24).forecast(history: history, horizon: 1)
        }
        #expect(throws: BaselineError.self) { try DriftModel().forecast(history: [5], horizon: 1) }
        #expect(throws: BaselineError.self) { try NaiveModel().forecast(history: history, horizon: 0) }
        #expect(throws: BaselineError.self) { try NaiveModel().forecast(history: history, horizon: 1, coverage: 1.2) }
        #expect(throws: BaselineError.self) { try MovingAverageModel(window: 0).forecast(history: history, horizon: 1) }
    }
}
