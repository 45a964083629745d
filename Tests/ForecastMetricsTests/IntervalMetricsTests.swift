import Testing
@testable import ForecastMetrics

/// Interval metrics on hand-worked cases (tolerance 1e-12: a few exact decimal operations).
@Suite struct IntervalMetricsTests {
    @Test func coverageWidthWinklerPinball() throws {
        // 80% intervals (α = 0.2): y inside, below by 1, above by 2.
        let s = try PointMetrics.summary(actual: [5, 0, 12], predicted: [5, 2, 9],
                                         lower: [4, 1, 8], upper: [6, 3, 10], coverage: 0.8)
        #expect(s.nominalCoverage == 0.8)
        #expect(abs(s.coverage! - 1.0 / 3) < 1e-12)
        #expect(abs(s.meanWidth! - 2) < 1e-12)
        // Winkler: 2; 2 + (2/0.2)·1 = 12; 2 + 10·2 = 22 → mean 12
        #expect(abs(s.winkler! - 12) < 1e-12)
        // pinball: case 1: ρ.1(1) = .1, ρ.9(−1) = .1 → .1
        //          case 2: ρ.1(−1) = .9, ρ.9(−3) = .3 → .6
        //          case 3: ρ.1(4) = .4, ρ.9(2) = 1.8 → 1.1   mean = 1.8/3 = 0.6
        #expect(abs(s.pinball! - 0.6) < 1e-12)
    }

    @Test func winklerIsTwoOverAlphaTimesPinballSum() {
        // Identity: Winkler = (2/α)·[ρ_{α/2}(y − l) + ρ_{1−α/2}(y − u)], for any y.
        for y in stride(from: -3.0, through: 7.0, by: 0.5) {
            let w = IntervalScores.winkler(actual: y, lower: 0, upper: 4, alpha: 0.1)
            let p = IntervalScores.pinball(actual: y, quantile: 0, level: 0.05)
                + IntervalScores.pinball(actual: y, quantile: 4, level: 0.95)
            #expect(abs(w - 2 / 0.1 * p) < 1e-9)   // 1e-9: products of 20 × values up to 7
        }
    }

    @Test func noIntervalsMeansNilIntervalMetrics() throws {
        let s = try PointMetrics.summary(actual: [1, 2], predicted: [1, 3])
        #expect(s.coverage == nil && s.winkler == nil && s.pinball == nil && s.meanWidth == nil)
    }

    @Test func mergingPartsEqualsOneAccumulator() {
        var whole = MetricAccumulator(), a = MetricAccumulator(), b = MetricAccumulator()
        let ys: [Double] = [3, 0, 5, 7, 2, 9], ps: [Double] = [2, 1, 5, 4, 2, 11]
        for i in ys.indices {
            let iv = (lower: ps[i] - 1, upper: ps[i] + 1, coverage: 0.9)
            whole.add(actual: ys[i], predicted: ps[i], scale: 2, interval: iv)
            if i < 3 { a.add(actual: ys[i], predicted: ps[i], scale: 2, interval: iv) }
            else { b.add(actual: ys[i], predicted: ps[i], scale: 2, interval: iv) }
        }
        a.merge(b)
        // Merging regroups the additions ((x1+x2+x3)+(x4+x5+x6) vs one running sum), so values
        // may differ in the last bit: counts exactly, values to 1e-12 relative.
        let m = a.summary, w = whole.summary
        #expect(m.count == w.count && m.mapeSkippedZeros == w.mapeSkippedZeros && m.coverage == w.coverage)
        for metric in Metric.allCases {
            let x = m.value(of: metric)!, y = w.value(of: metric)!
            #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "\(metric)")
        }
        #expect(abs(whole.summary.mase! - whole.summary.mae! / 2) < 1e-12)
    }

    @Test func mismatchedNominalLevelsAreNotPooled() {
        var acc = MetricAccumulator()
        acc.add(actual: 1, predicted: 1, interval: (0, 2, 0.8))
        acc.add(actual: 5, predicted: 1, interval: (0, 2, 0.95))
        #expect(acc.summary.coverage == 1)          // only the 80% interval counted
        #expect(acc.summary.count == 2)             // point metrics still use both pairs
    }
}
