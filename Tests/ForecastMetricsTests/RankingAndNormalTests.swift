import Testing
@testable import ForecastMetrics

@Suite struct RankingAndNormalTests {
    private func summary(_ ys: [Double], _ ps: [Double], halfWidth: Double) throws -> MetricSummary {
        try PointMetrics.summary(actual: ys, predicted: ps, lower: ps.map { $0 - halfWidth },
                                 upper: ps.map { $0 + halfWidth }, coverage: 0.5)
    }

    @Test func ranksLowerIsBetterTiesShareAndCoverageByDistanceToNominal() throws {
        let ys: [Double] = [1, 2, 3, 4]
        let good = try summary(ys, [1, 2, 3, 5], halfWidth: 0.5)     // MAE .25, covers 3/4
        let bad = try summary(ys, [2, 3, 4, 5], halfWidth: 10)       // MAE 1, covers 4/4
        let tie = try summary(ys, [1, 2, 3, 5], halfWidth: 0.5)
        let r = MetricRanking([bad, good, tie])
        #expect(r.ranks[.mae] == [3, 1, 1])
        #expect(r.best(for: .mae) == [1, 2])
        // nominal 0.5: |0.75 − 0.5| = .25 beats |1 − 0.5| = .5
        #expect(r.ranks[.coverage] == [3, 1, 1])
        // bias ranks by magnitude: bad has bias +1, good/tie +0.25
        #expect(r.ranks[.bias] == [3, 1, 1])
        #expect(r.ranks[.meanWidth] == [nil, nil, nil])
        // float32 rounding of the same forecast is a tie; a difference of 1e-5 is not.
        #expect(MetricRanking.ties(0.97327884, 0.97327879) && !MetricRanking.ties(1, 1.00001))
    }

    @Test func normalQuantileInvertsCdf() {
        // Known values to 1e-9 (tables give 10 digits).
        #expect(abs(StandardNormal.quantile(0.975) - 1.959963984540054) < 1e-9)
        #expect(abs(StandardNormal.quantile(0.95) - 1.6448536269514722) < 1e-9)
        #expect(abs(StandardNormal.quantile(0.5)) < 1e-12)
        for p in [1e-10, 0.001, 0.02, 0.3, 0.7, 0.98, 0.999] {
            #expect(abs(StandardNormal.cdf(StandardNormal.quantile(p)) - p) < 1e-12 * max(1, p / 1e-3))
        }
        #expect(StandardNormal.quantile(1.5).isNaN)
    }
}
