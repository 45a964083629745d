import Foundation
import Testing
import _TestSupport
@testable import Baselines

/// Holt-Winters against statsmodels' ETSModel (Fixtures/baselines/make_holt_winters_reference.py).
@Suite struct HoltWintersTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            var name: String, period: Int, trend: String, values: [Double]
            var initialLevel: Double, initialTrend: Double, initialSeasonal: [Double]
            var alpha: Double, beta: Double, gamma: Double, phi: Double, sse: Double, logLikelihood: Double
            var forecast: [Double]
        }
        var cases: [Case]
    }

    static func reference() throws -> [Reference.Case] {
        let data = try Data(contentsOf: FixturePaths.fixture("baselines/holt_winters_reference.json"))
        return try JSONDecoder().decode(Reference.self, from: data).cases
    }

    func model(_ c: Reference.Case) -> HoltWintersModel {
        HoltWintersModel(period: c.period, trend: HoltWintersTrend(rawValue: c.trend)!, objective: .likelihood)
    }

    @Test func initialStatesMatchThePythonHeuristic() throws {
        for c in try Self.reference() {
            let s = try HoltWintersInitialStates(history: c.values, period: c.period, trend: model(c).trend,
                                                 model: c.name, minimum: 1)
            // Same arithmetic in another order: 1e-9 relative to values of about 100.
            #expect(abs(s.level - c.initialLevel) < 1e-9, "\(c.name)")
            #expect(abs(s.trend - c.initialTrend) < 1e-9, "\(c.name)")
            for i in 0..<c.period { #expect(abs(s.seasonal[i] - c.initialSeasonal[i]) < 1e-9, "\(c.name) s[\(i)]") }
        }
    }

    @Test func forecastWithStatsmodelsWeightsReproducesItsForecast() throws {
        for c in try Self.reference() {
            let p = HoltWintersParameters(alpha: c.alpha, beta: c.beta, gamma: c.gamma, phi: c.phi, objectiveValue: 0,
                                          meanSquaredError: 0, logLikelihood: 0, evaluations: 0)
            let f = try model(c).forecast(history: c.values, parameters: p, horizon: c.forecast.count, coverage: nil)
            // Same recursions in Double over ≤ 288 steps: agreement to 1e-8 relative.
            for (mine, theirs) in zip(f.point, c.forecast) { #expect(abs(mine - theirs) < 1e-8 * abs(theirs), "\(c.name)") }
        }
    }

    @Test func fitReachesStatsmodelsOptimum() throws {
        for c in try Self.reference() {
            let p = try model(c).fit(history: c.values, warmStart: nil)
            let sse = p.meanSquaredError * Double(c.values.count)
            // Both optimisers stop on a tolerance: our SSE may not exceed theirs by more than 0.1%,
            // and the weights land within 0.02 of theirs (the surface is flat near the optimum).
            #expect(sse <= c.sse * 1.001, "\(c.name): SSE \(sse) vs statsmodels \(c.sse)")
            #expect(abs(p.alpha - c.alpha) < 0.02 && abs(p.beta - c.beta) < 0.02 && abs(p.gamma - c.gamma) < 0.02, "\(c.name) \(p)")
            #expect(abs(p.logLikelihood - c.logLikelihood) < 0.01 * abs(c.logLikelihood), "\(c.name)")
        }
    }

    @Test func bothObjectivesFindTheSameWeights() throws {
        let c = try Self.reference()[0]
        let a = try HoltWintersModel(period: c.period, trend: .damped, objective: .likelihood).fit(history: c.values, warmStart: nil)
        let b = try HoltWintersModel(period: c.period, trend: .damped, objective: .squaredError).fit(history: c.values, warmStart: nil)
        // n·log(SSE/n) is monotone in SSE: same optimum, up to the optimiser's tolerance.
        #expect(abs(a.meanSquaredError - b.meanSquaredError) < 1e-3 * a.meanSquaredError)
    }

    @Test func warmStartReachesTheSameOptimumAndIsCheapNearIt() throws {
        let c = try Self.reference()[0]
        let m = model(c)
        // Six fewer values move this optimum a long way (α 0.02 → 0.12): the warm start must still find it.
        let early = try m.fit(history: Array(c.values.dropLast(6)), warmStart: nil)
        let warm = try m.fit(history: c.values, warmStart: early)
        let cold = try m.fit(history: c.values, warmStart: nil)
        #expect(abs(warm.meanSquaredError - cold.meanSquaredError) < 1e-6 * cold.meanSquaredError)
        // Started at the optimum, the search only has to confirm it.
        let again = try m.fit(history: c.values, warmStart: cold)
        #expect(again.evaluations < cold.evaluations)
    }

    @Test func intervalsWidenWithTheHorizonAndHaveTheirCoverage() throws {
        let c = try Self.reference()[1]
        let f = try model(c).forecast(history: c.values, horizon: 30, coverage: 0.9)
        let widths = zip(f.upper!, f.lower!).map { $0 - $1 }
        #expect(zip(widths, widths.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 })   // non-decreasing variance factor
        #expect(f.coverage == 0.9)
    }

    @Test func tooShortHistoryIsATypedError() {
        #expect(throws: BaselineError.historyTooShort(model: "Holt-Winters (damped, m=12)", needed: 24, received: 20)) {
            try HoltWintersModel(period: 12).fit(history: (0..<20).map(Double.init), warmStart: nil)
        }
    }

    @Test func nonSeasonalHoltTracksALine() throws {
        let y = (0..<60).map { 5 + 2 * Double($0) }
        let f = try HoltWintersModel(period: 1, trend: .additive).forecast(history: y, horizon: 3)
        // An exact line is fitted with zero error by the start alone: forecasts continue it.
        for h in 0..<3 { #expect(abs(f.point[h] - (5 + 2 * Double(60 + h))) < 1e-6) }
    }
}
